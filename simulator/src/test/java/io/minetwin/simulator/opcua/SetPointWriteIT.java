package io.minetwin.simulator.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.SimulationSettings;
import io.minetwin.simulator.TestFleetsAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Milo client writes the simulator's set points: declared writable channels are CurrentWrite, a write in range is
 * applied at the next update and read back, and the server refuses what it must with the standard status codes.
 */
class SetPointWriteIT {

    static final String SPEED_LIMIT = "Test pit/shovel-01/hoist-motor/speed-limit";
    static final String DERATE = "Test pit/truck-01/engine/derate";
    static final String WINDING = "Test pit/shovel-01/hoist-motor/winding-temp";

    static SimulationServer server;
    static OpcUaClient operator;
    static OpcUaClient observer;

    @BeforeAll
    static void start() throws Exception {
        var settings = new ServerSettings("127.0.0.1", TestServers.freePort(), false,
                Map.of("operator", "op-pass", "observer", "ob-pass")).withReadOnly(Set.of("observer"));
        var plan = SimulationPlan.of(TestFleetsAccess.writableFleet(), SimulationSettings.DEFAULTS);
        server = SimulationServer.start(plan, 1, settings, Clock.systemUTC(), TestServers.START, TestServers.SPEED,
                Duration.ofMillis(50));
        operator = TestServers.client(server.endpointUrl(), e -> e.stream().findFirst(),
                new UsernameProvider("operator", "op-pass"), new ArrayList<>());
        operator.connect();
        observer = TestServers.client(server.endpointUrl(), e -> e.stream().findFirst(),
                new UsernameProvider("observer", "ob-pass"), new ArrayList<>());
        observer.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        for (OpcUaClient c : new OpcUaClient[] {operator, observer}) {
            if (c != null) {
                c.disconnect();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private static StatusCode write(OpcUaClient client, String path, Object value) throws Exception {
        NodeId node = TestServers.browsePath(client, path);
        return client.writeValues(List.of(node), List.of(DataValue.valueOnly(new Variant(value)))).get(0);
    }

    private static double read(OpcUaClient client, String path) throws Exception {
        NodeId node = TestServers.browsePath(client, path);
        DataValue dv = client.readValues(0, TimestampsToReturn.Both, List.of(node)).get(0);
        return ((Number) dv.getValue().getValue()).doubleValue();
    }

    @Test
    void writableChannelsAreCurrentWriteAndOthersAreNot() throws Exception {
        NodeId speed = TestServers.browsePath(operator, SPEED_LIMIT);
        NodeId winding = TestServers.browsePath(operator, WINDING);
        var values = operator.readValues(0, TimestampsToReturn.Neither, List.of(speed, winding));
        Set<AccessLevel> speedAccess = AccessLevel.fromValue((UByte) operator.read(0, TimestampsToReturn.Neither,
                List.of(new org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId(speed,
                        AttributeId.AccessLevel.uid(), null, null))).getResults()[0].getValue().getValue());
        Set<AccessLevel> windingAccess = AccessLevel.fromValue((UByte) operator.read(0, TimestampsToReturn.Neither,
                List.of(new org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId(winding,
                        AttributeId.AccessLevel.uid(), null, null))).getResults()[0].getValue().getValue());
        assertTrue(speedAccess.contains(AccessLevel.CurrentWrite), speedAccess.toString());
        assertTrue(!windingAccess.contains(AccessLevel.CurrentWrite), windingAccess.toString());
        assertEquals(100.0, ((Number) values.get(0).getValue().getValue()).doubleValue(), "no limit until written");
        // Milo checks the user's access level first: a measured channel is refused either way.
        long refused = write(operator, WINDING, 20.0).getValue();
        assertTrue(refused == StatusCodes.Bad_NotWritable || refused == StatusCodes.Bad_UserAccessDenied,
                Long.toHexString(refused));
    }

    @Test
    void aWriteInRangeIsAppliedAtTheNextUpdateAndReadBack() throws Exception {
        assertEquals(StatusCode.GOOD, write(operator, DERATE, 20.0));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double v = read(operator, DERATE);
        while (v != 20.0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            v = read(operator, DERATE);
        }
        assertEquals(20.0, v, "the derate reads back once the machine applied it");
    }

    @Test
    void outOfRangeOffStepAndNotANumberAreRefusedWithBadOutOfRange() throws Exception {
        assertEquals(StatusCodes.Bad_OutOfRange, write(operator, SPEED_LIMIT, 40.0).getValue());
        assertEquals(StatusCodes.Bad_OutOfRange, write(operator, SPEED_LIMIT, 72.5).getValue());
        assertEquals(StatusCodes.Bad_OutOfRange, write(operator, SPEED_LIMIT, Double.NaN).getValue());
        assertEquals(StatusCodes.Bad_OutOfRange, write(operator, DERATE, 35.0).getValue());
    }

    @Test
    void aReadOnlyUserIsRefusedWithBadUserAccessDenied() throws Exception {
        assertEquals(StatusCodes.Bad_UserAccessDenied, write(observer, SPEED_LIMIT, 70.0).getValue());
        assertEquals(100.0, read(observer, SPEED_LIMIT));
    }
}
