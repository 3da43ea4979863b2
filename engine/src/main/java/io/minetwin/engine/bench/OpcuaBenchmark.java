package io.minetwin.engine.bench;

import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.ingest.OpcuaIngest;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.Fleet;
import io.minetwin.model.History;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * {@code bench opcua}: OPC UA ingest of the engine against a bare Milo client, in one run, against one
 * {@link OpcuaBenchServer} in a child process.
 *
 * <p>Phase one connects a Milo client that only counts data-change notifications; phase two runs the
 * engine's path (OpcUaConnector, IngestPipeline, TwinService, the RocksDB store in {@code work}) on
 * the same items with the same subscriptions: 1,000 items per subscription, the same publishing
 * interval, sampling intervals and queue sizes. Each phase warms up, then counts over a measured
 * window; the engine's figure is samples applied (history durable, twins updated), not notifications
 * received. At the end the samples in the store are counted by reading every series back.
 */
public final class OpcuaBenchmark {

    public static final int DEFAULT_ITEMS = 20_000;
    public static final int DEFAULT_SAMPLING_MS = 100;
    public static final int DEFAULT_SECONDS = 10;
    /** Publishing interval of every subscription, the engine's default. */
    static final double PUBLISHING_MS = EndpointConfig.DEFAULT_PUBLISHING_INTERVAL_MS;
    /** Items per subscription, as the connector splits them (its per-call limit). */
    static final int ITEMS_PER_SUBSCRIPTION = 1_000;

    private final Settings settings;
    private final Consumer<String> progress;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final int cpus = Runtime.getRuntime().availableProcessors();

    /**
     * @param items      variables served and monitored
     * @param samplingMs sampling interval of the first group; group {@code g} is sampled every {@code S + g} ms
     * @param warmUp     time each phase runs before it is measured
     * @param measure    the measured window of each phase
     */
    public record Settings(int items, int samplingMs, Duration warmUp, Duration measure) {
        public Settings {
            Objects.requireNonNull(warmUp, "warmUp");
            Objects.requireNonNull(measure, "measure");
            if (items < 1) {
                throw new IllegalArgumentException("--items " + items + " must be at least 1");
            }
            if (samplingMs < 1) {
                throw new IllegalArgumentException("--sampling-ms " + samplingMs + " must be at least 1");
            }
            if (measure.isNegative() || measure.isZero() || warmUp.isNegative()) {
                throw new IllegalArgumentException("the measured time must be positive and the warm-up not negative");
            }
        }
    }

    public OpcuaBenchmark(Settings settings, Consumer<String> progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs both phases in {@code work} (the store goes to {@code work/data}); returns the figures, in order. */
    public Map<String, Object> run(Path work) throws Exception {
        var layout = new BenchLayout(settings.items());
        double loadBefore = os.getSystemLoadAverage();
        progress.accept(String.format(Locale.ROOT, "starting the OPC UA server process with %,d items",
                settings.items()));
        try (var server = ServerProcess.start(work, settings.items())) {
            progress.accept("server listening at " + server.url());
            Phase bare = bare(server, layout);
            Phase engine = engine(server, layout, work);
            double expected = layout.expectedPerSecond(settings.samplingMs());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("items", settings.items());
            out.put("sampling_ms", settings.samplingMs());
            out.put("sampling_intervals_ms", samplingIntervals());
            out.put("publishing_ms", PUBLISHING_MS);
            out.put("queue_size", BenchLayout.queueSize(PUBLISHING_MS, settings.samplingMs()));
            out.put("measured_s", settings.measure().toMillis() / 1000.0);
            out.put("expected_per_s", round(expected));
            out.put("bare_milo_per_s", round(bare.perSecond()));
            out.put("engine_per_s", round(engine.perSecond()));
            out.put("ratio", round3(bare.perSecond() > 0 ? engine.perSecond() / bare.perSecond() : 0));
            out.put("bare_milo_of_expected", round3(bare.perSecond() / expected));
            out.put("engine_cpu_pct", round1(engine.cpuPct()));
            out.put("bare_milo_cpu_pct", round1(bare.cpuPct()));
            out.put("server_cpu_pct_during_engine", round1(engine.serverCpuPct()));
            out.put("server_cpu_pct_during_bare", round1(bare.serverCpuPct()));
            out.put("engine_gc_ms", engine.gcMillis());
            out.put("bare_milo_gc_ms", bare.gcMillis());
            out.put("engine_writer_cpu_pct_of_core", round1(engine.writerCpuPctOfCore()));
            out.put("engine_us_cpu_per_sample", round3(engine.cpuMicrosPerEvent()));
            out.put("engine_writer_us_cpu_per_sample", round3(engine.events() == 0 ? 0
                    : engine.writerCpuNanos() / 1e3 / engine.events()));
            out.put("bare_milo_us_cpu_per_notification", round3(bare.cpuMicrosPerEvent()));
            out.putAll(engine.extra());
            out.put("cpus", cpus);
            out.put("engine_jvm_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
            out.put("engine_jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X")).toList());
            out.put("load_average_before", round1(loadBefore));
            out.put("load_average_after", round1(os.getSystemLoadAverage()));
            return out;
        }
    }

