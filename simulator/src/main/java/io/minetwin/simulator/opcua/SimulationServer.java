package io.minetwin.simulator.opcua;

import io.minetwin.milo.server.MiloServers;
import io.minetwin.milo.server.SampledNamespace;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.ValueType;
import io.minetwin.simulator.FleetSimulation;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.SimulationPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
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
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a simulated fleet over OPC UA as a site's equipment would: one variable per channel (Double; a state channel as the state's name, a boolean as Boolean) at
 * {@code Objects/<site>/<asset>/<component>/<channel>} with EngineeringUnits and EURange, asset nodes
 * carrying type, model and serial, values stamped with simulated source time. Failures show only as
 * the machine shows them (state, signals); the ground truth is never exposed.
 *
 * <h2>Concurrency</h2>
 * One scheduler thread, created and shut down by this class, owns the {@link FleetSimulation}: each
 * tick advances simulated time to {@code start + speed * (wall time since start)} and writes every
 * channel's value into its node. Milo's own threads read node values (reads, the subscription
 * model's sampling); {@link UaVariableNode#setValue} publishes each value safely. {@link #close}
 * stops the ticks first, then the namespace and the server.
 *
 * <h2>Set points</h2>
 * A channel that its asset type declares {@code writable} and that the simulator knows as a set point (a hoist
 * {@code speed-limit}, an engine {@code derate}) is served with AccessLevel CurrentRead and CurrentWrite. A write
 * is checked on Milo's thread (a read-only user gets Bad_UserAccessDenied; a value that is not a finite number
 * inside the declared range and on its step gets Bad_OutOfRange), queued, and applied by the ticker at its next
 * update, as a drive or engine controller applies a set point at its next scan: from then on the variable
 * reports the new value and the machine's load, heat and wear follow it.
 */
