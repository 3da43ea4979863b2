package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.testkit.opcua.SiteServer;
import io.minetwin.testkit.opcua.SiteServer.Var;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browsing a whole address space against a server with tight limits: 2 nodes per Browse, one continuation point
 * per session, one reference per node and request. Nothing is lost, no request exceeds the limit, and each
 * variable comes with its data type, unit and range.
 */
class AddressSpaceScanIT {

    @TempDir
    Path pki;

    @Test
    void everyVariableIsFoundWithinTheServersLimitsWithUnitAndRange() throws Exception {
        var vars = new ArrayList<Var>();
        for (int m = 1; m <= 3; m++) {
            for (String component : List.of("HoistMotor", "SwingMotor")) {
                vars.add(Var.analog("Shovel-0" + m + "/" + component + "/Temperature", "FAH", "°F", 32, 392, 150.0));
                vars.add(Var.analog("Shovel-0" + m + "/" + component + "/Current", "AMP", "A", -4000, 4000, 800.0));
            }
            vars.add(Var.plain("Shovel-0" + m + "/Operator", NodeIds.String, "shift A"));
        }
        try (var server = new SiteServer(vars, 2, 1);
             var session = ToolSession.connect(EndpointConfig.of("site", server.url(), pki, List.of()))) {
            assertEquals(2, session.maxNodesPerBrowse(), "the server's MaxNodesPerBrowse is read");
            AddressSpaceScan.Result r = session.scan(1, 10_000);
            Map<String, AddressSpaceScan.Variable> byPath = r.variables().stream()
                    .collect(Collectors.toMap(AddressSpaceScan.Variable::browsePath, Function.identity()));
            assertEquals(vars.size(), byPath.size(), byPath.keySet().toString());
            assertTrue(r.maxNodesPerBrowse() <= 2, "no request above the server's limit: " + r);
            assertTrue(r.browseNextRequests() > 0, "continuation points followed: " + r);
            var t = byPath.get("Objects/Shovel-02/SwingMotor/Temperature");
            assertEquals(server.nodeId("Shovel-02/SwingMotor/Temperature"), t.nodeId());
            assertEquals("Double", t.dataType());
            assertEquals(AddressSpaceScan.Kind.NUMBER, t.kind());
            assertEquals(Optional.of("degF"), t.unit(), "UNECE code FAH in EngineeringUnits");
            assertEquals(32.0, t.euLow());
            assertEquals(392.0, t.euHigh());
            var text = byPath.get("Objects/Shovel-03/Operator");
            assertEquals(AddressSpaceScan.Kind.TEXT, text.kind());
            assertEquals(Optional.empty(), text.unit());
            assertTrue(!text.hasEuRange());
        }
    }
}
