package io.minetwin.testkit.opcua;

import io.minetwin.milo.server.MiloServers;
import io.minetwin.milo.server.SampledNamespace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

/**
 * An in-process Milo server laid out as a site's own gateway would be, not as minetwin's simulator is:
 * objects and folders named by the site (e.g. {@code Objects/Shovel-01/HoistMotor/Temperature}), node ids
 * {@code ns=N;s=<path with dots>}, variables of any data type with the standard properties
 * {@code EngineeringUnits} (UNECE code and display name, as an AnalogItem carries it) and {@code EURange},
 * and small operation limits ({@code MaxNodesPerBrowse}, browse continuation points) so that clients have
 * to respect them. Security None, anonymous.
 */
public final class SiteServer implements AutoCloseable {

    static final String NAMESPACE = "urn:minetwin:test-site";

    /**
     * One variable.
     *
     * @param path     below Objects, '/'-separated, e.g. {@code Shovel-01/HoistMotor/Temperature}
     * @param dataType e.g. {@code NodeIds.Double}, {@code NodeIds.String}
     * @param unit     UNECE common code (e.g. {@code CEL}, {@code FAH}), or null for no EngineeringUnits
     * @param display  the unit's display name, e.g. {@code °C}
     * @param low      EURange low, NaN for no EURange
     * @param high     EURange high
     * @param value    the initial value
     */
    public record Var(String path, NodeId dataType, String unit, String display, double low, double high, Object value) {
        public Var {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(value, "value");
        }

        /** A Double with a unit and a range. */
        public static Var analog(String path, String unit, String display, double low, double high, double value) {
            return new Var(path, NodeIds.Double, unit, display, low, high, value);
        }

        /** A variable without EngineeringUnits or EURange. */
        public static Var plain(String path, NodeId dataType, Object value) {
            return new Var(path, dataType, null, null, Double.NaN, Double.NaN, value);
        }
    }

    private final int port;
    private final OpcUaServer server;
    private final Site namespace;
    private final Map<String, Var> vars = new LinkedHashMap<>();

    /**
     * Starts the server.
     *
     * @param maxNodesPerBrowse           the server's MaxNodesPerBrowse (also published in OperationLimits)
     * @param maxBrowseContinuationPoints continuation points one session may hold
     */
    public SiteServer(List<Var> variables, int maxNodesPerBrowse, int maxBrowseContinuationPoints) throws Exception {
        variables.forEach(v -> vars.put(v.path(), v));
        port = TestServer.freePort();
        var own = MiloServers.selfSigned("minetwin test site", "urn:minetwin:test-site", "127.0.0.1");
        var endpoint = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath("/site")
                .setCertificate(own.certificate())
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:minetwin:test-site")
                .setApplicationName(LocalizedText.english("minetwin test site"))
                .setProductUri("urn:minetwin:test-site")
                .setEndpoints(Set.of(endpoint))
                .setCertificateManager(MiloServers.acceptingAllClients(own))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .setLimits(new OpcUaServerConfigLimits() {
                    @Override
                    public UInteger getMaxNodesPerBrowse() {
                        return uint(maxNodesPerBrowse);
                    }

                    @Override
                    public UShort getMaxBrowseContinuationPoints() {
                        return ushort(maxBrowseContinuationPoints);
                    }
                })
                .build();
        server = MiloServers.server(config);
        namespace = new Site(server);
        namespace.startup();
        server.startup().get(20, TimeUnit.SECONDS);
    }

    public String url() {
        return "opc.tcp://127.0.0.1:" + port + "/site";
    }

    /** The node id of the variable at {@code path}, in its parseable text form. */
    public String nodeId(String path) {
        return new NodeId(namespace.getNamespaceIndex(), path.replace('/', '.')).toParseableString();
    }

    /** Sets a variable's value, as the device reporting a reading. */
    public void set(String path, Object value, Instant sourceTime) {
        UaVariableNode node = namespace.nodes.get(path);
        if (node == null) {
            throw new IllegalArgumentException("no variable " + path);
        }
        node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, new DateTime(sourceTime), DateTime.now()));
    }

    @Override
    public void close() throws Exception {
        namespace.shutdown();
        server.shutdown().get(20, TimeUnit.SECONDS);
    }

    private final class Site extends SampledNamespace {
        private final Map<String, UaVariableNode> nodes = new java.util.concurrent.ConcurrentHashMap<>();

        Site(OpcUaServer server) {
            super(server, NAMESPACE);
            getLifecycleManager().addStartupTask(this::build);
        }

        private void build() {
            var folders = new java.util.HashMap<String, UaFolderNode>();
            for (Var v : vars.values()) {
                String[] parts = v.path().split("/");
                NodeId parent = NodeIds.ObjectsFolder;
                String prefix = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    prefix = prefix.isEmpty() ? parts[i] : prefix + "." + parts[i];
                    UaFolderNode f = folders.get(prefix);
                    if (f == null) {
                        f = folder(prefix, parts[i], parent);
                        folders.put(prefix, f);
                    }
                    parent = f.getNodeId();
                }
                String id = v.path().replace('/', '.');
                String name = parts[parts.length - 1];
                UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId(id))
                        .setBrowseName(newQualifiedName(name))
                        .setDisplayName(LocalizedText.english(name))
                        .setDataType(v.dataType())
                        .setTypeDefinition(v.unit() != null ? NodeIds.AnalogItemType : NodeIds.BaseDataVariableType)
                        .setAccessLevel(Set.of(AccessLevel.CurrentRead))
                        .setUserAccessLevel(Set.of(AccessLevel.CurrentRead))
                        .setMinimumSamplingInterval(0.0)
                        .setValue(new DataValue(new Variant(v.value())))
                        .build();
                getNodeManager().addNode(node);
                if (v.unit() != null) {
                    int code = 0;
                    for (char c : v.unit().toCharArray()) {
                        code = code << 8 | c;
                    }
                    property(node, id, "EngineeringUnits", NodeIds.EUInformation, new EUInformation(
                            "http://www.opcfoundation.org/UA/units/un/cefact", code,
                            LocalizedText.english(v.display()), LocalizedText.english(v.unit())));
                }
                if (!Double.isNaN(v.low())) {
                    property(node, id, "EURange", NodeIds.Range, new Range(v.low(), v.high()));
                }
                node.addReference(new org.eclipse.milo.opcua.sdk.core.Reference(node.getNodeId(), NodeIds.Organizes,
                        parent.expanded(), false));
                nodes.put(v.path(), node);
            }
        }

        private void property(UaVariableNode owner, String id, String name, NodeId type,
                              org.eclipse.milo.opcua.stack.core.types.UaStructuredType value) {
            UaVariableNode prop = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(id + "." + name))
                    .setBrowseName(new QualifiedName(0, name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(type)
                    .setTypeDefinition(NodeIds.PropertyType)
                    .setValue(new DataValue(new Variant(ExtensionObject.encode(getServer().getStaticEncodingContext(),
                            value))))
                    .build();
            getNodeManager().addNode(prop);
            owner.addReference(new org.eclipse.milo.opcua.sdk.core.Reference(owner.getNodeId(), NodeIds.HasProperty,
                    prop.getNodeId().expanded(), true));
        }
    }
}
