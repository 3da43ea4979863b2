package io.minetwin.connectors.opcua;

import io.minetwin.model.Limits;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Keeps the twins fed by one OPC UA endpoint: connects, maps nodes to channels, seeds the twins with
 * an initial read, subscribes, and hands samples to an {@link IngestSink}; survives server restarts and
 * network loss.
 *
 * <p>Concurrency design. Control work (connecting, resolving the mapping, creating and recreating
 * subscriptions, backfilling) runs on one thread the connector owns, so the subscription list and the
 * per-subscription limit are only touched there. Data arrives on Milo's delivery queue of each
 * subscription, one callback at a time per subscription; each item belongs to exactly one subscription,
 * so an item's last source time and status (used to drop duplicates) are written by one thread at a
 * time: the control thread before the item is (re)created on the server, the delivery thread after. The
 * session listener runs on Milo's threads and only records times and schedules control work. Counters
 * are lock-free. {@link IngestSink#accept} may block; that stalls the subscription's delivery queue and
 * so Milo's publish loop, which is the backpressure towards the server.
 *
 * <p>Reconnects. Milo's session state machine reconnects with backoff (1 s doubling to 16 s) once a
 * session has existed; before that the connector retries itself with backoff up to 30 s. When the
 * session comes back, Milo transfers the subscriptions; if the server lost them (a restart), each
 * failed transfer brings it here, where the gap is backfilled with HistoryRead if the server supports
 * it, the subscription and its items are recreated, and one gap event per affected twin is recorded.
 * Values the new items report that are not newer than what was delivered are dropped as duplicates.
 */
public final class OpcUaConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpcUaConnector.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final EndpointConfig config;
    private final ChannelCatalog catalog;
    private final IngestSink sink;
    private final Clock clock;
    private final ScheduledExecutorService control;

    private final LongAdder notifications = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder backfilled = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder recreated = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder undelivered = new LongAdder();

    private final List<OpcUaSubscription> subscriptions = new CopyOnWriteArrayList<>();
    /** Values an item skipped, found on the delivery threads, filled on the control thread. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Hole> holes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final AtomicReference<Instant> lostAt = new AtomicReference<>();
    private final SubscriptionListener subscriptionListener = new SubscriptionListener();
    private final SessionListener sessionListener = new SessionListener();

    private volatile EndpointStatus.State state = EndpointStatus.State.CONNECTING;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile OpcUaClient client;
    private volatile MappingReport report = MappingReport.EMPTY;
    private volatile List<ItemState> items = List.of();
    private volatile boolean closed;

    // Control thread only.
    private Pki pki;
    private int attempts;
    private int maxPerSubscription;
    /** The server's operation limits, read on each connection. */
    private OperationLimits limits = OperationLimits.DEFAULTS;
    private boolean seeded;
    private boolean historySupported = true;
    private Instant gapRecordedFor;
    private final Map<TwinId, Boolean> gapTwins = new LinkedHashMap<>();

    // Rate of notifications, updated by status().
    private long rateCount;
    private long rateNanos = System.nanoTime();
    private double rate;

    /**
     * @param config  the endpoint
     * @param catalog which channels exist, and their units
     * @param sink    where samples and gaps go
     * @param clock   the engine's clock, for gap times and values without timestamps
     */
    public OpcUaConnector(EndpointConfig config, ChannelCatalog catalog, IngestSink sink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxPerSubscription = config.maxItemsPerSubscription();
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "opcua-" + config.name());
            t.setDaemon(true);
            return t;
        });
    }

    public EndpointConfig config() {
        return config;
    }

    /** Starts connecting in the background; {@link #status()} tells how it goes. */
    public void start() {
        control.execute(this::connect);
    }

    /** What mapping the address space found; empty until the first connection. */
    public MappingReport mappingReport() {
        return report;
    }

    /** A snapshot of the connector's state and counters. */
    public synchronized EndpointStatus status() {
        long now = System.nanoTime();
        long count = notifications.sum();
        if (now - rateNanos >= 1_000_000_000L) {
            rate = (count - rateCount) * 1e9 / (now - rateNanos);
            rateCount = count;
            rateNanos = now;
        }
        int monitored = 0;
        for (ItemState s : items) {
            if (s.monitored != null && s.monitored.getCreateResult().map(StatusCode::isGood).orElse(false)) {
                monitored++;
            }
        }
        return new EndpointStatus(config.name(), config.url(), state, items.size(), monitored, subscriptions.size(),
                count, rate, samples.sum(), duplicates.sum(), backfilled.sum(), reconnects.sum(), recreated.sum(),
                gaps.sum(), report.unmappedCount(), Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt));
    }

    // ---------------------------------------------------------------- connecting

    private void connect() {
        if (closed) {
            return;
        }
        OpcUaClient c = null;
        try {
            if (pki == null) {
                pki = Pki.open(config.pkiDir());
            }
            c = buildClient();
            c.addSessionActivityListener(sessionListener);
            c.connect();
            client = c;
            limits = OperationLimits.read(c, config.name());
            if (items.isEmpty()) {
                MappingResolver.Result r = new MappingResolver(c, limits, config.mappings(), catalog).resolve();
                report = r.report();
                LOG.info(r.report().describe("endpoint " + config.name()));
                var states = new ArrayList<ItemState>(r.items().size());
                for (MappedItem m : r.items()) {
                    states.add(new ItemState(m));
                }
                items = List.copyOf(states);
            }
            if (!seeded) {
                initialRead(c);
                seeded = true;
            }
            createSubscriptions(c, new ArrayDeque<>(items));
            state = EndpointStatus.State.CONNECTED;
            attempts = 0;
            LOG.info("endpoint {} connected to {} ({}): {} items in {} subscriptions", config.name(), config.url(),
                    config.security(), status().monitoredItems(), subscriptions.size());
        } catch (Exception e) {
            error(describe(e));
            if (c != null) {
                c.removeSessionActivityListener(sessionListener);
                disconnectQuietly(c);
            }
            client = null;
            subscriptions.clear();
            long delay = backoff(attempts).toMillis();
            attempts++;
            if (!closed) {
                LOG.warn("endpoint {}: {}; retrying in {} ms", config.name(), lastError, delay);
                control.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        }
    }

    private OpcUaClient buildClient() throws UaException {
        URI uri = URI.create(config.url());
        var offered = new ArrayList<EndpointDescription>();
        return OpcUaClient.create(config.url(), endpoints -> {
            offered.addAll(endpoints);
            Optional<EndpointDescription> chosen = endpoints.stream().filter(e -> EndpointChoice.suitable(config, e)).findFirst()
                    .map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort()));
            if (chosen.isEmpty()) {
                throw new ConnectorException("server offers no endpoint with security " + config.security()
                        + " and " + (config.identity() instanceof Identity.UserPassword ? "user name" : "anonymous")
                        + " login; it offers: " + EndpointChoice.describe(endpoints)
                        + "; change 'security' (or the login) of endpoint '" + config.name() + "' to one of them");
            }
            return chosen;
        }, transport -> transport.setConnectTimeout(uint(5_000)), b -> {
            b.setApplicationName(LocalizedText.english("minetwin engine"))
                    .setApplicationUri(Pki.APPLICATION_URI)
                    .setProductUri("urn:minetwin")
                    .setKeyPair(pki.keyPair())
                    .setCertificate(pki.certificate())
                    .setCertificateChain(new java.security.cert.X509Certificate[] {pki.certificate()})
                    .setCertificateValidator(pki.serverValidator(config.name()))
                    .setIdentityProvider(identityProvider())
                    .setKeepAliveInterval(uint(config.keepAlive().toMillis()))
                    .setKeepAliveFailuresAllowed(uint(1))
                    .setRequestTimeout(uint(config.requestTimeout().toMillis()))
                    .setSessionTimeout(uint(120_000));
        });
    }

    private IdentityProvider identityProvider() {
        return config.identity() instanceof Identity.UserPassword up
                ? new UsernameProvider(up.user(), up.password())
                : new AnonymousProvider();
    }

    private void error(String message) {
        lastError = message;
        lastErrorAt = clock.instant();
    }

    // ---------------------------------------------------------------- reading and subscribing

    private void initialRead(OpcUaClient c) throws UaException, InterruptedException {
        List<ItemState> all = items;
        for (int from = 0; from < all.size(); from += limits.read()) {
            List<ItemState> chunk = all.subList(from, Math.min(all.size(), from + limits.read()));
            List<DataValue> values = c.readValues(0, TimestampsToReturn.Both,
                    chunk.stream().map(s -> s.item.nodeId()).toList());
            var batch = new ArrayList<Sample>(chunk.size());
            for (int i = 0; i < values.size(); i++) {
                DataValue dv = values.get(i);
                if (dv.getStatusCode() != null && dv.getStatusCode().getValue() == StatusCodes.Bad_NodeIdUnknown) {
                    LOG.warn("endpoint {}: node {} ({}) does not exist on the server; fix its mapping",
                            config.name(), chunk.get(i).item.nodeId().toParseableString(), chunk.get(i).item.label());
                    continue;
                }
                Sample s = toSample(chunk.get(i), dv);
                if (s != null) {
                    batch.add(s);
                }
            }
            deliver(batch);
        }
    }

    private OpcUaMonitoredItem monitoredItem(ItemState s) {
        OpcUaMonitoredItem mi = OpcUaMonitoredItem.newDataItem(s.item.nodeId());
        Sampling sp = s.item.sampling();
        mi.setSamplingInterval(sp.samplingIntervalMs());
        mi.setQueueSize(uint(sp.queueSize()));
        mi.setDiscardOldest(true);
        if (sp.deadband().kind() != Sampling.Deadband.Kind.NONE) {
            DeadbandType type = sp.deadband().kind() == Sampling.Deadband.Kind.ABSOLUTE ? DeadbandType.Absolute
                    : DeadbandType.Percent;
            mi.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(type.getValue()),
                    sp.deadband().value()));
        }
        mi.setUserObject(s);
        s.monitored = mi;
        s.resubscribed = true;
        return mi;
    }

    /**
     * Creates subscriptions for {@code pending}, at most {@link #maxPerSubscription} items each; when the
     * server refuses items with Bad_TooManyMonitoredItems, the limit drops to what it accepted and the
     * rest go into further subscriptions.
     */
    private void createSubscriptions(OpcUaClient c, Deque<ItemState> pending) throws UaException {
        while (!pending.isEmpty()) {
            // One CreateMonitoredItems call per subscription: it may not exceed the server's per-call limit.
            int n = Math.min(Math.min(maxPerSubscription, limits.monitoredItemsPerCall()), pending.size());
            var sub = new OpcUaSubscription(c, config.publishingIntervalMs());
            sub.setSubscriptionListener(subscriptionListener);
            sub.create();
            var batch = new ArrayList<OpcUaMonitoredItem>(n);
            for (int i = 0; i < n; i++) {
                batch.add(monitoredItem(pending.poll()));
            }
            sub.addMonitoredItems(batch);
            List<MonitoredItemServiceOperationResult> results = sub.createMonitoredItems();
            int ok = 0;
            var tooMany = new ArrayList<ItemState>();
            var failed = new ArrayList<OpcUaMonitoredItem>();
            for (MonitoredItemServiceOperationResult r : results) {
                if (r.isGood()) {
                    ok++;
                    continue;
                }
                StatusCode sc = r.operationResult().filter(s -> !s.isGood()).orElse(r.serviceResult());
                ItemState st = (ItemState) r.monitoredItem().getUserObject().orElseThrow();
                failed.add(r.monitoredItem());
                if (sc.getValue() == StatusCodes.Bad_TooManyMonitoredItems) {
                    tooMany.add(st);
                } else {
                    LOG.warn("endpoint {}: node {} ({}) cannot be monitored: {}; fix its mapping", config.name(),
                            st.item.nodeId().toParseableString(), st.item.label(), EndpointChoice.statusName(sc.getValue()));
                }
            }
            sub.removeMonitoredItems(failed);
            if (ok == 0) {
                sub.delete();
                if (!tooMany.isEmpty()) {
                    error("server refuses more monitored items (Bad_TooManyMonitoredItems even in a new subscription):"
                            + " " + (tooMany.size() + pending.size()) + " items of endpoint '" + config.name()
                            + "' are not monitored; raise the server's monitored-item limit or map fewer nodes");
                    LOG.error("endpoint {}: {}", config.name(), lastError);
                    tooMany.forEach(s -> s.monitored = null);
                    return;
                }
                continue;
            }
            subscriptions.add(sub);
            if (!tooMany.isEmpty()) {
                LOG.info("endpoint {}: server accepted {} of {} items in one subscription (Bad_TooManyMonitoredItems);"
                        + " splitting the rest into further subscriptions", config.name(), ok, n);
                maxPerSubscription = ok;
                for (int i = tooMany.size() - 1; i >= 0; i--) {
                    pending.addFirst(tooMany.get(i));
                }
            }
        }
    }

    /** Recreates every subscription the server lost, after backfilling its items, and records the gaps. */
    private void recreateLost() {
        OpcUaClient c = client;
        if (closed || c == null) {
            return;
        }
        Instant from = lostAt.get();
        var lost = new ArrayList<OpcUaSubscription>();
        for (OpcUaSubscription s : subscriptions) {
            if (s.getSyncState() == OpcUaSubscription.SyncState.INITIAL) {
                lost.add(s);
            }
        }
        if (lost.isEmpty()) {
            return;
        }
        try {
            long filled = 0;
            for (OpcUaSubscription s : lost) {
                List<ItemState> its = statesOf(s);
                if (config.backfill() && historySupported) {
                    filled += backfill(c, its, from);
                }
                for (ItemState st : its) {
                    st.resubscribed = true; // values between the backfill and the new items' first are filled later
                }
                s.create();
                s.createMonitoredItems();
                recreated.increment();
                for (ItemState st : its) {
                    gapTwins.put(st.item.series().twin(), Boolean.TRUE);
                }
            }
            Instant to = clock.instant();
            if (from != null && !from.equals(gapRecordedFor)) {
                var details = Map.of("endpoint", config.name(), "url", config.url(),
                        "reason", "connection lost; the server no longer had the subscriptions, so they were recreated",
                        "to", to.toString(), "backfilled", Long.toString(filled));
                for (TwinId twin : gapTwins.keySet()) {
                    sink.gap(twin, from, to, details);
                    gaps.increment();
                }
                gapRecordedFor = from;
                gapTwins.clear();
            }
            state = EndpointStatus.State.CONNECTED;
            LOG.info("endpoint {}: recreated {} subscriptions after reconnecting; gap from {} to {}, {} samples"
                    + " backfilled", config.name(), lost.size(), from, to, filled);
        } catch (UaException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            error("recreating subscriptions failed: " + describe(e));
            LOG.warn("endpoint {}: {}; retrying in 1 s", config.name(), lastError);
            control.schedule(this::recreateLost, 1, TimeUnit.SECONDS);
        }
    }

    private static List<ItemState> statesOf(OpcUaSubscription s) {
        var out = new ArrayList<ItemState>();
        for (OpcUaMonitoredItem mi : s.getMonitoredItems()) {
            mi.getUserObject().ifPresent(o -> out.add((ItemState) o));
        }
        return out;
    }

    /**
     * Reads the values each item had on the server after its last delivered one, where the server keeps
     * history; returns how many samples it delivered. A server without history is asked once.
     */
    private long backfill(OpcUaClient c, List<ItemState> its, Instant lost) throws UaException, InterruptedException {
        long count = 0;
        DateTime end = new DateTime(clock.instant());
        for (int from = 0; from < its.size() && historySupported; from += limits.historyRead()) {
            List<ItemState> chunk = its.subList(from, Math.min(its.size(), from + limits.historyRead()));
            // Start after the earliest last-delivered time of the chunk; duplicates are dropped per item.
            long startUtc = Long.MAX_VALUE;
            for (ItemState s : chunk) {
                startUtc = Math.min(startUtc, s.lastUtc == Long.MIN_VALUE ? new DateTime(lost).getUtcTime() : s.lastUtc);
            }
            var details = new ReadRawModifiedDetails(false, new DateTime(startUtc), end, uint(0), false);
            var ids = chunk.stream().map(s -> new HistoryReadValueId(s.item.nodeId(), null, null, ByteString.NULL_VALUE))
                    .toList();
            HistoryReadResult[] results = c.historyRead(details, TimestampsToReturn.Both, true, ids).getResults();
            if (results == null) {
                return count;
            }
            var batch = new ArrayList<Sample>();
            for (int i = 0; i < results.length; i++) {
                HistoryReadResult r = results[i];
                long sc = r.getStatusCode().getValue();
                if (!r.getStatusCode().isGood()) {
                    if (sc == StatusCodes.Bad_HistoryOperationUnsupported || sc == StatusCodes.Bad_NotReadable
                            || sc == StatusCodes.Bad_ServiceUnsupported || sc == StatusCodes.Bad_NotSupported) {
                        historySupported = false;
                        LOG.info("endpoint {}: server keeps no history ({}); gaps are recorded but not backfilled",
                                config.name(), EndpointChoice.statusName(sc));
                        break;
                    }
                    continue;
                }
                ExtensionObject xo = r.getHistoryData();
                if (xo == null) {
                    continue;
                }
                Object decoded = xo.decode(c.getStaticEncodingContext());
                if (decoded instanceof HistoryData hd && hd.getDataValues() != null) {
                    for (DataValue dv : hd.getDataValues()) {
                        Sample s = toSample(chunk.get(i), dv);
                        if (s != null) {
                            batch.add(s);
                        }
                    }
                }
            }
            count += batch.size();
            backfilled.add(batch.size());
            deliver(batch);
        }
        return count;
    }

    /**
     * Reads with HistoryRead the values each item skipped ({@link #holes}: between its last value and the first
     * one after it was (re)subscribed, or before a value whose server queue overflowed) and delivers them, late;
     * records a gap event per twin for overflows, which lost data unless backfilled. Control thread only.
     */
    private void fillHoles() {
        OpcUaClient c = client;
        if (closed || c == null || holes.isEmpty()) {
            return;
        }
        var batch = new ArrayList<Hole>();
        for (Hole h; (h = holes.poll()) != null; ) {
            batch.add(h);
        }
        long filled = 0;
        try {
            if (config.backfill() && historySupported) {
                for (int from = 0; from < batch.size() && historySupported; from += limits.historyRead()) {
                    filled += fill(c, batch.subList(from, Math.min(batch.size(), from + limits.historyRead())));
                }
            }
        } catch (UaException | RuntimeException e) {
            holes.addAll(batch);
            error("reading the values skipped after a reconnect or a queue overflow failed: " + describe(e));
            LOG.warn("endpoint {}: {}; retrying in 1 s", config.name(), lastError);
            if (!closed) {
                control.schedule(this::fillHoles, 1, TimeUnit.SECONDS);
            }
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Map<TwinId, Hole> overflowed = new LinkedHashMap<>();
        for (Hole h : batch) {
            if (h.overflow()) {
                overflowed.merge(h.item().item.series().twin(), h, (a, b) -> new Hole(a.item(),
                        Math.min(a.fromUtc(), b.fromUtc()), Math.max(a.toUtc(), b.toUtc()), true));
            }
        }
        for (Hole h : overflowed.values()) {
            var details = Map.of("endpoint", config.name(), "url", config.url(),
                    "reason", "the server's queue overflowed (the engine or the network fell behind) and dropped values",
                    "to", new DateTime(h.toUtc()).getJavaInstant().toString(),
                    "backfilled", Long.toString(filled));
            sink.gap(h.item().item.series().twin(), new DateTime(h.fromUtc()).getJavaInstant(),
                    new DateTime(h.toUtc()).getJavaInstant(), details);
            gaps.increment();
        }
        if (!overflowed.isEmpty() || filled > 0) {
            LOG.info("endpoint {}: {} samples skipped by the subscriptions read back from the server's history"
                    + " ({} items, {} with an overflowed queue)", config.name(), filled, batch.size(), overflowed.size());
        }
    }

    /** Reads and delivers the values strictly inside each hole; returns how many. */
    private long fill(OpcUaClient c, List<Hole> chunk) throws UaException, InterruptedException {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Hole h : chunk) {
            start = Math.min(start, h.fromUtc());
            end = Math.max(end, h.toUtc());
        }
        var details = new ReadRawModifiedDetails(false, new DateTime(start), new DateTime(end), uint(0), false);
        var ids = chunk.stream().map(h -> new HistoryReadValueId(h.item().item.nodeId(), null, null,
                ByteString.NULL_VALUE)).toList();
        HistoryReadResult[] results = c.historyRead(details, TimestampsToReturn.Both, true, ids).getResults();
        if (results == null) {
            return 0;
        }
        var batch = new ArrayList<Sample>();
        for (int i = 0; i < results.length && i < chunk.size(); i++) {
            HistoryReadResult r = results[i];
            long sc = r.getStatusCode().getValue();
            if (!r.getStatusCode().isGood()) {
                if (sc == StatusCodes.Bad_HistoryOperationUnsupported || sc == StatusCodes.Bad_NotReadable
                        || sc == StatusCodes.Bad_ServiceUnsupported || sc == StatusCodes.Bad_NotSupported) {
                    historySupported = false;
                    LOG.info("endpoint {}: server keeps no history ({}); values skipped are not backfilled",
                            config.name(), EndpointChoice.statusName(sc));
                    break;
                }
                continue;
            }
            ExtensionObject xo = r.getHistoryData();
            Object decoded = xo == null ? null : xo.decode(c.getStaticEncodingContext());
            if (decoded instanceof HistoryData hd && hd.getDataValues() != null) {
                Hole h = chunk.get(i);
                for (DataValue dv : hd.getDataValues()) {
                    DateTime src = dv.getSourceTime() != null && !dv.getSourceTime().isNull() ? dv.getSourceTime()
                            : dv.getServerTime();
                    if (src == null || src.isNull() || src.getUtcTime() <= h.fromUtc() || src.getUtcTime() >= h.toUtc()) {
                        continue;
                    }
                    StatusCode status = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
                    batch.add(sample(h.item(), dv, status, src.getJavaInstant()));
                }
            }
        }
        backfilled.add(batch.size());
        deliver(batch);
        return batch.size();
    }

    /** Values of {@code item} the server may have had strictly between two delivered ones (UTC ticks). */
    private record Hole(ItemState item, long fromUtc, long toUtc, boolean overflow) {
    }

    // ---------------------------------------------------------------- data path

    /**
     * The sample for a value of {@code s}, or null if it is not newer than the last one delivered (a
     * duplicate after a reconnect, or a repeat of the initial read).
     */
    private Sample toSample(ItemState s, DataValue dv) {
        DateTime src = dv.getSourceTime();
        DateTime t = src != null && !src.isNull() ? src : dv.getServerTime();
        long utc;
        Instant when;
        if (t != null && !t.isNull()) {
            utc = t.getUtcTime();
            when = t.getJavaInstant();
        } else {
            when = clock.instant();
            utc = new DateTime(when).getUtcTime();
        }
        StatusCode sc = dv.getStatusCode() == null ? StatusCode.GOOD : dv.getStatusCode();
        long status = sc.getValue();
        if (utc < s.lastUtc || (utc == s.lastUtc && status == s.lastStatus)) {
            duplicates.increment();
            return null;
        }
        if ((s.resubscribed || sc.isOverflowSet()) && s.lastUtc != Long.MIN_VALUE && utc > s.lastUtc) {
            // The server may have had values in between: the item was (re)created after its last value, or the
            // server's queue for it overflowed (the engine or the link fell behind) and dropped the oldest.
            holes.add(new Hole(s, s.lastUtc, utc, sc.isOverflowSet()));
            if (!closed) {
                control.execute(this::fillHoles);
            }
        }
        s.resubscribed = false;
        s.lastUtc = utc;
        s.lastStatus = status;
        return sample(s, dv, sc, when);
    }

    /** The sample for a value of {@code s}, converted to the channel's unit, with its quality. */
    private Sample sample(ItemState s, DataValue dv, StatusCode sc, Instant when) {
        long status = sc.getValue();
        Object v = dv.getValue() == null ? null : dv.getValue().getValue();
        if (sc.isBad()) {
            return new Sample(s.item.series(), when, Value.of(Double.NaN), Quality.bad("OPC UA " + EndpointChoice.statusName(status)));
        }
        Value value;
        if (v instanceof Number num) {
            value = Value.of(s.item.conversion().apply(num.doubleValue()));
        } else if (v instanceof Boolean b) {
            value = Value.of(b);
        } else if (v instanceof String text) {
            value = Value.of(text);
        } else if (v instanceof LocalizedText lt && lt.getText() != null) {
            value = Value.of(lt.getText());
        } else {
            return new Sample(s.item.series(), when, Value.of(Double.NaN), Quality.bad("OPC UA value "
                    + (v == null ? "missing" : "of type " + v.getClass().getSimpleName() + " not supported")));
        }
        Quality q = sc.isUncertain() ? Quality.uncertain("OPC UA " + EndpointChoice.statusName(status)) : Quality.GOOD;
        DateTime server = dv.getServerTime();
        return new Sample(s.item.series(), when, value, q,
                server == null || server.isNull() ? Optional.empty() : Optional.of(server.getJavaInstant()));
    }

    private void deliver(List<Sample> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        sink.accept(batch);
        samples.add(batch.size());
    }

    private final class SubscriptionListener implements OpcUaSubscription.SubscriptionListener {
        @Override
        public void onDataReceived(OpcUaSubscription subscription, List<OpcUaMonitoredItem> monitored,
                                   List<DataValue> values) {
            notifications.add(monitored.size());
            if (closed) {
                // Milo may still deliver what arrived before the session closed; the engine no longer takes it.
                undelivered.add(monitored.size());
                return;
            }
            var batch = new ArrayList<Sample>(monitored.size());
            for (int i = 0; i < monitored.size(); i++) {
                Object o = monitored.get(i).getUserObject().orElse(null);
                if (o instanceof ItemState st) {
                    Sample s = toSample(st, values.get(i));
                    if (s != null) {
                        batch.add(s);
                    }
                }
            }
            try {
                deliver(batch);
            } catch (InterruptedException e) {
                undelivered.add(batch.size());
                LOG.warn("endpoint {}: interrupted while the engine was full; {} samples not delivered",
                        config.name(), batch.size());
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
            LOG.info("endpoint {}: subscription could not be transferred after reconnecting ({}); recreating it",
                    config.name(), EndpointChoice.statusName(status.getValue()));
            if (!closed) {
                control.execute(OpcUaConnector.this::recreateLost);
            }
        }

        @Override
        public void onStatusChanged(OpcUaSubscription subscription, StatusCode status) {
            if (status.getValue() == StatusCodes.Bad_Timeout && !closed) {
                lostAt.compareAndSet(null, clock.instant());
                control.execute(OpcUaConnector.this::recreateLost);
            }
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription subscription) {
            error("the server could not republish some notifications; a short gap may exist in the data");
        }
    }

    private final class SessionListener implements SessionActivityListener {
        @Override
        public void onSessionActive(UaSession session) {
            if (closed) {
                return;
            }
            if (lostAt.get() != null) {
                state = EndpointStatus.State.CONNECTED;
                LOG.info("endpoint {}: session active again", config.name());
                // Subscriptions that failed to transfer earlier and could not be recreated are retried here.
                control.execute(OpcUaConnector.this::recreateLost);
            }
        }

        @Override
        public void onSessionInactive(UaSession session) {
            if (closed) {
                return;
            }
            state = EndpointStatus.State.RECONNECTING;
            lostAt.set(clock.instant());
            reconnects.increment();
            error("connection to " + config.url() + " lost; reconnecting");
            LOG.warn("endpoint {}: connection lost; reconnecting", config.name());
        }
    }

    // ---------------------------------------------------------------- closing

    // ---------------------------------------------------------------- writing back

    /** Whether this endpoint maps a node to {@code series} (known after the first connection). */
    public boolean maps(io.minetwin.model.SeriesKey series) {
        return itemOf(series) != null;
    }

    private ItemState itemOf(io.minetwin.model.SeriesKey series) {
        for (ItemState s : items) {
            if (s.item.series().equals(series)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Writes {@code value} (in the channel's unit; converted to the node's) to the node mapped to {@code series}
     * through this endpoint's session, then reads the node back until it shows the value or {@code deadline}
     * passes. Blocks the calling thread for at most about the deadline; safe to call from any thread.
     *
     * @return what happened, with the server's status code and a reason a control room understands
     */
    public WriteOutcome write(io.minetwin.model.SeriesKey series, double value, Duration deadline) {
        Objects.requireNonNull(series, "series");
        long until = System.nanoTime() + deadline.toNanos();
        OpcUaClient c = client;
        if (c == null || state != EndpointStatus.State.CONNECTED || closed) {
            return new WriteOutcome(WriteOutcome.Result.NOT_CONNECTED, "", "not connected: endpoint " + config.name()
                    + " (" + config.url() + ") is " + state.name().toLowerCase(java.util.Locale.ROOT)
                    + (lastError == null ? "" : " (" + lastError + ")") + "; nothing was written", null);
        }
        ItemState item = itemOf(series);
        if (item == null) {
            return new WriteOutcome(WriteOutcome.Result.NOT_MAPPED, "", "endpoint " + config.name()
                    + " maps no node to " + series + "; add it to the endpoint's mapping; nothing was written", null);
        }
        Units.Conversion conv = item.item.conversion();
        double nodeValue = (value - conv.offset()) / conv.scale();
        String node = item.item.label();
        StatusCode sc;
        try {
            sc = c.writeValues(List.of(item.item.nodeId()),
                    List.of(DataValue.valueOnly(new org.eclipse.milo.opcua.stack.core.types.builtin.Variant(nodeValue))))
                    .get(0);
        } catch (UaException e) {
            String name = EndpointChoice.statusName(e.getStatusCode().getValue());
            return new WriteOutcome(WriteOutcome.Result.FAILED, name, "the write to " + node + " did not complete ("
                    + name + "): the server may or may not have applied it; check the value before retrying", null);
        }
        if (!sc.isGood()) {
            String name = EndpointChoice.statusName(sc.getValue());
            return new WriteOutcome(WriteOutcome.Result.REFUSED, name, refusal(sc.getValue(), name, node), null);
        }
        OptionalDouble last = OptionalDouble.empty();
        String lastProblem = null;
        while (true) {
            try {
                DataValue dv = c.readValues(0, TimestampsToReturn.Both, List.of(item.item.nodeId())).get(0);
                Object v = dv.getValue() == null ? null : dv.getValue().getValue();
                if (dv.getStatusCode() != null && dv.getStatusCode().isGood() && v instanceof Number n) {
                    double channelValue = conv.apply(n.doubleValue());
                    last = OptionalDouble.of(channelValue);
                    if (Math.abs(channelValue - value) <= 1e-6 * Math.max(1, Math.abs(value))) {
                        return new WriteOutcome(WriteOutcome.Result.VERIFIED, "Good", "written to " + node
                                + " and read back", last);
                    }
                } else {
                    lastProblem = dv.getStatusCode() == null ? "no value" : EndpointChoice.statusName(dv.getStatusCode().getValue());
                }
            } catch (UaException e) {
                lastProblem = EndpointChoice.statusName(e.getStatusCode().getValue());
            }
            if (System.nanoTime() >= until) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(100_000_000L, until - System.nanoTime()));
        }
        String seen = last.isPresent() ? "it still reads " + Limits.format(last.getAsDouble())
                : "it could not be read back" + (lastProblem == null ? "" : " (" + lastProblem + ")");
        return new WriteOutcome(WriteOutcome.Result.NOT_VERIFIED, "Good", "not verified: the server accepted "
                + Limits.format(value) + " for " + node + " but within " + deadline.toMillis() + " ms " + seen
                + "; the equipment did not apply it", last);
    }

    private static String refusal(long code, String name, String node) {
        if (code == StatusCodes.Bad_UserAccessDenied) {
            return name + ": the endpoint's OPC UA user may not write " + node + "; give that user write access on"
                    + " the server";
        }
        if (code == StatusCodes.Bad_OutOfRange) {
            return name + ": the server refused the value for " + node + " as outside the range it accepts";
        }
        if (code == StatusCodes.Bad_NotWritable) {
            return name + ": " + node + " is not writable on the server; the equipment does not accept this set point"
                    + " remotely";
        }
        if (code == StatusCodes.Bad_TypeMismatch) {
            return name + ": the server expects another data type for " + node;
        }
        if (code == StatusCodes.Bad_NodeIdUnknown) {
            return name + ": " + node + " no longer exists on the server; check the endpoint's mapping";
        }
        return name + ": the server refused the write to " + node;
    }

    /** Closes the session and stops the connector's thread; blocks at most a few seconds. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = EndpointStatus.State.STOPPED;
        try {
            control.submit(() -> {
                OpcUaClient c = client;
                if (c != null) {
                    c.removeSessionActivityListener(sessionListener);
                    disconnectQuietly(c);
                }
                client = null;
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("endpoint {}: closing the session did not finish: {}", config.name(), e.toString());
        } catch (java.util.concurrent.RejectedExecutionException ignored) {
            // already shut down
        }
        control.shutdownNow();
        if (undelivered.sum() > 0) {
            LOG.warn("endpoint {}: {} samples were not delivered because the connector was closed while the engine"
                    + " was full or while they arrived", config.name(), undelivered.sum());
        }
    }

    private void disconnectQuietly(OpcUaClient c) {
        try {
            c.disconnectAsync().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("endpoint {}: disconnect: {}", config.name(), e.toString());
        }
    }

    /** Per-item state: the mapping and what was last delivered, to drop duplicates. */
    static final class ItemState {
        final MappedItem item;
        volatile long lastUtc = Long.MIN_VALUE;
        volatile long lastStatus = -1;
        volatile OpcUaMonitoredItem monitored;
        /** Set when the item is (re)created on the server: its first newer value may follow a hole. */
        volatile boolean resubscribed;

        ItemState(MappedItem item) {
            this.item = item;
        }
    }

    /** How long the connector waits before its next first-connection attempt: 1 s doubling to 30 s. */
    static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(MAX_BACKOFF_MS, 1000L << Math.min(attempt, 5)));
    }

    private String describe(Throwable e) {
        return EndpointChoice.explain(config, e, "check 'user' and 'password' of endpoint '" + config.name() + "'");
    }
}
