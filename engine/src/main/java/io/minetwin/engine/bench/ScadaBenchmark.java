package io.minetwin.engine.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.minetwin.connectors.opcua.server.ScadaLimits;
import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Measures the SCADA server at fleet scale in one process. Two identical twin repositories of N twins with C
 * numeric channels are filled; the server is started on one of them (start time, heap it adds, nodes) and a
 * Milo client subscribes to M of its channels (10,000 by default: the ratio of the apply rate with them to the
 * rate with no server and no client should be at least {@value #GOAL_RATIO}), sampling at the interval it asks
 * for (0 by default: the fastest the server allows); then one-second slices of applying batches of 1,000 samples
 * alternate between the repository without the server and the one the server follows (five rounds of pairs,
 * plain-served then served-plain, so both sides see the same machine load), and the median of the pairs'
 * ratios is the apply ratio (the ratio of the rounds' median rates is reported too). A last phase measures the
 * repository with a listener that does nothing (what any listener costs). Heap figures are used heap after full
 * GCs, so they are approximate.
 */
public final class ScadaBenchmark {

    public static final int DEFAULT_TWINS = 10_000;
    public static final int DEFAULT_CHANNELS = 30;
    public static final int DEFAULT_MONITORED = 10_000;
    /**
     * The sampling interval the client asks for, in milliseconds: 0, the fastest the server allows (its
     * minimum sampling interval, 100 ms by default).
     */
    public static final double DEFAULT_SAMPLING_INTERVAL = 0.0;
    /** What the server must keep of ingest with a client monitoring {@link #DEFAULT_MONITORED} channels. */
    public static final double GOAL_RATIO = 0.95;
    private static final int BATCH = 1_000;
    private static final int ROUNDS = 5;
    private static final Duration SLICE = Duration.ofSeconds(1);

    private ScadaBenchmark() {
    }

    /** Runs the benchmark; progress lines go to {@code progress}. Returns the figures in print order. */
    public static Map<String, Object> run(int twins, int channels, int monitored, Duration phase, Path pkiDir,
                                          PrintWriter progress) throws Exception {
        return run(twins, channels, monitored, phase, pkiDir, null, progress);
    }

    /** As {@link #run(int, int, int, Duration, Path, Path, PrintWriter)} with the default sampling interval. */
    public static Map<String, Object> run(int twins, int channels, int monitored, Duration phase, Path pkiDir,
                                          Path storeDir, PrintWriter progress) throws Exception {
        return run(twins, channels, monitored, DEFAULT_SAMPLING_INTERVAL, phase, pkiDir, storeDir, progress);
    }

    /**
     * As {@link #run(int, int, int, Duration, Path, PrintWriter)}, the client asking for {@code samplingInterval}
     * milliseconds (0: the fastest the server allows); with {@code storeDir}, each repository writes its history
     * to its own store there (RocksDB, as the engine's ingest does), so the rates are ingest rates.
     */
    public static Map<String, Object> run(int twins, int channels, int monitored, double samplingInterval,
                                          Duration phase, Path pkiDir, Path storeDir, PrintWriter progress)
            throws Exception {
        if (!(samplingInterval >= 0 && samplingInterval <= 3_600_000)) {
            throw new IllegalArgumentException("sampling interval " + samplingInterval + " ms is outside 0-3600000;"
                    + " use e.g. 0 (the fastest the server allows) or 1000");
        }
        io.minetwin.store.Store plainStore = null;
        io.minetwin.store.Store servedStore = null;
        try {
            if (storeDir != null) {
                var options = io.minetwin.store.StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO);
                plainStore = io.minetwin.store.Store.open(storeDir.resolve("plain"), options);
                servedStore = io.minetwin.store.Store.open(storeDir.resolve("served"), options);
            }
            return run(twins, channels, monitored, samplingInterval, phase, pkiDir, plainStore, servedStore,
                    progress);
        } finally {
            if (plainStore != null) {
                plainStore.close();
            }
            if (servedStore != null) {
                servedStore.close();
            }
        }
    }

    private static Map<String, Object> run(int twins, int channels, int monitored, double samplingInterval,
                                           Duration phase, Path pkiDir, io.minetwin.store.Store plainStore,
                                           io.minetwin.store.Store servedStore, PrintWriter progress)
            throws Exception {
        if (twins < 1 || channels < 1 || monitored < 0) {
            throw new IllegalArgumentException("twins and channels must be at least 1, monitored at least 0");
        }
        AssetType type = type(channels);
        // Two identical repositories: 'plain' never has the server, 'served' has it. Phases alternate between
        // them, so both see the same JIT state, heap and machine load.
        var plainRepo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofDays(3650));
        var servedRepo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofDays(3650));
        List<SeriesKey> keys = new ArrayList<>(twins * channels);
        for (int t = 0; t < twins; t++) {
            TwinId id = new TwinId("bench", String.format(Locale.ROOT, "asset-%05d", t));
            plainRepo.register(new TwinDefinition(id, type, TwinAttributes.NONE));
            servedRepo.register(new TwinDefinition(id, type, TwinAttributes.NONE));
            for (ComponentType c : type.components()) {
                for (ChannelSpec s : c.channels()) {
                    keys.add(new SeriesKey(id, c.name(), s.name()));
                }
            }
        }
        var plain = new Feeder(plainRepo, keys, sink(plainStore));
        var served = new Feeder(servedRepo, keys, sink(servedStore));
        progress.printf(Locale.ROOT, "registered %,d twins x %d channels twice; first values and warm-up...%n", twins,
                channels);
        progress.flush();
        plain.run(keys.size());
        served.run(keys.size());
        for (int i = 0; i < 2; i++) {
            plain.rate(phase);
            served.rate(phase);
        }
        long heapBefore = usedHeap();

        long t0 = System.nanoTime();
        var settings = ScadaServerSettings.local(0, pkiDir, List.of(), true).withLimits(ScadaLimits.DEFAULTS
                .withMaxMonitoredItemsPerSession(Math.max(ScadaLimits.DEFAULT_MAX_MONITORED_ITEMS_PER_SESSION,
                        Math.max(1, monitored))));
        Map<String, Object> out = new LinkedHashMap<>();
        try (ScadaServer server = ScadaServer.start(settings, servedRepo, SeriesReader.NONE)) {
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            long heapAfter = usedHeap();
            progress.printf(Locale.ROOT, "server started in %.1f s at %s; subscribing %d channels...%n", startSeconds,
                    server.endpointUrl(), monitored);
            progress.flush();
            var notifications = new LongAdder();
            var revised = new java.util.TreeMap<Double, Integer>();
            OpcUaClient client = monitored > 0 ? subscribe(server.endpointUrl(), keys, monitored, samplingInterval,
                    notifications, revised) : null;
            try {
                double[] without = new double[ROUNDS];
                double[] with = new double[ROUNDS];
                // Each round alternates one-second slices of the two repositories (plain-served, then
                // served-plain), so that both see the same machine load second by second; a round's rate is its
                // slices' samples over their time, and each pair of slices gives a ratio.
                List<Double> pairRatios = new ArrayList<>();
                long slices = Math.max(1, phase.toMillis() / SLICE.toMillis());
                // CPU time, which the machine's load does not change much: the applying thread's per sample, and
                // the process's other threads (server, client, GC, JIT) per second, on each side
                long[] cpuApply = new long[2];
                long[] cpuOthers = new long[2];
                long[] allN = new long[2];
                long[] allNanos = new long[2];
                for (int r = 0; r < ROUNDS; r++) {
                    progress.printf(Locale.ROOT, "round %d of %d: apply rate without and with the server...%n", r + 1,
                            ROUNDS);
                    progress.flush();
                    long[] n = new long[2];
                    long[] nanos = new long[2];
                    for (long j = 0; j < slices; j++) {
                        boolean plainFirst = (j + r) % 2 == 0;
                        double a = (plainFirst ? plain : served).slice(SLICE, n, nanos, cpuApply, cpuOthers,
                                plainFirst ? 0 : 1);
                        double b = (plainFirst ? served : plain).slice(SLICE, n, nanos, cpuApply, cpuOthers,
                                plainFirst ? 1 : 0);
                        pairRatios.add(plainFirst ? b / a : a / b);
                    }
                    without[r] = n[0] / (nanos[0] / 1e9);
                    with[r] = n[1] / (nanos[1] / 1e9);
                    for (int i = 0; i < 2; i++) {
                        allN[i] += n[i];
                        allNanos[i] += nanos[i];
                    }
                }
                io.minetwin.model.TwinListener noop = change -> { };
                plainRepo.addListener(noop);
                double withListener = plain.rate(phase);
                plainRepo.removeListener(noop);
                long d0 = System.nanoTime();
                boolean drained = server.awaitApplied(600_000);
                double drainSeconds = (System.nanoTime() - d0) / 1e9;
                long waitUntil = System.nanoTime() + 30_000_000_000L;
                // wait (up to 30 s) for the client to receive what passed its items' filters
                long last = -1;
                while (client != null && notifications.sum() != last && System.nanoTime() < waitUntil) {
                    last = notifications.sum();
                    Thread.sleep(500);
                }
                ScadaServer.Status st = server.status();
                double baseline = median(without);
                double withServer = median(with);
                out.put("twins", twins);
                out.put("channels_per_twin", channels);
                out.put("variables", (long) twins * channels);
                out.put("nodes", st.nodes());
                out.put("start_s", round(startSeconds));
                out.put("heap_before_mb", heapBefore / 1_048_576);
                out.put("heap_with_server_mb", heapAfter / 1_048_576);
                out.put("server_heap_mb", (heapAfter - heapBefore) / 1_048_576);
                out.put("bytes_per_variable", (heapAfter - heapBefore) / ((long) twins * channels));
                out.put("history", plainStore == null ? "none (repository only)" : "RocksDB store per repository");
                out.put("rounds", ROUNDS);
                out.put("phase_s", phase.toSeconds());
                out.put("apply_per_s_without_server", Math.round(baseline));
                out.put("apply_per_s_with_server", Math.round(withServer));
                double pairRatio = median(pairRatios.stream().mapToDouble(Double::doubleValue).toArray());
                out.put("apply_ratio", round(pairRatio));
                out.put("apply_ratio_of_medians", round(withServer / baseline));
                out.put("slice_pairs", pairRatios.size());
                out.put("slice_pair_ratio_quartiles", List.of(round(quantile(pairRatios, 0.25)),
                        round(quantile(pairRatios, 0.75))));
                out.put("goal_ratio", GOAL_RATIO);
                out.put("meets_goal", pairRatio >= GOAL_RATIO);
                out.put("apply_per_s_without_by_round", java.util.Arrays.stream(without).mapToLong(Math::round).boxed().toList());
                out.put("apply_per_s_with_by_round", java.util.Arrays.stream(with).mapToLong(Math::round).boxed().toList());
                out.put("apply_per_s_noop_listener", Math.round(withListener));
                out.put("apply_cpu_ns_per_sample_without_server", Math.round((double) cpuApply[0] / allN[0]));
                out.put("apply_cpu_ns_per_sample_with_server", Math.round((double) cpuApply[1] / allN[1]));
                out.put("other_threads_cpu_cores_without_server", round((double) cpuOthers[0] / allNanos[0]));
                out.put("other_threads_cpu_cores_with_server", round((double) cpuOthers[1] / allNanos[1]));
                out.put("drain_s", round(drainSeconds));
                out.put("drained", drained);
                out.put("queue_waits", st.queueWaits());
                out.put("changes_applied", st.changesApplied());
                out.put("monitored_items_requested", monitored);
                out.put("monitored_items", st.monitoredItems());
                out.put("sampling_interval_requested_ms", samplingInterval);
                out.put("sampling_interval_revised_ms", revised.size() == 1 ? revised.firstKey() : revised.toString());
                out.put("server_min_sampling_interval_ms", st.minSamplingInterval());
                out.put("monitored_changes", st.monitoredChanges());
                // values the server handed to the monitored items, first values included
                out.put("notifications_pushed", st.notifications());
                out.put("values_coalesced", st.valuesCoalesced());
                out.put("notifications_received", notifications.sum());
                out.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1_048_576);
            } finally {
                if (client != null) {
                    client.disconnect();
                }
            }
        }
        return out;
    }

    /** History written as the engine's ingest writes it, or nowhere. */
    private static io.minetwin.model.TwinRepository.HistorySink sink(io.minetwin.store.Store store) {
        if (store == null) {
            return points -> { };
        }
        return store.history()::append;
    }

    private static double quantile(List<Double> v, double q) {
        double[] c = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return c[(int) Math.min(c.length - 1, Math.round(q * (c.length - 1)))];
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static AssetType type(int channels) {
        List<ComponentType> components = new ArrayList<>();
        int perComponent = 10;
        for (int c = 0; c * perComponent < channels; c++) {
            List<ChannelSpec> specs = new ArrayList<>();
            for (int i = c * perComponent; i < Math.min(channels, (c + 1) * perComponent); i++) {
                specs.add(new ChannelSpec(String.format(Locale.ROOT, "ch-%02d", i), "degC", ValueType.NUMBER, null, null,
                        null, List.of(), ""));
            }
            components.add(new ComponentType("part-" + c, "", specs));
        }
        return new AssetType("bench-asset", "", components);
    }

    /** Applies batches of one sample per channel, round-robin over all channels, with rising source times. */
    private static final class Feeder {
        final InMemoryTwinRepository repo;
        final List<SeriesKey> keys;
        long next;
        long applied;
        final long base = Instant.now().minus(Duration.ofDays(365)).toEpochMilli();

        final io.minetwin.model.TwinRepository.HistorySink sink;

        Feeder(InMemoryTwinRepository repo, List<SeriesKey> keys, io.minetwin.model.TwinRepository.HistorySink sink) {
            this.repo = repo;
            this.keys = keys;
            this.sink = sink;
        }

        void run(long samples) {
            long end = applied + samples;
            while (applied < end) {
                batch();
            }
        }

        /**
         * Applies for {@code d}; adds the samples, nanoseconds, this thread's CPU nanoseconds and the other
         * threads' to index {@code i} of the arrays; returns the rate.
         */
        double slice(Duration d, long[] n, long[] nanos, long[] cpuApply, long[] cpuOthers, int i) {
            var mx = ManagementFactory.getThreadMXBean();
            long others0 = othersCpu(mx);
            long cpu0 = mx.getCurrentThreadCpuTime();
            long n0 = applied;
            long t0 = System.nanoTime();
            long until = t0 + d.toNanos();
            while (System.nanoTime() < until) {
                batch();
            }
            long dt = System.nanoTime() - t0;
            cpuApply[i] += mx.getCurrentThreadCpuTime() - cpu0;
            cpuOthers[i] += Math.max(0, othersCpu(mx) - others0);
            n[i] += applied - n0;
            nanos[i] += dt;
            return (applied - n0) / (dt / 1e9);
        }

        /** CPU nanoseconds of the process's threads other than this one (threads that ended are not counted). */
        private static long othersCpu(java.lang.management.ThreadMXBean mx) {
            long self = Thread.currentThread().getId();
            long sum = 0;
            for (long id : mx.getAllThreadIds()) {
                if (id != self) {
                    sum += Math.max(0, mx.getThreadCpuTime(id));
                }
            }
            return sum;
        }

        double rate(Duration d) {
            long n0 = applied;
            long t0 = System.nanoTime();
            long until = t0 + d.toNanos();
            while (System.nanoTime() < until) {
                batch();
            }
            return (applied - n0) / ((System.nanoTime() - t0) / 1e9);
        }

        void batch() {
            List<Sample> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long k = next++;
                SeriesKey key = keys.get((int) (k % keys.size()));
                long round = k / keys.size();
                batch.add(Sample.good(key, Instant.ofEpochMilli(base + round * 1000), 20 + (round % 500) / 10.0));
            }
            repo.apply(batch, sink);
            applied += BATCH;
        }
    }

    private static OpcUaClient subscribe(String url, List<SeriesKey> keys, int monitored, double samplingInterval,
                                         LongAdder notifications, Map<Double, Integer> revised) throws Exception {
        URI uri = URI.create(url);
        OpcUaClient client = OpcUaClient.create(url, endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.None.getUri())
                                && e.getSecurityMode() == MessageSecurityMode.None)
                        .findFirst().map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
                transport -> { },
                b -> b.setApplicationName(LocalizedText.english("minetwin bench scada"))
                        .setApplicationUri("urn:minetwin:bench").setIdentityProvider(new AnonymousProvider())
                        .setRequestTimeout(uint(60_000)));
        client.connect();
        int ns = client.getNamespaceTable().getIndex("urn:minetwin:twins").intValue();
        var sub = new OpcUaSubscription(client, 100.0);
        sub.create();
        var items = new ArrayList<OpcUaMonitoredItem>();
        int step = Math.max(1, keys.size() / monitored);
        for (int i = 0; i < monitored && i * step < keys.size(); i++) {
            SeriesKey k = keys.get(i * step);
            var item = OpcUaMonitoredItem.newDataItem(new NodeId(ns, k.twin() + "/" + k.component() + "/" + k.channel()));
            item.setSamplingInterval(samplingInterval);
            item.setQueueSize(uint(100));
            item.setDataValueListener((it, v) -> notifications.increment());
            items.add(item);
        }
        sub.addMonitoredItems(items);
        sub.createMonitoredItems();
        for (OpcUaMonitoredItem item : items) {
            item.getRevisedSamplingInterval().ifPresent(d -> revised.merge(d, 1, Integer::sum));
        }
        return client;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
