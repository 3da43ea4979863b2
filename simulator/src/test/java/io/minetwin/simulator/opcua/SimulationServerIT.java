package io.minetwin.simulator.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.SimulationSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.junit.jupiter.api.Test;

class SimulationServerIT {

    @Test
    void clientReadsUnitsAndSeesSimulatedTimeAdvance() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        var plan = SimulationPlan.of(io.minetwin.simulator.TestFleetsAccess.fleet(), SimulationSettings.DEFAULTS);
        Instant start = Instant.parse("2025-06-01T00:00:00Z");
        try (var server = SimulationServer.start(plan, 1, ServerSettings.local(port), Clock.systemUTC(), start, 3600,
                Duration.ofMillis(50))) {
            OpcUaClient client = OpcUaClient.create(server.endpointUrl());
            client.connect();
            try {
                int ns = client.getNamespaceTable().getIndex(ServerSettings.NAMESPACE_URI).intValue();
                NodeId temp = new NodeId(ns, "test/shovel-01/hoist-motor/winding-temp");
                NodeId unit = new NodeId(ns, "test/shovel-01/hoist-motor/winding-temp/EngineeringUnits");
                List<DataValue> first = client.readValues(0, TimestampsToReturn.Both, List.of(temp, unit));
                Object eu = ((ExtensionObject) first.get(1).getValue().getValue())
                        .decode(client.getStaticEncodingContext());
                assertEquals("degC", ((EUInformation) eu).getDisplayName().getText());
                long t0 = first.get(0).getSourceTime().getJavaInstant().toEpochMilli();
                long deadline = System.nanoTime() + 10_000_000_000L;
                long t1 = t0;
                while (t1 <= t0 + 60_000 && System.nanoTime() < deadline) {
                    t1 = client.readValues(0, TimestampsToReturn.Both, List.of(temp)).get(0).getSourceTime()
                            .getJavaInstant().toEpochMilli();
                }
                assertTrue(t1 > t0 + 60_000, "simulated source time advances faster than real time: " + t0 + " -> " + t1);
                assertTrue(t0 >= start.toEpochMilli());
            } finally {
                client.disconnect();
            }
        }
    }
}
