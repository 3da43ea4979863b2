package io.minetwin.engine.faults;

import io.minetwin.engine.bench.ChildJvm;
import io.minetwin.milo.server.MiloServers;
import io.minetwin.milo.server.SampledNamespace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.AddressSpace.HistoryReadContext;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/**
 * The equipment of the fault suite, run as its own process (so that it can be killed): an OPC UA server
 * (Eclipse Milo) with the variables of a {@link FaultLayout}, each tick pushing the tick number to every
 * monitored item (nothing is lost to sampling), and a history of the produced ticks on disk
 * ({@link ProducedTicks}) served by HistoryRead, which a restarted server keeps serving.
 *
 * <p>Protocol with the parent: arguments {@code <port> <history-file> <twins> <channels> <tick-ms> <t0>};
 * the server binds 127.0.0.1:port (security None, anonymous), prints {@code listening <url>} once it
 * serves, and stops when its standard input closes, so it never outlives the suite.
 */
public final class FaultServer {

    static final String PATH = "/faults";
    static final String NAMESPACE_URI = "urn:minetwin:faults";

    private FaultServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: FaultServer <port> <history-file> <twins> <channels> <tick-ms> <t0>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        var layout = new FaultLayout(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Long.parseLong(args[5]));
        ProducedTicks history = ProducedTicks.open(Path.of(args[1]));
        OpcUaServer server = server(port);
        var namespace = new Namespace(server, layout, history);
        namespace.startup();
        server.startup().get(60, TimeUnit.SECONDS);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fault-server-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(namespace::tick, 0, layout.tickMs(), TimeUnit.MILLISECONDS);
        ChildJvm.announceAndAwaitEnd("opc.tcp://127.0.0.1:" + port + PATH);
        ticker.shutdownNow();
        namespace.shutdown();
        server.shutdown().get(10, TimeUnit.SECONDS);
        history.close();
        System.exit(0);
    }

    private static OpcUaServer server(int port) throws Exception {
        return MiloServers.localAnonymous("minetwin fault server", "urn:minetwin:fault-server", "urn:minetwin:faults",
                port, PATH);
    }

    /** The probes' variables; values are pushed to monitored items on each tick. */
    private static final class Namespace extends SampledNamespace {
        private static final Set<AccessLevel> ACCESS = Set.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead);

        private final FaultLayout layout;
        private final ProducedTicks history;
        private final List<UaVariableNode> variables = new ArrayList<>();
        private final Map<NodeId, List<DataItem>> pushed = new ConcurrentHashMap<>();

        Namespace(OpcUaServer server, FaultLayout layout, ProducedTicks history) {
            super(server, NAMESPACE_URI);
            this.layout = layout;
            this.history = history;
            getLifecycleManager().addStartupTask(this::build);
        }

        private void build() {
            UaFolderNode root = folder(FaultLayout.ROOT, FaultLayout.ROOT, NodeIds.ObjectsFolder);
            for (int t = 0; t < layout.twins(); t++) {
                String twin = FaultLayout.ROOT + "/" + FaultLayout.twinName(t);
                UaFolderNode tf = folder(twin, FaultLayout.twinName(t), root.getNodeId());
                UaFolderNode cf = folder(twin + "/" + FaultLayout.COMPONENT, FaultLayout.COMPONENT, tf.getNodeId());
                for (int c = 0; c < layout.channels(); c++) {
                    UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(layout.path(t, c)))
                            .setBrowseName(newQualifiedName(FaultLayout.channelName(c)))
                            .setDisplayName(LocalizedText.english(FaultLayout.channelName(c)))
                            .setDataType(NodeIds.Double)
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(ACCESS)
                            .setUserAccessLevel(ACCESS)
                            .setHistorizing(true)
                            .setMinimumSamplingInterval(0.0)
                            .setValue(new DataValue(new Variant(-1.0), StatusCode.GOOD, DateTime.now()))
                            .build();
                    getNodeManager().addNode(v);
                    v.addReference(new Reference(v.getNodeId(), NodeIds.Organizes, cf.getNodeId().expanded(), false));
                    variables.add(v);
                }
            }
        }

        private DataValue value(long tick) {
            return new DataValue(new Variant((double) tick), StatusCode.GOOD, new DateTime(
                    java.time.Instant.ofEpochMilli(layout.timeOf(tick))), DateTime.now());
        }

        /** Produces the current tick: records it in the history first, then sets and pushes it. */
        void tick() {
            try {
                long k = layout.tickAt(System.currentTimeMillis());
                if (!history.append(k)) {
                    return;
                }
                DataValue dv = value(k);
                for (UaVariableNode v : variables) {
                    synchronized (v) {
                        v.setValue(dv);
                        List<DataItem> items = pushed.get(v.getNodeId());
                        if (items != null) {
                            for (DataItem item : items) {
                                if (item.isSamplingEnabled()) {
                                    item.setValue(dv);
                                }
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("fault server: tick failed: " + e);
            }
        }

        @Override
        public void onDataItemsCreated(List<DataItem> items) {
            var sampled = new ArrayList<DataItem>();
            for (DataItem item : items) {
                NodeId id = item.getReadValueId().getNodeId();
                var node = item.getReadValueId().getAttributeId().equals(AttributeId.Value.uid())
                        ? getNodeManager().getNode(id) : java.util.Optional.<org.eclipse.milo.opcua.sdk.server.nodes.UaNode>empty();
                if (node.isPresent() && node.get() instanceof UaVariableNode v) {
                    synchronized (v) {
                        pushed.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(item);
                        if (item.isSamplingEnabled()) {
                            item.setValue(v.getValue());
                        }
                    }
                } else {
                    sampled.add(item);
                }
            }
            if (!sampled.isEmpty()) {
                super.onDataItemsCreated(sampled);
            }
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> items) {
            var sampled = new ArrayList<DataItem>();
            for (DataItem item : items) {
                List<DataItem> list = pushed.get(item.getReadValueId().getNodeId());
                if (list == null || !list.remove(item)) {
                    sampled.add(item);
                }
            }
            if (!sampled.isEmpty()) {
                super.onDataItemsDeleted(sampled);
            }
        }

        @Override
        public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                                   TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
            if (!(details instanceof ReadRawModifiedDetails raw)) {
                return super.historyRead(context, details, timestamps, ids);
            }
            long from = layout.tickAt(raw.getStartTime().getJavaTime());
            long to = layout.tickAt(raw.getEndTime().getJavaTime());
            long[] ticks = history.between(from, to);
            var out = new ArrayList<HistoryReadResult>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                var values = new ArrayList<DataValue>(ticks.length);
                for (long k : ticks) {
                    long t = layout.timeOf(k);
                    if (t >= raw.getStartTime().getJavaTime() && t <= raw.getEndTime().getJavaTime()) {
                        values.add(value(k));
                    }
                }
                out.add(new HistoryReadResult(StatusCode.GOOD, null, ExtensionObject.encode(
                        getServer().getStaticEncodingContext(), new HistoryData(values.toArray(new DataValue[0])))));
            }
            return out;
        }
    }
}
