package io.minetwin.connectors.opcua.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.milo.server.MiloServers;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinChange;
import io.minetwin.model.TwinId;
import io.minetwin.model.TwinListener;
import io.minetwin.model.TwinRepository;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.RoleMapper;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OPC UA server of twin state, forecasts and history for SCADA systems (Eclipse Milo).
 *
 * <h2>What it serves</h2>
 * {@code Objects/minetwin/<site>/<asset>/<component>/<channel>} variables with EngineeringUnits and
 * EURange, asset attributes as properties, a {@code Health} object per component with the latest
 * forecast, HistoryRead raw and processed (Average, Minimum, Maximum, Count) on channels from a
 * {@link SeriesReader}, alert level changes and model changes as events of the Server object. See
 * {@link TwinNamespace} for the layout and the push of values.
 * The engine's alerts are also alarm conditions with Acknowledge, Confirm and ConditionRefresh
 * ({@link ScadaAlarms}, fed by the engine through {@link #alarms()}).
 *
 * <h2>Where values come from</h2>
 * Channel variables read their value from the repository when a client reads it (the repository's
 * reads take no lock), so they are never stale and hold no copy. A {@link TwinListener} on the repository
 * receives every change; the store is never polled. Channel changes, the bulk, only mark the monitored
 * channel changed on the ingest thread ({@link LatestValueOutbox}); one thread, {@code minetwin-scada-notify},
 * samples the marked channels from the twin state and hands each monitored item at most one value per its
 * sampling interval (the latest; at least {@link ScadaLimits#minSamplingInterval()}), so faster changes are
 * coalesced rather than each pushed through Milo. For a twin nobody monitors the hand-off is one map lookup;
 * it never waits and builds no value, so no SCADA client can slow ingest. Rarer
 * changes (twins registered, replaced or removed, new forecasts, with alert events) take longer and go
 * through a bounded queue to one thread, {@code minetwin-scada}, in order; when that queue is full the
 * listener waits, slowing ingest rather than dropping or reordering changes.
 *
 * <h2>Limits</h2>
 * {@link ScadaLimits}: sessions, subscriptions and monitored items per session (Milo answers past them with
 * Bad_TooManySessions, Bad_TooManySubscriptions, Bad_TooManyMonitoredItems), queue sizes and HistoryRead
 * values per call.
 *
 * <h2>Security</h2>
 * The endpoint is Basic256Sha256 with SignAndEncrypt, for the configured users (user name and password,
 * checked against {@link PasswordHash}es, each mapped to a {@link ScadaRole}); client certificates must be
 * in the PKI folder's trust list ({@link ServerPki}). With {@code allowAnonymousNone}, a second endpoint
 * with security None admits anonymous sessions. Every node is read-only for everyone; every attempted Write
 * or HistoryUpdate is recorded in the {@link ScadaAudit} with the user, the client's address and the outcome, as
 * is every Acknowledge and Confirm of an alarm condition (users with a role only).
 */
public final class ScadaServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScadaServer.class);
    static final int QUEUE_CAPACITY = 65_536;

    private final ScadaServerSettings settings;
    private final TwinRepository repository;
    private final ServerPki pki;
    private final OpcUaServer server;
    private final TwinNamespace namespace;
    private final ScadaAlarms alarms;
    private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    /** Queued changes (twins added or removed, forecasts) applied by the server thread. */
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong queueWaits = new AtomicLong();
    private final TwinListener listener = this::enqueue;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile String lastError;
    private int port;
    private boolean closed;

    private record Queued(long seq, TwinChange change) {
    }

    /** A user who opened a session, with the role it was given. */
    record User(String name, ScadaRole role) {
    }

    /** What the server is doing, for status pages. */
    public record Status(List<String> endpoints, int twins, int nodes, int sessions, int monitoredItems,
                         long changesApplied, int queued, long queueWaits, long notifications, long events,
                         long historyReads, Optional<String> lastError, int valuesWaiting, long valuesCoalesced,
                         long monitoredChanges, double minSamplingInterval) {
    }

    private ScadaServer(ScadaServerSettings settings, TwinRepository repository, SeriesReader history,
                        ScadaAudit audit) throws Exception {
        this.settings = settings;
        this.repository = repository;
        this.pki = ServerPki.open(settings.pkiDir(), settings.hostname());
        this.port = settings.port() == 0 ? freePort(settings.bindAddress()) : settings.port();
        this.server = MiloServers.server(config());
        // Replaces Milo's attribute services on the endpoint path with the same services, audited.
        this.server.addServiceSet(settings.path(), new AuditingAttributeServiceSet(server, audit,
                settings.users().stream().collect(Collectors.toMap(ScadaUser::name, u -> u))));
        this.namespace = new TwinNamespace(server, repository::twin, history, settings.maxValuesPerRead(),
                settings.limits());
        this.alarms = new ScadaAlarms(server, settings.users().stream().collect(Collectors.toMap(ScadaUser::name,
                u -> u)), audit);
        this.worker = new Thread(this::drain, "minetwin-scada");
        this.worker.setDaemon(true);
    }

    /**
     * Builds the address space from {@code repository}'s twins, starts serving and follows the repository's
     * changes until {@link #close}.
     *
     * @throws ConnectorException if the port cannot be bound or the PKI folder cannot be set up, saying what to do
     */
    public static ScadaServer start(ScadaServerSettings settings, TwinRepository repository, SeriesReader history) {
        return start(settings, repository, history, ScadaAudit.NONE);
    }

    /** As {@link #start(ScadaServerSettings, TwinRepository, SeriesReader)}, recording clients' writes in {@code audit}. */
    public static ScadaServer start(ScadaServerSettings settings, TwinRepository repository, SeriesReader history,
                                    ScadaAudit audit) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(audit, "audit");
        ScadaServer s = null;
        try {
            s = new ScadaServer(settings, repository, history, audit);
            s.namespace.startup();
            s.alarms.startup();
            s.server.startup().get(60, TimeUnit.SECONDS);
            s.alarms.install();
            // Listen first, then read the state: changes queued before the read are applied only where they follow it.
            repository.addListener(s.listener);
            List<Twin> twins = repository.twins();
            long sync = s.seq.get();
            for (Twin t : twins) {
                s.namespace.build(t, sync);
            }
            s.worker.start();
            LOG.info("SCADA server serving {} twins at {}", twins.size(), s.endpointUrl());
            return s;
        } catch (ConnectorException e) {
            if (s != null) {
                s.close();
            }
            throw e;
        } catch (Exception e) {
            if (s != null) {
                s.close();
            }
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConnectorException("the SCADA OPC UA server cannot start on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + cause + "; check that the port is free (another minetwin or OPC UA"
                    + " server?) or choose another: scada.port in the configuration, --scada-port for the demo", cause);
        } catch (Error e) {
            if (s != null) {
                s.close();
            }
            throw e;
        }
    }

    private OpcUaServerConfig config() throws Exception {
        X509Certificate certificate = pki.certificate();
        var validator = new DefaultServerCertificateValidator(pki.trustList(), pki.quarantine());
        var certificates = MiloServers.certificateManager(new MiloServers.Certificate(pki.keyPair(), certificate),
                pki.trustList(), validator, pki.quarantine());

        var base = EndpointConfig.newBuilder()
                .setBindAddress(settings.bindAddress())
                .setBindPort(port)
                .setHostname(settings.hostname())
                .setPath(settings.path())
                .setCertificate(certificate);
        var endpoints = new LinkedHashSet<EndpointConfig>();
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME).build());
        if (settings.allowAnonymousNone()) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS).build());
        }
        Map<String, ScadaUser> users = settings.users().stream()
                .collect(Collectors.toMap(ScadaUser::name, u -> u));
        var passwords = new UsernameIdentityValidator(c -> {
            ScadaUser u = users.get(c.getUsername());
            boolean ok = u != null && PasswordHash.verify(c.getPassword(), u.passwordHash());
            if (!ok) {
                LOG.warn("SCADA login refused for user '{}'", c.getUsername());
            }
            return ok;
        });
        var identity = settings.allowAnonymousNone()
                ? new CompositeValidator(AnonymousIdentityValidator.INSTANCE, passwords) : passwords;
        RoleMapper roles = id -> roleIds(id, users);
        return OpcUaServerConfig.builder()
                .setApplicationUri(ServerPki.APPLICATION_URI)
                .setApplicationName(LocalizedText.english("minetwin SCADA server"))
                .setProductUri("urn:minetwin")
                .setEndpoints(endpoints)
                .setCertificateManager(certificates)
                .setIdentityValidator(identity)
                .setRoleMapper(roles)
                .setLimits(limits(settings.limits()))
                .build();
    }

    /** Milo's limits from ours; Milo refuses past them with the Bad_TooMany* status of each. */
    private static OpcUaServerConfigLimits limits(ScadaLimits l) {
        return new OpcUaServerConfigLimits() {
            @Override
            public UInteger getMaxSessions() {
                return uint(l.maxSessions());
            }

            @Override
            public UInteger getMaxSubscriptionsPerSession() {
                return uint(l.maxSubscriptionsPerSession());
            }

            @Override
            public UInteger getMaxSubscriptions() {
                return uint((int) Math.min(Integer.MAX_VALUE, (long) l.maxSessions() * l.maxSubscriptionsPerSession()));
            }

            @Override
            public UInteger getMaxMonitoredItemsPerSession() {
                return uint(l.maxMonitoredItemsPerSession());
            }

            @Override
            public UInteger getMaxMonitoredItems() {
                return uint((int) Math.min(Integer.MAX_VALUE, (long) l.maxSessions() * l.maxMonitoredItemsPerSession()));
            }

            @Override
            public Double getMinSupportedSampleRate() {
                return l.minSamplingInterval();
            }

            @Override
            public UInteger getMaxMonitoredItemsPerCall() {
                // one call may ask for a session's whole share; the per-session limit refuses the rest item by item
                return uint(Math.max(OpcUaServerConfigLimits.super.getMaxMonitoredItemsPerCall().intValue(),
                        l.maxMonitoredItemsPerSession()));
            }

            @Override
            public UInteger getMaxNodesPerHistoryReadData() {
                // so that every node of a call gets at least one value of the call's share
                return uint(Math.min(OpcUaServerConfigLimits.super.getMaxNodesPerHistoryReadData().intValue(),
                        l.maxHistoryPointsPerCall()));
            }
        };
    }

    /** Part 3 well-known roles: scada users and anonymous sessions observe, admins are also SecurityAdmin. */
    private static List<NodeId> roleIds(Identity identity, Map<String, ScadaUser> users) {
        if (identity instanceof Identity.UsernameIdentity u) {
            ScadaUser user = users.get(u.getUsername());
            if (user != null && user.role() == ScadaRole.ADMIN) {
                return List.of(NodeIds.WellKnownRole_Observer, NodeIds.WellKnownRole_SecurityAdmin,
                        NodeIds.WellKnownRole_ConfigureAdmin);
            }
            return List.of(NodeIds.WellKnownRole_Observer);
        }
        return List.of(NodeIds.WellKnownRole_Anonymous);
    }

    private void enqueue(TwinChange change) {
        if (!running) {
            return;
        }
        if (change instanceof TwinChange.Updated u) {
            // Channel changes are handed to the outbox here, without waiting; nodes read the repository.
            try {
                namespace.updated(u.twin(), u.updates());
            } catch (RuntimeException e) {
                lastError = "change to " + u.twin() + " not shown: " + e;
                LOG.error("SCADA server could not apply a change to {}", u.twin(), e);
            }
            applied.incrementAndGet();
            return;
        }
        var q = new Queued(seq.incrementAndGet(), change);
        if (!queue.offer(q)) {
            queueWaits.incrementAndGet();
            try {
                while (running && !queue.offer(q, 100, TimeUnit.MILLISECONDS)) {
                    // the server thread is behind: wait rather than drop or reorder
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void drain() {
        var batch = new ArrayList<Queued>(1024);
        while (running || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                List<TwinId> added = new ArrayList<>();
                List<TwinId> removed = new ArrayList<>();
                for (Queued q : batch) {
                    try {
                        apply(q, added, removed);
                    } catch (RuntimeException e) {
                        lastError = "change to " + q.change().twin() + " not shown: " + e;
                        LOG.error("SCADA server could not apply a change to {}", q.change().twin(), e);
                    }
                }
                applied.addAndGet(batch.size());
                drained.addAndGet(batch.size());
                batch.clear();
                namespace.modelChanged(added, true);
                namespace.modelChanged(removed, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void apply(Queued q, List<TwinId> added, List<TwinId> removed) {
        TwinChange c = q.change();
        if (c instanceof TwinChange.HealthUpdated h) {
            namespace.health(h.twin(), h.component(), h.before(), h.after(), q.seq());
        } else if (c instanceof TwinChange.Registered r) {
            Optional<Twin> t = repository.twin(r.twin());
            long sync = seq.get();
            if (t.isPresent() && namespace.build(t.get(), sync)) {
                added.add(r.twin());
            }
        } else if (c instanceof TwinChange.Restored r) {
            long sync = seq.get();
            namespace.build(repository.twin(r.twin()).orElse(r.state()), sync);
        } else if (c instanceof TwinChange.Removed r) {
            if (namespace.remove(r.twin())) {
                removed.add(r.twin());
            }
        }
    }

    /** The URL of the endpoints, e.g. {@code opc.tcp://127.0.0.1:4840/minetwin}. */
    public String endpointUrl() {
        return settings.endpointUrl(port);
    }

    /** The port bound (the configured one, or the free one picked for port 0). */
    public int port() {
        return port;
    }

    /** The engine's component alerts as OPC UA alarm conditions ({@link ScadaAlarms}). */
    public ScadaAlarms alarms() {
        return alarms;
    }

    public ServerPki pki() {
        return pki;
    }

    /** One line per endpoint, e.g. {@code opc.tcp://127.0.0.1:4840/minetwin Basic256Sha256/SignAndEncrypt, user name}. */
    public List<String> describeEndpoints() {
        List<String> out = new ArrayList<>();
        out.add(endpointUrl() + "  Basic256Sha256/SignAndEncrypt, user name and password (" + settings.users().size()
                + " users)");
        if (settings.allowAnonymousNone()) {
            out.add(endpointUrl() + "  None, anonymous, read-only");
        }
        return out;
    }

    /**
     * Waits until every queued change (twins added or removed, forecasts) is applied to the nodes and every channel
     * value handed to the monitored items (or replaced by a later one that was), or the timeout passes; true if so.
     */
    public boolean awaitApplied(long timeoutMillis) throws InterruptedException {
        long target = seq.get();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (queue.isEmpty() && drained.get() >= target && namespace.outbox.idle()) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    public Status status() {
        return new Status(describeEndpoints(), namespace.twinCount(), namespace.nodeCount(),
                server.getSessionManager().getAllSessions().size(), namespace.monitoredItems(), applied.get(),
                queue.size(), queueWaits.get(), namespace.notifications.sum(), namespace.events.sum(),
                namespace.historyReads.sum(), Optional.ofNullable(lastError), namespace.outbox.waiting(),
                namespace.outbox.coalesced(), namespace.outbox.changes(), settings.limits().minSamplingInterval());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        repository.removeListener(listener);
        running = false;
        try {
            if (worker.isAlive()) {
                worker.join(10_000);
            }
            namespace.shutdown();
            alarms.shutdown();
            namespace.outbox.close();
            server.shutdown().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("SCADA OPC UA server did not shut down cleanly: {}", e.toString());
        } finally {
            pki.close();
        }
    }

    private static int freePort(String bind) {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bind))) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new ConnectorException("no free port on " + bind + ": " + e.getMessage(), e);
        }
    }
}
