package io.minetwin.simulator.opcua;

import static io.minetwin.simulator.opcua.TestServers.children;
import static io.minetwin.simulator.opcua.TestServers.property;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Milo client browses, reads and subscribes to the simulator's server (security None, anonymous). */
class SimulationServerIT {

    static final String WINDING = "Test pit/shovel-01/hoist-motor/winding-temp";

    static SimulationServer server;
    static OpcUaClient client;
    static int ns;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(ServerSettings.local(TestServers.freePort()));
        client = TestServers.client(server.endpointUrl(), e -> e.stream().findFirst(), new AnonymousProvider(),
                new ArrayList<>());
        client.connect();
        ns = TestServers.namespace(client);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void browsesObjectsSiteAssetComponentChannelByBrowseName() throws Exception {
        NodeId channel = TestServers.browsePath(client, WINDING);
        assertEquals(new NodeId(ns, "test/shovel-01/hoist-motor/winding-temp"), channel);

        NodeId component = TestServers.browsePath(client, "Test pit/shovel-01/hoist-motor");
        ReferenceDescription ref = children(client, component, NodeIds.Organizes).stream()
                .filter(r -> r.getBrowseName().getName().equals("winding-temp")).findFirst().orElseThrow();
        assertEquals(NodeClass.Variable, ref.getNodeClass());
        assertEquals(NodeIds.AnalogItemType, ref.getTypeDefinition().toNodeId(client.getNamespaceTable()).orElseThrow());
        DataValue value = client.readValues(0, TimestampsToReturn.Both,
                List.of(channel)).get(0);
        assertTrue(value.getValue().getValue() instanceof Double, "channels are Double variables: " + value);

        NodeId shovel = TestServers.browsePath(client, "Test pit/shovel-01");
        assertEquals("electric-shovel", property(client, shovel, "AssetType").getValue().getValue());
        assertEquals("M-1", property(client, shovel, "Model").getValue().getValue());
        assertEquals("SN-shovel-01", property(client, shovel, "SerialNumber").getValue().getValue());
        NodeId inverter = TestServers.browsePath(client, "Test pit/shovel-01-hoist-inverter");
        assertEquals("drive-inverter", property(client, inverter, "AssetType").getValue().getValue());
        assertEquals("shovel-01/hoist-motor", property(client, inverter, "InstalledIn").getValue().getValue());
    }

    @Test
    void channelsCarryEngineeringUnitsAndEuRange() throws Exception {
        NodeId winding = TestServers.browsePath(client, WINDING);
        assertEquals("degC", units(winding).getDisplayName().getText());
        assertEquals(new Range(-50.0, 250.0), range(winding));

        NodeId payload = TestServers.browsePath(client, "Test pit/shovel-01/dipper/payload");
        assertEquals("t", units(payload).getDisplayName().getText());
        assertEquals(new Range(0.0, 200.0), range(payload));
        double t = (Double) client.readValues(0, TimestampsToReturn.Both,
                List.of(payload)).get(0).getValue().getValue();
        assertTrue(t >= 0 && t <= 200, "payload " + t + " t lies inside its EURange");
    }

    @Test
    void statesArePublishedByNameAndBooleansAsBoolean() throws Exception {
        NodeId state = TestServers.browsePath(client, "Test pit/shovel-01/machine/state");
        NodeId fault = TestServers.browsePath(client, "Test pit/shovel-01-hoist-inverter/machine/fault");
        List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, List.of(state, fault));
        assertTrue(List.of("running", "idle", "down", "maintenance").contains(values.get(0).getValue().getValue()),
                "state by name: " + values.get(0));
        assertTrue(values.get(1).getValue().getValue() instanceof Boolean, "fault as Boolean: " + values.get(1));
        assertTrue(!values.get(0).getSourceTime().getJavaInstant().isBefore(TestServers.START), values.get(0).toString());
    }

    @Test
    void subscriptionSeesValuesChangeInSimulatedTime() throws Exception {
        NodeId winding = TestServers.browsePath(client, WINDING);
        BlockingQueue<DataValue> received = new LinkedBlockingQueue<>();
        var subscription = new OpcUaSubscription(client, 100.0);
        subscription.create();
        try {
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(winding);
            item.setSamplingInterval(50.0);
            item.setQueueSize(uint(10));
            item.setDataValueListener((i, v) -> received.add(v));
            subscription.addMonitoredItem(item);
            assertTrue(subscription.createMonitoredItems().get(0).isGood(), "monitored item created");

            var values = new ArrayList<DataValue>();
            long wallStart = System.nanoTime();
            long deadline = wallStart + TimeUnit.SECONDS.toNanos(20);
            while (values.size() < 4) {
                DataValue v = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertTrue(v != null, "4 notifications within 20 s; got " + values);
                values.add(v);
            }
            long wallMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - wallStart));
            var distinct = new HashSet<Object>();
            for (int i = 1; i < values.size(); i++) {
                long before = values.get(i - 1).getSourceTime().getJavaInstant().toEpochMilli();
                long after = values.get(i).getSourceTime().getJavaInstant().toEpochMilli();
                assertTrue(after > before, "source times advance: " + values);
                distinct.add(values.get(i).getValue().getValue());
            }
            assertTrue(distinct.size() >= 2, "the value changes, not only its time: " + values);
            long first = values.get(0).getSourceTime().getJavaInstant().toEpochMilli();
            long last = values.get(values.size() - 1).getSourceTime().getJavaInstant().toEpochMilli();
            assertTrue(first >= TestServers.START.toEpochMilli(), "source time is simulated time: " + values.get(0));
            // At 3600x, the simulated span between notifications dwarfs the wall time they took to arrive.
            assertTrue(last - first > 100 * wallMillis || last - first >= 3_600_000,
                    "simulated time runs faster than the wall clock: " + (last - first) + " ms simulated in "
                            + wallMillis + " ms");
            assertTrue(server.simulatedTime().toEpochMilli() >= last);
        } finally {
            subscription.delete();
        }
    }

    @Test
    void everyChannelIsServedAndNoGroundTruthIsExposed() throws Exception {
        NodeId site = TestServers.browsePath(client, "Test pit");
        int variables = 0;
        var names = new ArrayList<String>();
        for (ReferenceDescription asset : children(client, site, NodeIds.Organizes)) {
            NodeId a = asset.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
            for (ReferenceDescription c : children(client, a, NodeIds.HierarchicalReferences)) {
                names.add(c.getBrowseName().getName());
                Optional<NodeId> comp = c.getNodeId().toNodeId(client.getNamespaceTable());
                if (c.getNodeClass() != NodeClass.Object) {
                    continue;
                }
                for (ReferenceDescription ch : children(client, comp.orElseThrow(), NodeIds.Organizes)) {
                    names.add(ch.getBrowseName().getName());
                    variables++;
                }
            }
        }
        assertEquals(server.variableCount(), variables, "every simulated channel is a variable below its component");
        for (String name : names) {
            String n = name.toLowerCase(Locale.ROOT);
            assertTrue(!(n.contains("damage") || n.contains("health") || n.contains("ground") || n.contains("rul")
                    || n.contains("remaining") || n.contains("failure-mode")), "ground truth exposed as " + name);
        }
    }

    private EUInformation units(NodeId node) throws Exception {
        Object v = property(client, node, "EngineeringUnits").getValue().getValue();
        return (EUInformation) ((ExtensionObject) v).decode(client.getStaticEncodingContext());
    }

    private Range range(NodeId node) throws Exception {
        Object v = property(client, node, "EURange").getValue().getValue();
        return (Range) ((ExtensionObject) v).decode(client.getStaticEncodingContext());
    }
}
