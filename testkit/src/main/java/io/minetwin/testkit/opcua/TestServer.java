package io.minetwin.testkit.opcua;

import io.minetwin.milo.server.MiloServers;
import io.minetwin.milo.server.SampledNamespace;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.AddressSpace.HistoryReadContext;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * An in-process Milo server for tests: Double variables at the paths it is given (below Objects, one
 * folder per segment), node ids {@code ns=N;s=<path>}, each with an EngineeringUnits property; endpoints
 * with security None and Basic256Sha256 SignAndEncrypt; anonymous and user/password logins; an
 * in-memory history of every value set, served by HistoryRead. It can be stopped and started again on
 * the same port with the same certificate and values, as a restarted device would.
 */
public final class TestServer implements AutoCloseable {

    static final String NAMESPACE = "urn:minetwin:test";
    public static final String USER = "operator";
    public static final String PASSWORD = "s3cret";

    private final int port;
    private final MiloServers.Certificate own;
    private final Map<String, String> units;
    private final Map<String, List<DataValue>> history = new ConcurrentHashMap<>();
    private final Map<String, DataValue> current = new ConcurrentHashMap<>();
    private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final boolean historyEnabled;
    private final int maxItemsPerSession;
    private volatile OpcUaServer server;
    private volatile Namespace namespace;

    /** @param units variable path (e.g. {@code baiyun/truck-01/engine/coolant-temp}) to its unit, or "" */
    public TestServer(Map<String, String> units, boolean historyEnabled) throws Exception {
        this(units, historyEnabled, Integer.MAX_VALUE);
    }

    /** @param maxItemsPerSession monitored items one session may create (Milo's limit is per session) */
    public TestServer(Map<String, String> units, boolean historyEnabled, int maxItemsPerSession) throws Exception {
        this.maxItemsPerSession = maxItemsPerSession;
        this.port = freePort();
        this.units = new LinkedHashMap<>(units);
        this.historyEnabled = historyEnabled;
        this.own = MiloServers.selfSigned("minetwin test server", "urn:minetwin:test-server", "127.0.0.1");
        start();
    }

    public static int freePort() throws Exception {
        try (var s = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    public String url() {
        return "opc.tcp://127.0.0.1:" + port + "/test";
    }

    public X509Certificate certificate() {
        return own.certificate();
    }

    public synchronized void start() throws Exception {
        var certificateManager = MiloServers.acceptingAllClients(own);

        var endpoints = new java.util.LinkedHashSet<EndpointConfig>();
        var base = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath("/test")
                .setCertificate(own.certificate())
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS,
                        OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                .build());
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());

        var identity = new CompositeValidator(AnonymousIdentityValidator.INSTANCE,
                new UsernameIdentityValidator(c -> USER.equals(c.getUsername()) && PASSWORD.equals(c.getPassword())));
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:minetwin:test-server")
                .setApplicationName(LocalizedText.english("minetwin test server"))
                .setProductUri("urn:minetwin:test")
                .setEndpoints(endpoints)
                .setCertificateManager(certificateManager)
                .setIdentityValidator(identity)
                .setLimits(new OpcUaServerConfigLimits() {
                    @Override
                    public org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger getMaxMonitoredItemsPerSession() {
                        return uint(maxItemsPerSession);
                    }
                })
                .build();
        var s = MiloServers.server(config);
        var ns = new Namespace(s);
        ns.startup();
        s.startup().get(20, TimeUnit.SECONDS);
        server = s;
        namespace = ns;
    }

    /** Stops the server as a device going down would: sessions and subscriptions are lost. */
    public synchronized void stop() throws InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        OpcUaServer s = server;
        if (s != null) {
            namespace.shutdown();
            s.shutdown().get(20, TimeUnit.SECONDS);
            server = null;
        }
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int sessionCount() {
        OpcUaServer s = server;
        return s == null ? 0 : s.getSessionManager().getAllSessions().size();
    }

    public NodeId nodeId(String path) {
        return new NodeId(namespace.getNamespaceIndex(), path);
    }

    /** Sets a variable's value with a source time, as a device reporting a new reading. */
    public void set(String path, double value, Instant sourceTime) {
        set(path, new DataValue(new Variant(value), StatusCode.GOOD, new DateTime(sourceTime), DateTime.now()));
    }

    /** Sets a variable's status to bad (e.g. sensor failure), keeping its value. */
    public void setBad(String path, Instant sourceTime) {
        DataValue old = current.get(path);
        set(path, new DataValue(old == null ? Variant.NULL_VALUE : old.getValue(),
                new StatusCode(StatusCodes.Bad_SensorFailure), new DateTime(sourceTime), DateTime.now()));
    }