    private List<Double> samplingIntervals() {
        var out = new ArrayList<Double>();
        for (int g = 0; g < Math.min(BenchLayout.GROUPS, settings.items()); g++) {
            out.add(BenchLayout.samplingInterval(settings.samplingMs(), g));
        }
        return out;
    }

    // ---------------------------------------------------------------- measuring

    /**
     * What one phase measured.
     *
     * @param events       events counted in the window (notifications, or samples applied)
     * @param nanos        length of the window
     * @param cpuNanos     this process's CPU time in the window
     * @param serverCpuNanos the server process's CPU time in the window, or -1 if unknown
     * @param writerCpuNanos CPU time of the engine's ingest writer thread in the window, or -1 if there is none
     * @param gcMillis     time the garbage collectors report for the window (pauses and concurrent work)
     */
    private record Phase(long events, long nanos, long cpuNanos, long serverCpuNanos, long writerCpuNanos,
                         long gcMillis, int cpus, Map<String, Object> extra) {
        double perSecond() {
            return events * 1e9 / nanos;
        }

        double cpuPct() {
            return 100.0 * cpuNanos / nanos / cpus;
        }

        double serverCpuPct() {
            return serverCpuNanos < 0 ? -1 : 100.0 * serverCpuNanos / nanos / cpus;
        }

        double writerCpuPctOfCore() {
            return writerCpuNanos < 0 ? -1 : 100.0 * writerCpuNanos / nanos;
        }

        double cpuMicrosPerEvent() {
            return events == 0 ? 0 : cpuNanos / 1e3 / events;
        }
    }

    /** Warms up, then counts {@code counter} and CPU over the measured window. */
    private Phase measure(String name, LongSupplier counter, ServerProcess server) throws InterruptedException {
        progress.accept(name + ": warming up for " + settings.warmUp().toSeconds() + " s");
        Thread.sleep(settings.warmUp().toMillis());
        progress.accept(name + ": measuring for " + settings.measure().toSeconds() + " s");
        long c0 = counter.getAsLong();
        long w0 = writerCpuNanos();
        long gc0 = gcMillis();
        long cpu0 = os.getProcessCpuTime();
        long srv0 = server.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(settings.measure().toMillis());
        long c1 = counter.getAsLong();
        long w1 = writerCpuNanos();
        long gc1 = gcMillis();
        long cpu1 = os.getProcessCpuTime();
        long srv1 = server.cpuNanos();
        long t1 = System.nanoTime();
        long srv = srv0 < 0 || srv1 < 0 ? -1 : srv1 - srv0;
        long writer = w0 < 0 || w1 < 0 ? -1 : w1 - w0;
        Phase p = new Phase(c1 - c0, t1 - t0, cpu1 - cpu0, srv, writer, gc1 - gc0, cpus, new LinkedHashMap<>());
        progress.accept(String.format(Locale.ROOT, "%s: %,.0f per s, %.1f%% of the machine's CPU", name,
                p.perSecond(), p.cpuPct()));
        return p;
    }