public final class SimulationServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationServer.class);

    private final SimulationPlan plan;
    private final ServerSettings settings;
    private final Clock clock;
    private final double speed;
    private final FleetSimulation simulation;
    private final List<SeriesKey> series;
    private final UaVariableNode[] nodes;
    /** Per node, how a simulated value is published: numbers as Double, states by name, booleans. */
    private final ChannelSpec[] specs;
    private final OpcUaServer server;
    private final Namespace namespace;
    private final ScheduledExecutorService ticker;
    /** Set points written by clients, applied by the ticker at its next update. */
    private final java.util.concurrent.ConcurrentLinkedQueue<PendingWrite> writes =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final long simStart;
    private final long wallStart;
    private volatile long simulatedTime;
    private boolean closed;

    /**
     * Builds and starts the server.
     *
     * @param start    simulated time at the start
     * @param speed    simulated seconds per wall-clock second, e.g. 3600
     * @param interval wall time between updates, e.g. 1 s
     */
    public static SimulationServer start(SimulationPlan plan, long seed, ServerSettings settings, Clock clock,
                                         Instant start, double speed, Duration interval) throws Exception {
        var s = new SimulationServer(plan, seed, settings, clock, start, speed);
        try {
            s.server.startup().get(30, TimeUnit.SECONDS);
            s.tick();
            long ms = Math.max(10, interval.toMillis());
            s.ticker.scheduleAtFixedRate(s::tickSafely, ms, ms, TimeUnit.MILLISECONDS);
            return s;
        } catch (Exception e) {
            s.close();
            throw e;
        }
    }

    private SimulationServer(SimulationPlan plan, long seed, ServerSettings settings, Clock clock, Instant start,
                             double speed) throws Exception {
        if (!(speed > 0) || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("speed " + speed + " must be positive, e.g. 1 or 3600");
        }
        this.plan = Objects.requireNonNull(plan, "plan");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.speed = speed;
        this.simulation = new FleetSimulation(plan.fleet(), plan.settings().withStart(start), plan.twins(), seed,
                new Records.Listener() { });
        this.series = simulation.series();
        this.nodes = new UaVariableNode[series.size()];
        this.specs = new ChannelSpec[series.size()];
        this.simStart = start.toEpochMilli();
        this.wallStart = clock.millis();
        this.simulatedTime = simStart;
        this.server = MiloServers.server(config());
        this.namespace = new Namespace(server);
        this.namespace.startup();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "minetwin-sim-ticker");
            t.setDaemon(true);
            return t;
        });
    }

    private OpcUaServerConfig config() throws Exception {
        MiloServers.Certificate own = MiloServers.selfSigned("minetwin simulator",
                "urn:minetwin:simulator:" + settings.bindAddress() + ":" + settings.port(),
                settings.bindAddress().matches("[0-9.]+") ? settings.bindAddress() : "127.0.0.1");
        // Clients of a simulator are trusted: there is no trust list to manage on a test bench.
        var certificates = MiloServers.acceptingAllClients(own);

        var endpoint = EndpointConfig.newBuilder()
                .setBindAddress(settings.bindAddress())
                .setBindPort(settings.port())
                .setHostname(settings.bindAddress())
                .setPath(ServerSettings.PATH)
                .setCertificate(own.certificate());
        if (settings.users().isEmpty()) {
            endpoint.addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        } else {
            endpoint.addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
        }
        var endpoints = new LinkedHashSet<EndpointConfig>();
        if (settings.secure()) {
            endpoints.add(endpoint.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                    .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        } else {
            endpoints.add(endpoint.copy().setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        Map<String, String> users = settings.users();
        var identity = users.isEmpty() ? AnonymousIdentityValidator.INSTANCE
                : new UsernameIdentityValidator(c -> c.getPassword().equals(users.get(c.getUsername())));
        return OpcUaServerConfig.builder()
                .setApplicationUri("urn:minetwin:simulator:" + settings.bindAddress() + ":" + settings.port())
                .setApplicationName(LocalizedText.english("minetwin simulator: " + plan.fleet().site()))
                .setProductUri("urn:minetwin:simulator")
                .setEndpoints(endpoints)
                .setCertificateManager(certificates)
                .setIdentityValidator(identity)
                .setLimits(new OpcUaServerConfigLimits() { })
                .build();
    }

    public String endpointUrl() {
        return settings.endpointUrl();
    }

    /** The simulated time of the latest update. */
    public Instant simulatedTime() {
        return Instant.ofEpochMilli(simulatedTime);
    }

    /** How many channel variables are served. */
    public int variableCount() {
        return nodes.length;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.error("simulation step failed; the server keeps its last values", e);
        }
    }

    private void tick() {
        long target = simStart + (long) ((clock.millis() - wallStart) * speed);
        if (target <= simulation.time() && simulation.time() != simStart) {
            return;
        }
        for (PendingWrite w; (w = writes.poll()) != null; ) {
            simulation.setPoint(w.key().twin(), w.key().component() + "." + w.key().channel(), w.value());
            LOG.info("set point {} of {} is now {}", w.key().component() + "." + w.key().channel(), w.key().twin(),
                    w.value());
        }
        DateTime now = DateTime.now();
        simulation.step(Math.max(target, simulation.time()), (index, time, value) -> {
            UaVariableNode node = nodes[index];
            if (node != null) {
                node.setValue(new DataValue(variant(specs[index], value), StatusCode.GOOD,
                        new DateTime(Instant.ofEpochMilli(time)), now));
            }
        });
        simulatedTime = simulation.time();
    }

    /**
     * A simulated value as the equipment would publish it: a state channel's index as the state's name,
     * a boolean as true/false, anything else as a Double.
     */
    static Variant variant(ChannelSpec spec, double value) {
        if (spec != null && spec.type() == ValueType.STATE) {
            int i = (int) Math.round(value);
            return new Variant(i >= 0 && i < spec.states().size() ? spec.states().get(i) : "");
        }
        if (spec != null && spec.type() == ValueType.BOOLEAN) {
            return new Variant(value != 0);
        }
        return new Variant(value);
    }

    /** A set point written by a client, waiting for the next update. */
    private record PendingWrite(SeriesKey key, double value) {
    }

    /**
     * Checks a client's write of a set point and queues it: the variable keeps its value until the ticker
     * applies it.
     */
    private final class SetPointWrite implements AttributeFilter {
        private final SeriesKey key;
        private final io.minetwin.model.Writable writable;

        SetPointWrite(SeriesKey key, io.minetwin.model.Writable writable) {
            this.key = key;
            this.writable = writable;
        }

        @Override
        public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
                throws UaException {
            if (attributeId != AttributeId.Value) {
                ctx.writeAttribute(attributeId, value);
                return;
            }
            String user = ctx.getSession().map(Session::getIdentity)
                    .filter(i -> i instanceof Identity.UsernameIdentity)
                    .map(i -> ((Identity.UsernameIdentity) i).getUsername()).orElse(null);
            if (user != null && settings.readOnly().contains(user)) {
                throw new UaException(StatusCodes.Bad_UserAccessDenied);
            }
            Object v = value instanceof DataValue dv ? dv.getValue().getValue() : null;
            if (!(v instanceof Number n)) {
                throw new UaException(StatusCodes.Bad_TypeMismatch);
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d) || !writable.range().contains(d) || !writable.onStep(d)) {
                throw new UaException(StatusCodes.Bad_OutOfRange);
            }
            writes.add(new PendingWrite(key, d));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(10, TimeUnit.SECONDS);
            namespace.shutdown();
            server.shutdown().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("OPC UA server did not shut down cleanly: {}", e.toString());
        }
    }

    private final class Namespace extends SampledNamespace {

        Namespace(OpcUaServer server) {
            super(server, ServerSettings.NAMESPACE_URI);
            getLifecycleManager().addStartupTask(this::build);
        }

        private void build() {
            String site = plan.fleet().site().isEmpty() ? plan.fleet().namespace() : plan.fleet().site();
            UaFolderNode siteNode = folder(plan.fleet().namespace(), site, NodeIds.ObjectsFolder);
            var folders = new HashMap<String, NodeId>();
            var assets = new HashMap<String, NodeId>();
            for (TwinDefinition d : plan.fleet().twins().values()) {
                String path = plan.fleet().namespace() + "/" + d.id().name();
                UaObjectNode asset = UaObjectNode.builder(getNodeContext())
                        .setNodeId(newNodeId(path))
                        .setBrowseName(newQualifiedName(d.id().name()))
                        .setDisplayName(LocalizedText.english(d.id().name()))
                        .setTypeDefinition(NodeIds.BaseObjectType)
                        .build();
                getNodeManager().addNode(asset);
                asset.addReference(new Reference(asset.getNodeId(), NodeIds.Organizes,
                        siteNode.getNodeId().expanded(), false));
                property(asset.getNodeId(), path, "AssetType", new Variant(d.type().name()), NodeIds.String);
                property(asset.getNodeId(), path, "Model", new Variant(d.attributes().model()), NodeIds.String);
                property(asset.getNodeId(), path, "SerialNumber", new Variant(d.attributes().serial()), NodeIds.String);
                d.attributes().parent().ifPresent(p -> property(asset.getNodeId(), path, "InstalledIn",
                        new Variant(p.twin().name() + "/" + p.component()), NodeIds.String));
                assets.put(d.id().name(), asset.getNodeId());
            }
            for (int i = 0; i < series.size(); i++) {
                SeriesKey key = series.get(i);
                TwinDefinition d = plan.fleet().twins().get(key.twin());
                ChannelSpec spec = d.type().channel(key.component(), key.channel()).orElseThrow();
                String compPath = plan.fleet().namespace() + "/" + key.twin().name() + "/" + key.component();
                NodeId comp = folders.computeIfAbsent(compPath, p -> folder(p, key.component(),
                        assets.get(key.twin().name())).getNodeId());
                String path = compPath + "/" + key.channel();
                boolean writable = spec.writable().isPresent()
                        && simulation.isSetPoint(key.twin(), key.component() + "." + key.channel());
                UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(newNodeId(path))
                        .setBrowseName(newQualifiedName(key.channel()))
                        .setDisplayName(LocalizedText.english(key.channel()))
                        .setDescription(LocalizedText.english(describe(spec)))
                        .setDataType(spec.type() == ValueType.STATE ? NodeIds.String
                                : spec.type() == ValueType.BOOLEAN ? NodeIds.Boolean : NodeIds.Double)
                        .setTypeDefinition(spec.type().isNumeric() ? NodeIds.AnalogItemType : NodeIds.BaseDataVariableType)
                        .setAccessLevel(writable ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                                : Set.of(AccessLevel.CurrentRead))
                        .setUserAccessLevel(writable ? Set.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)
                                : Set.of(AccessLevel.CurrentRead))
                        .setMinimumSamplingInterval(0.0)
                        .setValue(new DataValue(variant(spec, 0.0), StatusCode.UNCERTAIN, null, null))
                        .build();
                if (writable) {
                    v.getFilterChain().addLast(new SetPointWrite(key, spec.writable().get()));
                }
                getNodeManager().addNode(v);
                v.addReference(new Reference(v.getNodeId(), NodeIds.Organizes, comp.expanded(), false));
                var eu = new EUInformation(null, -1, LocalizedText.english(spec.unit()), LocalizedText.english(spec.unit()));
                property(v.getNodeId(), path, "EngineeringUnits",
                        new Variant(ExtensionObject.encode(getServer().getStaticEncodingContext(), eu)),
                        NodeIds.EUInformation);
                io.minetwin.model.Range r = spec.physical();
                double lo = r.hasMin() ? r.min() : spec.type().isNumeric() ? -1e9 : 0;
                double hi = r.hasMax() ? r.max() : spec.type().isNumeric() ? 1e9 : Math.max(1, spec.states().size() - 1);
                property(v.getNodeId(), path, "EURange", new Variant(ExtensionObject.encode(
                        getServer().getStaticEncodingContext(), new Range(lo, hi))), NodeIds.Range);
                nodes[i] = v;
                specs[i] = spec;
            }
        }

        private String describe(ChannelSpec spec) {
            String text = spec.description();
            if (!spec.states().isEmpty()) {
                List<String> states = new ArrayList<>();
                for (int i = 0; i < spec.states().size(); i++) {
                    states.add(i + "=" + spec.states().get(i));
                }
                text = (text.isEmpty() ? "" : text + "; ") + "state index: " + String.join(", ", states);
            }
            return text;
        }

        private void property(NodeId owner, String ownerPath, String name, Variant value, NodeId dataType) {
            UaVariableNode prop = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(ownerPath + "/" + name))
                    .setBrowseName(new QualifiedName(0, name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(dataType)
                    .setTypeDefinition(NodeIds.PropertyType)
                    .setAccessLevel(Set.of(AccessLevel.CurrentRead))
                    .setUserAccessLevel(Set.of(AccessLevel.CurrentRead))
                    .setValue(new DataValue(value))
                    .build();
            getNodeManager().addNode(prop);
            prop.addReference(new Reference(prop.getNodeId(), NodeIds.HasProperty, owner.expanded(), false));
        }
    }
}
