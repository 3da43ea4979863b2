package io.minetwin.engine.bench;

import io.minetwin.milo.server.MiloServers;
import io.minetwin.milo.server.SampledNamespace;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The OPC UA server of {@code bench opcua}, run as its own process: {@link BenchLayout#items()} Double
 * variables at {@code Objects/Bench/<asset>/<group>/<channel>} whose value changes on every sample.
 *
 * <p>Each read of a variable's value (the subscription model's sampling, or a client's Read) returns
 * the milliseconds since the server started, stamped with the current time, so every sample is a
 * change and is reported. The server binds 127.0.0.1 on a free port, security None and anonymous
 * login, with a certificate manager as Milo requires; items are sampled by Milo's
 * {@link SubscriptionModel}, which samples all items of one interval in one task, so the layout gives
 * each group its own interval and the groups are sampled in parallel.
 *
 * <p>Protocol with the parent: arguments {@code <items>}; once listening, one line
 * {@code listening <url>} on standard output; the server stops when its standard input closes (the
 * parent ended or closed it), so it never outlives the benchmark.
 */
public final class OpcuaBenchServer {

    static final String NAMESPACE_URI = "urn:minetwin:bench";
    static final String PATH = "/bench";

    private OpcuaBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OpcuaBenchServer <items>");
            System.exit(2);
        }
        var layout = new BenchLayout(Integer.parseInt(args[0]));
        int port = ChildJvm.freePort();
        OpcUaServer server = server(port);
        var namespace = new Namespace(server, layout);
        namespace.startup();
        server.startup().get(60, TimeUnit.SECONDS);
        ChildJvm.announceAndAwaitEnd("opc.tcp://127.0.0.1:" + port + PATH);
        namespace.shutdown();
        server.shutdown().get(10, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static OpcUaServer server(int port) throws Exception {
        return MiloServers.localAnonymous("minetwin bench server", "urn:minetwin:bench-server", "urn:minetwin:bench",
                port, PATH);
    }

    private static final class Namespace extends SampledNamespace {
        private final BenchLayout layout;
        private final long startNanos = System.nanoTime();

        Namespace(OpcUaServer server, BenchLayout layout) {
            super(server, NAMESPACE_URI);
            this.layout = layout;
            getLifecycleManager().addStartupTask(this::build);
        }

        private DataValue sample() {
            double ms = (System.nanoTime() - startNanos) / 1e6;
            return new DataValue(new Variant(ms), StatusCode.GOOD, DateTime.now());
        }

        private void build() {
            UaFolderNode root = folder(BenchLayout.ROOT, BenchLayout.ROOT, NodeIds.ObjectsFolder);
            NodeId asset = null;
            NodeId group = null;
            for (int i = 0; i < layout.items(); i++) {
                BenchLayout.Item item = layout.item(i);
                String assetPath = BenchLayout.ROOT + "/" + item.asset();
                if (item.channelIndex() == 0) {
                    asset = folder(assetPath, item.asset(), root.getNodeId()).getNodeId();
                }
                if (item.channelIndex() % BenchLayout.CHANNELS_PER_GROUP == 0) {
                    group = folder(assetPath + "/" + item.group(), item.group(), asset).getNodeId();
                }
                String path = assetPath + "/" + item.group() + "/" + item.channel();
                UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId(path))
                        .setBrowseName(newQualifiedName(item.channel()))
                        .setDisplayName(LocalizedText.english(item.channel()))
                        .setDataType(NodeIds.Double)
                        .setTypeDefinition(NodeIds.BaseDataVariableType)
                        .setAccessLevel(Set.of(AccessLevel.CurrentRead))
                        .setUserAccessLevel(Set.of(AccessLevel.CurrentRead))
                        .setMinimumSamplingInterval(0.0)
                        .setValue(new DataValue(new Variant(0.0)))
                        .build();
                v.getFilterChain().addLast(AttributeFilters.getValue(ctx -> sample()));
                getNodeManager().addNode(v);
                v.addReference(new Reference(v.getNodeId(), NodeIds.Organizes, group.expanded(), false));
            }
        }
    }
}
