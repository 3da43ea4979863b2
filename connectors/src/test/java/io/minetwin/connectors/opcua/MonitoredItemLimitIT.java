package io.minetwin.connectors.opcua;

import io.minetwin.testkit.opcua.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoredItemLimitIT {

    @TempDir
    Path dir;

    @Test
    void tooManyMonitoredItemsIsReportedAndTheAcceptedItemsStillFlow() throws Exception {
        var units = new LinkedHashMap<String, String>();
        units.put("baiyun/truck-01/engine/coolant-temp", "degC");
        units.put("baiyun/truck-01/engine/oil-pressure", "kPa");
        units.put("baiyun/shovel-01/hoist-motor/winding-temp", "degC");
        try (var server = new TestServer(units, false, 2)) {
            var sink = new RecordingSink();
            // One item per subscription at first, so the limit is met across subscriptions, not in one call.
            var config = EndpointConfig.of("limited", server.url(), dir.resolve("pki"),
                    List.of(PatternMappingIT.pattern())).withPublishing(50, 1);
            try (var connector = new OpcUaConnector(config, PatternMappingIT.CATALOG, sink, Clock.systemUTC())) {
                connector.start();
                RecordingSink.await(Duration.ofSeconds(30), () -> connector.status().state()
                        == EndpointStatus.State.CONNECTED, () -> connector.status().toString());
                EndpointStatus st = connector.status();
                assertEquals(2, st.monitoredItems(), st.toString());
                assertEquals(2, st.subscriptions(), st.toString());
                String error = st.lastError().orElseThrow();
                assertTrue(error.contains("Bad_TooManyMonitoredItems") && error.contains("1 items of endpoint 'limited'"
                        + " are not monitored"), error);
            }
        }
    }
}