    private void set(String path, DataValue dv) {
        current.put(path, dv);
        history.computeIfAbsent(path, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(dv);
        Namespace ns = namespace;
        if (ns != null && server != null) {
            UaVariableNode node = ns.variables.get(path);
            if (node != null) {
                node.setValue(dv);
            }
        }
    }

    /**
     * Makes a variable writable (CurrentWrite) for every user. A write answers Good; with {@code apply} the value
     * becomes the variable's value, as equipment applying a set point, without it the write is acknowledged and
     * ignored, as equipment whose controller drops remote set points. Every write is kept ({@link #writes}).
     */
    public void acceptWrites(String path, boolean apply) {
        UaVariableNode node = namespace.variables.get(path);
        if (node == null) {
            throw new IllegalArgumentException("no variable " + path);
        }
        Set<AccessLevel> access = Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite);
        node.setAccessLevel(AccessLevel.toValue(access));
        node.setUserAccessLevel(AccessLevel.toValue(access));
        node.getFilterChain().addLast(new org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter() {
            @Override
            public void writeAttribute(org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext ctx,
                                       org.eclipse.milo.opcua.stack.core.AttributeId attributeId, Object value)
                    throws org.eclipse.milo.opcua.stack.core.UaException {
                if (attributeId != org.eclipse.milo.opcua.stack.core.AttributeId.Value
                        || !(value instanceof DataValue dv)) {
                    ctx.writeAttribute(attributeId, value);
                    return;
                }
                Object v = dv.getValue().getValue();
                writes.add(path + "=" + v);
                if (apply && v instanceof Number n) {
                    set(path, n.doubleValue(), Instant.now());
                }
            }
        });
    }

    /** Every write received, as {@code path=value}, in order. */
    public List<String> writes() {
        return List.copyOf(writes);
    }

    public Set<String> paths() {
        return units.keySet();
    }

    private final class Namespace extends SampledNamespace {
        private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();

        Namespace(OpcUaServer server) {
            super(server, NAMESPACE);
            getLifecycleManager().addStartupTask(this::build);
        }

        private void build() {
            var folders = new java.util.HashMap<String, UaFolderNode>();
            for (var e : units.entrySet()) {
                String[] parts = e.getKey().split("/");
                NodeId parent = NodeIds.ObjectsFolder;
                String prefix = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    prefix = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
                    UaFolderNode f = folders.get(prefix);
                    if (f == null) {
                        f = folder(prefix, parts[i], parent);
                        folders.put(prefix, f);
                    }
                    parent = f.getNodeId();
                }
                String name = parts[parts.length - 1];
                UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId(e.getKey()))
                        .setBrowseName(newQualifiedName(name))
                        .setDisplayName(LocalizedText.english(name))
                        .setDataType(NodeIds.Double)
                        .setAccessLevel(historyEnabled ? Set.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                                : Set.of(AccessLevel.CurrentRead))
                        .setUserAccessLevel(historyEnabled ? Set.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                                : Set.of(AccessLevel.CurrentRead))
                        .setMinimumSamplingInterval(0.0)
                        .setValue(current.getOrDefault(e.getKey(), new DataValue(new Variant(0.0))))
                        .build();
                getNodeManager().addNode(v);
                if (!e.getValue().isEmpty()) {
                    var eu = new EUInformation(null, -1, LocalizedText.english(e.getValue()),
                            LocalizedText.english(e.getValue()));
                    UaVariableNode prop = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(e.getKey() + "/EngineeringUnits"))
                            .setBrowseName(new QualifiedName(0, "EngineeringUnits"))
                            .setDisplayName(LocalizedText.english("EngineeringUnits"))
                            .setDataType(NodeIds.EUInformation)
                            .setTypeDefinition(NodeIds.PropertyType)
                            .setValue(new DataValue(new Variant(ExtensionObject.encode(
                                    getServer().getStaticEncodingContext(), eu))))
                            .build();
                    getNodeManager().addNode(prop);
                    v.addReference(new org.eclipse.milo.opcua.sdk.core.Reference(v.getNodeId(), NodeIds.HasProperty,
                            prop.getNodeId().expanded(), true));
                }
                v.addReference(new org.eclipse.milo.opcua.sdk.core.Reference(v.getNodeId(), NodeIds.Organizes,
                        parent.expanded(), false));
                variables.put(e.getKey(), v);
            }
        }

        @Override
        public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                                   TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
            if (!historyEnabled || !(details instanceof ReadRawModifiedDetails raw)) {
                return super.historyRead(context, details, timestamps, ids);
            }
            var out = new ArrayList<HistoryReadResult>();
            long start = raw.getStartTime().getUtcTime();
            long end = raw.getEndTime().getUtcTime();
            for (HistoryReadValueId id : ids) {
                Object ident = id.getNodeId().getIdentifier();
                List<DataValue> values = history.getOrDefault(String.valueOf(ident), List.of());
                List<DataValue> range;
                synchronized (values) {
                    range = values.stream().filter(v -> {
                        long t = v.getSourceTime().getUtcTime();
                        return t >= start && t <= end;
                    }).toList();
                }
                out.add(new HistoryReadResult(StatusCode.GOOD, null, ExtensionObject.encode(
                        getServer().getStaticEncodingContext(), new HistoryData(range.toArray(new DataValue[0])))));
            }
            return out;
        }
    }
}
