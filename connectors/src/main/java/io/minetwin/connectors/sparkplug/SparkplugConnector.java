package io.minetwin.connectors.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.minetwin.connectors.opcua.ChannelCatalog;
import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.opcua.IngestSink;
import io.minetwin.connectors.sparkplug.EdgeNodeState.DeviceState;
import io.minetwin.connectors.sparkplug.EdgeNodeState.MetricTable;
import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the twins fed by the Sparkplug B edge nodes of one MQTT broker, as a Sparkplug host application:
 * subscribes to the Sparkplug namespace, learns metrics and aliases from births, maps them to channels by the
 * broker's rules, hands data to an {@link IngestSink}, marks channels stale on deaths, and asks edge nodes to
 * be reborn when it cannot trust what it has.
 *
 * <p>Session rules (Sparkplug 3.0). An {@code NBIRTH} starts an edge node's session: its metrics and aliases
 * replace what was known, its devices must be born again, and its {@code bdSeq} is remembered. Every later
 * message of the node (its {@code NDATA}, and its devices' {@code DBIRTH}, {@code DDATA}, {@code DDEATH})
 * carries the next sequence number modulo 256; a gap, data of a node or device that is not born, or a metric
 * alias no birth announced makes the connector publish {@code Node Control/Rebirth = true} on the node's
 * {@code NCMD} topic (at most once per {@code rebirth-interval} while no birth comes). An {@code NDEATH}
 * counts only if its {@code bdSeq} is the current session's (the broker may deliver the will of an older
 * connection late). A death, or the loss of the broker connection, marks every channel the node (or device)
 * feeds stale: its last value again, with bad quality, so the twin shows the value is no longer live; and a
 * gap event per twin is recorded then, and again with the outage's extent when the node is reborn. Metrics
 * flagged {@code is_historical} (store-and-forward) go to history only, never to live state.
 *
 * <p>Concurrency design. Paho delivers messages one at a time on its callback thread; they are handled under
 * one lock that also guards the session state, so the loss of the connection (reported on another Paho
 * thread) is handled between messages. {@link IngestSink#accept} may block; that stalls Paho's callback
 * thread and, through TCP, the broker's delivery: the backpressure. The broker connection is re-established
 * by Paho with backoff (1 s doubling to 30 s); the first connection is retried here with the same backoff.
 * Counters are lock-free.
 */
public final class SparkplugConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SparkplugConnector.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    /** The metric an edge node's birth and will carry to pair deaths with sessions. */
    static final String BD_SEQ = "bdSeq";
    /** The command metric that asks an edge node to publish its births again. */
    public static final String REBIRTH = "Node Control/Rebirth";

    private final BrokerConfig config;
    private final IngestSink sink;
    private final Clock clock;
    private final MetricMapper mapper;
    private final ScheduledExecutorService control;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final Map<String, EdgeNodeState> nodes = new HashMap<>();
    private final Map<SeriesKey, LastLive> lastLive = new HashMap<>();

    private final LongAdder messages = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder historical = new LongAdder();
    private final LongAdder staleMarked = new LongAdder();
    private final LongAdder rebirthRequests = new LongAdder();
    private final LongAdder sequenceGaps = new LongAdder();
    private final LongAdder unknownMetrics = new LongAdder();
    private final LongAdder ignoredDeaths = new LongAdder();
    private final LongAdder undecodable = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder undelivered = new LongAdder();

    private volatile SparkplugStatus.State state = SparkplugStatus.State.CONNECTING;
    private volatile int nodesOnline;
    private volatile int devicesOnline;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile MqttAsyncClient client;
    private volatile boolean closed;
    private int attempts;
    /** The timestamp of this session's STATE birth and of its will (Sparkplug 3.0: they must match). */
    private volatile long stateTimestamp;

    // Rate of messages, updated by status().
    private long rateCount;
    private long rateNanos = System.nanoTime();
    private double rate;

    /** The last live value delivered for a channel, which a death marks stale. */
    private record LastLive(Instant time, Value value) {
    }

    /**
     * @param config  the broker and its mappings
     * @param catalog which channels exist, and their units
     * @param sink    where samples and gaps go
     * @param clock   the engine's clock, for deaths, gaps and metrics without timestamps
     */
    public SparkplugConnector(BrokerConfig config, ChannelCatalog catalog, IngestSink sink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = new MetricMapper(config.mappings(), Objects.requireNonNull(catalog, "catalog"));
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkplug-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    public BrokerConfig config() {
        return config;
    }

    /** Starts connecting in the background; {@link #status()} tells how it goes. */
    public void start() {
        control.execute(this::connect);
    }

    /** A snapshot of the connector's state and counters. */
    public synchronized SparkplugStatus status() {
        long now = System.nanoTime();
        long count = messages.sum();
        if (now - rateNanos >= 1_000_000_000L) {
            rate = (count - rateCount) * 1e9 / (now - rateNanos);
            rateCount = count;
            rateNanos = now;
        }
        return new SparkplugStatus(config.name(), config.url(), state, nodesOnline, devicesOnline, count, rate,
                samples.sum(), historical.sum(), staleMarked.sum(), rebirthRequests.sum(), sequenceGaps.sum(),
                unknownMetrics.sum(), ignoredDeaths.sum(), undecodable.sum(), gaps.sum(), mapper.unmapped(),
                Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt));
    }

    // ---------------------------------------------------------------- connecting

    private void connect() {
        if (closed) {
            return;
        }
        MqttAsyncClient c = null;
        try {
            MqttConnectOptions options = options();
            if (config.stateTopic().isPresent()) {
                stateTimestamp = clock.millis();
                options.setWill(config.stateTopic().get(), statePayload(false, stateTimestamp), 1, true);
            }
            c = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence());
            c.setCallback(new Callback());
            client = c;
            c.connect(options).waitForCompletion(options.getConnectionTimeout() * 1000L + 5_000);
            attempts = 0;
        } catch (MqttException | RuntimeException e) {
            error(describe(e));
            if (c != null) {
                closeQuietly(c);
            }
            client = null;
            long delay = backoff(attempts).toMillis();
            attempts++;
            if (!closed) {
                LOG.warn("sparkplug broker {}: {}; retrying in {} ms", config.name(), lastError, delay);
                control.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private MqttConnectOptions options() {
        var o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay((int) MAX_BACKOFF_MS);
        o.setKeepAliveInterval((int) config.keepAlive().getSeconds());
        o.setConnectionTimeout(10);
        o.setMaxInflight(1_000);
        if (config.identity() instanceof Identity.UserPassword up) {
            o.setUserName(up.user());
            o.setPassword(up.password().toCharArray());
        }
        if (config.url().startsWith("ssl://")) {
            o.setSocketFactory(sslContext().getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (config.truststore().isPresent()) {
                BrokerConfig.Truststore ts = config.truststore().get();
                String type = ts.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS"
                        : "PKCS12";
                KeyStore ks = KeyStore.getInstance(type);
                try (InputStream in = Files.newInputStream(ts.file())) {
                    ks.load(in, ts.password());
                }
                if (ks.size() == 0) {
                    throw new ConnectorException("truststore " + ts.file() + " of broker '" + config.name()
                            + "' holds no certificate; import the certificate of the CA that signed the broker's, e.g."
                            + " keytool -importcert -file ca.pem -alias ca -keystore " + ts.file().getFileName()
                            + " -storetype PKCS12");
                }
                tmf.init(ks);
            } else {
                tmf.init((KeyStore) null);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (NoSuchFileException e) {
            throw new ConnectorException("truststore " + e.getFile() + " of broker '" + config.name() + "' does not"
                    + " exist; give the path of a PKCS#12 (or .jks) file with the certificate that signed the broker's");
        } catch (IOException e) {
            throw new ConnectorException("truststore " + config.truststore().map(t -> t.file().toString()).orElse("")
                    + " of broker '" + config.name() + "' cannot be read (" + e.getMessage() + "); check its"
                    + " truststore-password-env and that it is a PKCS#12 or .jks file", e);
        } catch (GeneralSecurityException e) {
            throw new ConnectorException("TLS of broker '" + config.name() + "' cannot be set up: " + e.getMessage(), e);
        }
    }

    private String describe(Throwable e) {
        if (e instanceof ConnectorException) {
            return e.getMessage();
        }
        Throwable root = e;
        boolean tls = false;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            tls |= root instanceof SSLException || root instanceof java.security.cert.CertificateException;
        }
        if (e instanceof MqttException me) {
            return switch (me.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION, MqttException.REASON_CODE_NOT_AUTHORIZED ->
                        "broker " + config.url() + " refused the login (wrong user name or password, or the user may"
                        + " not connect); check 'user' and 'password-env' of broker '" + config.name()
                        + "' and the broker's access rules";
                case MqttException.REASON_CODE_INVALID_CLIENT_ID -> "broker " + config.url() + " refused client id '"
                        + config.clientId() + "'; set 'client-id' of broker '" + config.name() + "'";
                default -> tls
                        ? "TLS handshake with " + config.url() + " failed (" + root.getMessage() + "); the broker's"
                        + " certificate must be signed by one in broker '" + config.name() + "''s truststore and"
                        + " name the host of its url"
                        : "cannot connect to " + config.url() + " (" + me.getMessage()
                        + (root != e ? ": " + root.getMessage() : "") + "); is the broker running and reachable?";
            };
        }
        return e.toString();
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = clock.instant();
    }

    /** How long the connector waits before its next first-connection attempt: 1 s doubling to 30 s. */
    static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(MAX_BACKOFF_MS, 1000L << Math.min(attempt, 5)));
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (closed) {
                return;
            }
            MqttAsyncClient c = client;
            try {
                List<String> filters = new ArrayList<>(config.topicFilters());
                // the host's own STATE topic, to answer a false death on it (spBv1.0/# covers it already)
                config.stateTopic().filter(t -> !filters.contains(SparkplugTopic.NAMESPACE + "/#")).ifPresent(filters::add);
                int[] qos = new int[filters.size()];
                java.util.Arrays.fill(qos, 1);
                c.subscribe(filters.toArray(String[]::new), qos);
                // not waited for on Paho's callback thread, which completes the tokens; MQTT keeps the order
                publishState(c, true, false);
                state = SparkplugStatus.State.CONNECTED;
                LOG.info("sparkplug broker {} {}connected to {}; subscribed to {}", config.name(),
                        reconnect ? "re" : "", serverURI, String.join(", ", filters));
            } catch (MqttException e) {
                error("subscribing to " + config.topicFilters() + " failed: " + e.getMessage()
                        + "; check the broker's access rules for this client");
                LOG.error("sparkplug broker {}: {}", config.name(), lastError);
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (closed) {
                return;
            }
            state = SparkplugStatus.State.RECONNECTING;
            error("connection to " + config.url() + " lost (" + (cause == null ? "?" : cause.getMessage())
                    + "); reconnecting");
            LOG.warn("sparkplug broker {}: {}", config.name(), lastError);
            lock.lock();
            try {
                String reason = "the connection to broker " + config.name() + " was lost";
                for (EdgeNodeState n : nodes.values()) {
                    if (n.online) {
                        nodeOffline(n, reason);
                    }
                }
                countOnline();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (config.stateTopic().isPresent() && topic.equals(config.stateTopic().get())) {
                stateArrived(message);
                return;
            }
            Optional<SparkplugTopic> t = SparkplugTopic.parse(topic);
            if (t.isEmpty() || closed) {
                return;
            }
            messages.increment();
            Payload p;
            try {
                p = Payload.parseFrom(message.getPayload());
            } catch (InvalidProtocolBufferException e) {
                undecodable.increment();
                error("message on " + topic + " is not a Sparkplug B payload (" + e.getMessage() + "); ignored");
                LOG.debug("sparkplug broker {}: {}", config.name(), lastError);
                return;
            }
            lock.lock();
            try {
                handle(t.get(), p);
            } catch (InterruptedException e) {
                LOG.warn("sparkplug broker {}: interrupted while the engine was full; message on {} not delivered",
                        config.name(), topic);
                undelivered.increment();
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error("message on " + topic + " could not be handled: " + e);
                LOG.error("sparkplug broker {}: {}", config.name(), lastError, e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // rebirth commands are sent at QoS 0; nothing to track
        }
    }

    // ---------------------------------------------------------------- session handling (under lock)

    private void handle(SparkplugTopic t, Payload p) throws InterruptedException {
        switch (t.type()) {
            case NBIRTH -> nodeBirth(t, p);
            case NDEATH -> nodeDeath(t, p);
            case NDATA, DBIRTH, DDATA, DDEATH -> fromSession(t, p);
            case NCMD, DCMD -> {
                // commands to edge nodes, ours among them
            }
        }
    }

    private void nodeBirth(SparkplugTopic t, Payload p) throws InterruptedException {
        EdgeNodeState n = nodes.computeIfAbsent(t.nodeKey(), k -> new EdgeNodeState(t.group(), t.edgeNode()));
        Instant now = clock.instant();
        if (n.offlineSince != null) {
            Set<TwinId> twins = new LinkedHashSet<>(n.metrics.twins());
            for (DeviceState d : n.devices.values()) {
                twins.addAll(d.metrics.twins());
            }
            recordGap(twins, n.offlineSince, now, Map.of("edge-node", n.key(), "reason", n.offlineReason
                    + "; reborn at " + now, "state", "reborn"));
        }
        n.metrics.clear();
        for (DeviceState d : n.devices.values()) {
            d.online = false;
            d.offlineSince = null;
            d.metrics.clear();
        }
        n.online = true;
        n.offlineSince = null;
        n.offlineReason = null;
        n.rebirthPending = false;
        n.bdSeq = bdSeq(p);
        n.lastSeq = p.hasSeq() ? (int) (p.getSeq() & 0xFF) : 0;
        int mapped = bind(n.metrics, p, t);
        countOnline();
        LOG.info("sparkplug broker {}: edge node {} born (bdSeq {}): {} metrics, {} mapped to channels",
                config.name(), n.key(), n.bdSeq, n.metrics.byName.size(), mapped);
        deliver(p, n.metrics, n, true);
    }

    private void nodeDeath(SparkplugTopic t, Payload p) throws InterruptedException {
        EdgeNodeState n = nodes.get(t.nodeKey());
        if (n == null) {
            return;
        }
        Long bd = bdSeq(p);
        if (n.bdSeq != null && bd != null && !bd.equals(n.bdSeq)) {
            ignoredDeaths.increment();
            LOG.info("sparkplug broker {}: NDEATH of {} with bdSeq {} ignored: the current session was born with"
                    + " bdSeq {}", config.name(), n.key(), bd, n.bdSeq);
            return;
        }
        if (n.online) {
            nodeOffline(n, "edge node " + n.key() + " died (NDEATH" + (bd == null ? "" : ", bdSeq " + bd) + ")");
            countOnline();
        }
    }

    /** Messages within a node's session: sequence-checked, and only trusted after the births they depend on. */
    private void fromSession(SparkplugTopic t, Payload p) throws InterruptedException {
        EdgeNodeState n = nodes.get(t.nodeKey());
        if (n == null || !n.online) {
            if (n == null) {
                n = new EdgeNodeState(t.group(), t.edgeNode());
                nodes.put(t.nodeKey(), n);
            }
            requestRebirth(n, t.type() + " from an edge node without a current NBIRTH");
            return;
        }
        int seq = p.hasSeq() ? (int) (p.getSeq() & 0xFF) : -1;
        if (seq != n.expectedSeq()) {
            sequenceGaps.increment();
            requestRebirth(n, "sequence gap: expected seq " + n.expectedSeq() + " after " + n.lastSeq + ", got "
                    + (seq < 0 ? "none" : seq));
        }
        if (seq >= 0) {
            n.lastSeq = seq;
        }
        if (t.type() == SparkplugTopic.MessageType.NDATA) {
            deliver(p, n.metrics, n, false);
            return;
        }
        String deviceId = t.device().orElseThrow();
        DeviceState d = n.devices.get(deviceId);
        switch (t.type()) {
            case DBIRTH -> {
                if (d == null) {
                    d = new DeviceState(deviceId);
                    n.devices.put(deviceId, d);
                }
                Instant now = clock.instant();
                if (d.offlineSince != null) {
                    recordGap(d.metrics.twins(), d.offlineSince, now, Map.of("edge-node", n.key(), "device", deviceId,
                            "reason", d.offlineReason + "; reborn at " + now, "state", "reborn"));
                }
                d.metrics.clear();
                d.online = true;
                d.offlineSince = null;
                d.offlineReason = null;
                int mapped = bind(d.metrics, p, t);
                countOnline();
                LOG.info("sparkplug broker {}: device {}/{} born: {} metrics, {} mapped to channels", config.name(),
                        n.key(), deviceId, d.metrics.byName.size(), mapped);
                deliver(p, d.metrics, n, true);
            }
            case DDATA -> {
                if (d == null || !d.online) {
                    requestRebirth(n, "DDATA of device " + deviceId + " without a current DBIRTH");
                    return;
                }
                deliver(p, d.metrics, n, false);
            }
            case DDEATH -> {
                if (d != null && d.online) {
                    String reason = "device " + n.key() + "/" + deviceId + " died (DDEATH)";
                    Instant now = clock.instant();
                    d.online = false;
                    d.offlineSince = now;
                    d.offlineReason = reason;
                    markStale(d.metrics.series(), reason, now);
                    recordGap(d.metrics.twins(), now, now, Map.of("edge-node", n.key(), "device", deviceId,
                            "reason", reason + "; its channels are stale until the device is born again",
                            "state", "stale"));
                    countOnline();
                }
            }
            default -> throw new IllegalStateException("not a device message: " + t.type());
        }
    }

    /** Takes a node offline: its channels and its devices' are marked stale, and a gap event opened. */
    private void nodeOffline(EdgeNodeState n, String reason) throws InterruptedException {
        Instant now = clock.instant();
        Set<SeriesKey> series = new LinkedHashSet<>(n.metrics.series());
        for (DeviceState d : n.devices.values()) {
            if (d.online) {
                series.addAll(d.metrics.series());
                d.online = false;
            }
            // A device's outage is its node's from now on; it is closed by the node's birth.
            d.offlineSince = null;
        }
        n.online = false;
        n.offlineSince = now;
        n.offlineReason = reason;
        markStale(series, reason, now);
        var twins = new LinkedHashSet<TwinId>();
        for (SeriesKey s : series) {
            twins.add(s.twin());
        }
        recordGap(twins, now, now, Map.of("edge-node", n.key(), "reason", reason
                + "; its channels are stale until the edge node is born again", "state", "stale"));
    }

    /** Binds the metrics of a birth; returns how many feed a channel. */
    private int bind(MetricTable table, Payload p, SparkplugTopic t) {
        int mapped = 0;
        for (Payload.Metric m : p.getMetricsList()) {
            if (!m.hasName() || m.getName().isEmpty()) {
                unknownMetrics.increment();
                continue;
            }
            String name = m.getName();
            if (control(name)) {
                continue;
            }
            MetricBinding b = mapper.bind(t.group(), t.edgeNode(), t.device(), name, m.getDatatype(), Metrics.unit(m));
            table.put(b, m.hasAlias() ? m.getAlias() : null);
            if (b.series().isPresent()) {
                mapped++;
            }
        }
        return mapped;
    }

    private static boolean control(String name) {
        return name.equals(BD_SEQ) || name.startsWith("Node Control/") || name.startsWith("Device Control/");
    }

    /** Delivers the metrics of a birth or data message: live ones to ingest, historical ones to history only. */
    private void deliver(Payload p, MetricTable table, EdgeNodeState n, boolean birth) throws InterruptedException {
        Instant now = clock.instant();
        var live = new ArrayList<Sample>(p.getMetricsCount());
        var history = new ArrayList<Sample>();
        Long unknownAlias = null;
        String unknownName = null;
        for (Payload.Metric m : p.getMetricsList()) {
            MetricBinding b = null;
            if (!birth && m.hasAlias()) {
                b = table.byAlias.get(m.getAlias());
            }
            if (b == null && m.hasName()) {
                b = table.byName.get(m.getName());
            }
            if (b == null) {
                if (!(m.hasName() && control(m.getName()))) {
                    unknownMetrics.increment();
                    if (m.hasAlias() && !m.hasName()) {
                        unknownAlias = m.getAlias();
                    } else {
                        unknownName = m.getName();
                    }
                }
                continue;
            }
            if (b.series().isEmpty()) {
                continue;
            }
            SeriesKey series = b.series().get();
            Instant when = m.hasTimestamp() ? Instant.ofEpochMilli(m.getTimestamp())
                    : p.hasTimestamp() ? Instant.ofEpochMilli(p.getTimestamp()) : now;
            Metrics.Reading r = Metrics.read(m, b.datatype(), b.conversion());
            Sample s = new Sample(series, when, r.value(), r.quality());
            if (m.getIsHistorical()) {
                history.add(s);
            } else {
                live.add(s);
                LastLive before = lastLive.get(series);
                if (before == null || when.isAfter(before.time())) {
                    lastLive.put(series, new LastLive(when, r.value()));
                }
            }
        }
        if (!live.isEmpty()) {
            sink.accept(live);
            samples.add(live.size());
        }
        if (!history.isEmpty()) {
            sink.acceptHistory(history);
            historical.add(history.size());
        }
        if (unknownAlias != null || unknownName != null) {
            requestRebirth(n, unknownAlias != null ? "metric alias " + unknownAlias + " was announced by no birth"
                    : "metric '" + unknownName + "' was announced by no birth");
        }
    }

    /** Delivers each channel's last live value again, with bad quality saying why it is stale. */
    private void markStale(Collection<SeriesKey> series, String reason, Instant now) throws InterruptedException {
        var batch = new ArrayList<Sample>();
        Quality q = Quality.bad("stale: " + reason);
        for (SeriesKey s : series) {
            LastLive last = lastLive.get(s);
            if (last == null) {
                continue;
            }
            // After the last live value, so that it replaces it as the channel's latest.
            Instant at = now.isAfter(last.time()) ? now : last.time().plusMillis(1);
            batch.add(new Sample(s, at, last.value(), q));
            lastLive.put(s, new LastLive(at, last.value()));
        }
        if (!batch.isEmpty()) {
            sink.accept(batch);
            staleMarked.add(batch.size());
        }
    }

    private void recordGap(Set<TwinId> twins, Instant from, Instant to, Map<String, String> details) {
        var d = new LinkedHashMap<String, String>(details);
        d.put("broker", config.name());
        d.put("url", config.url());
        for (TwinId twin : twins) {
            sink.gap(twin, from, to, d);
            gaps.increment();
        }
    }

    /** Asks the edge node to publish its births again, unless that was asked within the rebirth interval. */
    private void requestRebirth(EdgeNodeState n, String why) {
        long now = System.nanoTime();
        if (n.rebirthPending && now - n.rebirthRequestedNanos < config.rebirthInterval().toNanos()) {
            return;
        }
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        long ms = clock.millis();
        byte[] payload = rebirthPayload(ms);
        String topic = SparkplugTopic.node(n.group, SparkplugTopic.MessageType.NCMD, n.id).toString();
        try {
            c.publish(topic, payload, 0, false);
            n.rebirthPending = true;
            n.rebirthRequestedNanos = now;
            rebirthRequests.increment();
            LOG.info("sparkplug broker {}: asked edge node {} to be reborn: {}", config.name(), n.key(), why);
        } catch (MqttException e) {
            error("rebirth request to " + n.key() + " could not be sent: " + e.getMessage());
            LOG.warn("sparkplug broker {}: {}", config.name(), lastError);
        }
    }

    /** The NCMD payload that asks an edge node to be reborn. */
    public static byte[] rebirthPayload(long timestampMillis) {
        return Payload.newBuilder().setTimestamp(timestampMillis)
                .addMetrics(Payload.Metric.newBuilder().setName(REBIRTH).setTimestamp(timestampMillis)
                        .setDatatype(Metrics.BOOLEAN).setBooleanValue(true))
                .build().toByteArray();
    }

    /** The {@code bdSeq} metric of a birth or death, if it carries one. */
    static Long bdSeq(Payload p) {
        for (Payload.Metric m : p.getMetricsList()) {
            if (BD_SEQ.equals(m.getName())) {
                return switch (m.getValueCase()) {
                    case LONG_VALUE -> m.getLongValue();
                    case INT_VALUE -> Integer.toUnsignedLong(m.getIntValue());
                    default -> null;
                };
            }
        }
        return null;
    }

    private void countOnline() {
        int nodesUp = 0;
        int devicesUp = 0;
        for (EdgeNodeState n : nodes.values()) {
            if (n.online) {
                nodesUp++;
                for (DeviceState d : n.devices.values()) {
                    if (d.online) {
                        devicesUp++;
                    }
                }
            }
        }
        nodesOnline = nodesUp;
        devicesOnline = devicesUp;
    }

    // ---------------------------------------------------------------- host STATE (Sparkplug 3.0)

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The JSON of a host {@code STATE} message: {@code {"online":true,"timestamp":1767600000000}}. */
    public static byte[] statePayload(boolean online, long timestampMillis) {
        ObjectNode n = JSON.createObjectNode();
        n.put("online", online);
        n.put("timestamp", timestampMillis);
        try {
            return JSON.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes this session's STATE, retained at QoS 1, when a host id is configured; {@code wait} until the
     * broker has it (never on Paho's callback thread).
     */
    private void publishState(MqttAsyncClient c, boolean online, boolean wait) throws MqttException {
        if (c == null || config.stateTopic().isEmpty()) {
            return;
        }
        var token = c.publish(config.stateTopic().get(), statePayload(online, stateTimestamp), 1, true);
        if (wait) {
            token.waitForCompletion(5_000);
        }
        LOG.info("sparkplug broker {}: published host STATE online={} on {}", config.name(), online,
                config.stateTopic().get());
    }

    /**
     * Someone published on this host's STATE topic: a retained death left from an earlier session, or another
     * client. While connected the host is online, so an {@code online: false} is answered with the birth again.
     */
    private void stateArrived(MqttMessage message) {
        if (closed) {
            return;
        }
        boolean online;
        try {
            JsonNode n = JSON.readTree(message.getPayload());
            online = n != null && n.path("online").asBoolean(false);
        } catch (IOException e) {
            online = false;
        }
        if (online) {
            return;
        }
        MqttAsyncClient c = client;
        control.execute(() -> {
            try {
                if (!closed && c != null && c.isConnected()) {
                    publishState(c, true, true);
                }
            } catch (MqttException e) {
                error("publishing the host STATE on " + config.stateTopic().orElse("") + " failed: " + e.getMessage()
                        + "; check the broker's access rules for this client");
                LOG.warn("sparkplug broker {}: {}", config.name(), lastError);
            }
        });
    }

    // ---------------------------------------------------------------- closing

    /** Disconnects from the broker and stops the connector's thread; blocks at most a few seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = SparkplugStatus.State.STOPPED;
        control.shutdownNow();
        MqttAsyncClient c = client;
        if (c != null) {
            closeQuietly(c);
        }
        client = null;
        if (undelivered.sum() > 0) {
            LOG.warn("sparkplug broker {}: {} messages were not delivered because the connector was closed while"
                    + " the engine was full", config.name(), undelivered.sum());
        }
    }

    private void closeQuietly(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                try {
                    publishState(c, false, true); // an intentional disconnect sends no will: say so first
                } catch (MqttException e) {
                    LOG.debug("sparkplug broker {}: STATE death: {}", config.name(), e.toString());
                }
                c.disconnect(1_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("sparkplug broker {}: disconnect: {}", config.name(), e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("sparkplug broker {}: close: {}", config.name(), e.toString());
        }
    }
}