    /**
     * CPU time of the engine's ingest writer thread, which applies every sample (twins and history)
     * one batch at a time; -1 when it does not run. Near 100% of a core (or of what the machine's load
     * leaves a thread) means the apply path is the bottleneck.
     */
    private long writerCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(IngestPipeline.WRITER_THREAD)) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return -1;
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    // ---------------------------------------------------------------- phase 1: bare Milo client

    private Phase bare(ServerProcess server, BenchLayout layout) throws Exception {
        progress.accept("bare Milo client: subscribing");
        OpcUaClient client = OpcUaClient.create(server.url(),
                endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                transport -> { },
                b -> b.setApplicationName(LocalizedText.english("minetwin bench client"))
                        .setApplicationUri("urn:minetwin:bench-client")
                        .setRequestTimeout(uint(60_000)));
        client.connect();
        try {
            UShort ns = client.getNamespaceTable().getIndex(OpcuaBenchServer.NAMESPACE_URI);
            if (ns == null) {
                throw new IllegalStateException("bench server does not serve namespace " + OpcuaBenchServer.NAMESPACE_URI);
            }
            var count = new LongAdder();
            var listener = new OpcUaSubscription.SubscriptionListener() {
                @Override
                public void onDataReceived(OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
                    count.add(values.size());
                }
            };
            int queue = BenchLayout.queueSize(PUBLISHING_MS, settings.samplingMs());
            for (int from = 0; from < layout.items(); from += ITEMS_PER_SUBSCRIPTION) {
                int to = Math.min(layout.items(), from + ITEMS_PER_SUBSCRIPTION);
                var sub = new OpcUaSubscription(client, PUBLISHING_MS);
                sub.setSubscriptionListener(listener);
                sub.create();
                var items = new ArrayList<OpcUaMonitoredItem>(to - from);
                for (int i = from; i < to; i++) {
                    var mi = OpcUaMonitoredItem.newDataItem(new NodeId(ns, layout.item(i).path()));
                    mi.setSamplingInterval(BenchLayout.samplingInterval(settings.samplingMs(), BenchLayout.group(i)));
                    mi.setQueueSize(uint(queue));
                    mi.setDiscardOldest(true);
                    items.add(mi);
                }
                sub.addMonitoredItems(items);
                for (MonitoredItemServiceOperationResult r : sub.createMonitoredItems()) {
                    if (!r.isGood()) {
                        throw new IllegalStateException("bench server refused monitored item "
                                + r.monitoredItem().getReadValueId().getNodeId().toParseableString() + ": "
                                + r.operationResult().orElse(r.serviceResult()));
                    }
                }
            }
            return measure("bare Milo client", count::sum, server);
        } finally {
            try {
                client.disconnectAsync().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                progress.accept("bare Milo client: disconnect: " + e);
            }
        }
    }

    // ---------------------------------------------------------------- phase 2: the engine

    private Phase engine(ServerProcess server, BenchLayout layout, Path work) throws Exception {
        progress.accept("engine: opening the store and connecting");
        Clock clock = Clock.systemUTC();
        Fleet fleet = layout.fleet();
        long startMillis = clock.millis();
        Phase phase;
        Map<String, Object> extra = new LinkedHashMap<>();
        try (Store store = Store.open(work.resolve("data"), StoreOptions.defaults())) {
            var repository = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
            var service = new TwinService(repository, store.history(), store.snapshots(), clock, Duration.ofMinutes(1));
            service.register(fleet);
            var endpoint = EndpointConfig.of("bench", server.url(), work.resolve("pki"),
                            BenchLayout.mappings(settings.samplingMs(), PUBLISHING_MS))
                    .withPublishing(PUBLISHING_MS, EndpointConfig.DEFAULT_MAX_ITEMS_PER_SUBSCRIPTION);
            var ingest = OpcuaIngest.start(new OpcuaSettings(List.of(endpoint), OpcuaSettings.DEFAULT_QUEUE_BATCHES),
                    fleet, service, store.events(), clock);
            try {
                awaitConnected(ingest, layout.items());
                IngestPipeline pipeline = ingest.pipeline();
                phase = measure("engine", () -> pipeline.status().applied(), server);
                EndpointStatus s = ingest.endpoints().get(0);
                IngestPipeline.Status p = pipeline.status();
                extra.put("engine_notifications", s.notifications());
                extra.put("engine_duplicates_dropped", s.duplicatesDropped());
                extra.put("engine_subscriptions", s.subscriptions());
                extra.put("engine_backpressure_waits", p.backpressureWaits());
                extra.put("engine_backpressure_ms", p.backpressureMillis());
            } finally {
                ingest.close();
                service.close();
            }
            IngestPipeline.Status p = ingest.pipeline().status();
            extra.put("engine_samples_applied", p.applied());
            extra.put("engine_apply_failures", p.applyFailures());
            extra.put("samples_stored", countStored(store.history(), layout, startMillis - 60_000, clock.millis() + 600_000));
        }
        return new Phase(phase.events(), phase.nanos(), phase.cpuNanos(), phase.serverCpuNanos(),
                phase.writerCpuNanos(), phase.gcMillis(), phase.cpus(), extra);
    }

    private void awaitConnected(OpcuaIngest ingest, int items) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            EndpointStatus s = ingest.endpoints().get(0);
            if (s.state() == EndpointStatus.State.CONNECTED && s.monitoredItems() >= items) {
                progress.accept(String.format(Locale.ROOT, "engine: %,d items monitored in %d subscriptions",
                        s.monitoredItems(), s.subscriptions()));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine did not monitor all " + items + " items within 3 minutes: "
                        + s.describe());
            }
            Thread.sleep(50);
        }
    }

    private long countStored(History history, BenchLayout layout, long from, long to) {
        progress.accept("engine: counting the samples in the store");
        long n = 0;
        for (int i = 0; i < layout.items(); i++) {
            n += history.read(layout.item(i).series(), from, to).size();
        }
        return n;
    }

    private static double round(double v) {
        return BenchFigures.round(v, 0);
    }

    private static double round1(double v) {
        return BenchFigures.round(v, 1);
    }

    private static double round3(double v) {
        return BenchFigures.round(v, 3);
    }
}
