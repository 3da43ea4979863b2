package io.minetwin.engine.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.minetwin.connectors.sparkplug.BrokerConfig;
import io.minetwin.connectors.sparkplug.MetricRule;
import io.minetwin.connectors.sparkplug.NamePattern;
import io.minetwin.connectors.sparkplug.SparkplugStatus;
import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.ingest.SparkplugIngest;
import io.minetwin.engine.ingest.SparkplugSettings;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.Fleet;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code bench sparkplug}: the engine's Sparkplug B ingest against a bare Paho client, in one run, against one
 * mosquitto broker in a child process.
 *
 * <p>{@code nodes} edge nodes of 100 double metrics each (the {@code bench opcua} fleet: twin {@code bench:sNNNNN},
 * channels {@code g0..g3.c00..c24}) publish an NBIRTH, then {@code rounds} NDATA messages each carrying every
 * metric by alias, all encoded before the clock starts and published at QoS 0 as fast as the broker takes them.
 * Phase one subscribes a bare Paho client that decodes each payload and counts its metrics; phase two runs the
 * engine's path (SparkplugConnector, IngestPipeline, TwinService, the RocksDB store in {@code work}) on the same
 * messages. Each figure is samples per second from the first data message received to the last sample counted
 * (decoded for the bare client, applied with history durable for the engine).
 */
public final class SparkplugBenchmark {

    public static final int DEFAULT_NODES = 50;
    public static final int DEFAULT_ROUNDS = 200;
    static final int METRICS = BenchLayout.CHANNELS_PER_ASSET;
    static final String GROUP = "Bench";

    private final int nodes;
    private final int rounds;
    private final Consumer<String> progress;
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * @param nodes  edge nodes, 100 metrics each
     * @param rounds NDATA messages per edge node
     */
    public SparkplugBenchmark(int nodes, int rounds, Consumer<String> progress) {
        if (nodes < 1 || rounds < 1) {
            throw new IllegalArgumentException("--nodes and --rounds must be at least 1");
        }
        this.nodes = nodes;
        this.rounds = rounds;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** What one phase measured. */
    private record Phase(long samples, long nanos, long cpuNanos) {
        double perSecond() {
            return nanos == 0 ? 0 : samples * 1e9 / nanos;
        }
    }

    /** Runs both phases in {@code work}; returns the figures, in order. */
    public Map<String, Object> run(Path work) throws Exception {
        double loadBefore = os.getSystemLoadAverage();
        var layout = new BenchLayout(nodes * METRICS);
        progress.accept(String.format(Locale.ROOT, "encoding %,d NBIRTH and %,d NDATA messages (%,d samples)", nodes,
                (long) nodes * rounds, (long) nodes * rounds * METRICS));
        List<byte[]> births = new ArrayList<>();
        List<String> birthTopics = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        List<String> dataTopics = new ArrayList<>();
        encode(layout, births, birthTopics, data, dataTopics);
        long expected = (long) nodes * rounds * METRICS;
        try (var broker = MosquittoProcess.start(work)) {
            progress.accept("mosquitto listening at " + broker.url());
            Phase bare = bare(broker.url(), births, birthTopics, data, dataTopics, expected);
            Map<String, Object> extra = new LinkedHashMap<>();
            Phase engine = engine(broker.url(), layout.fleet(), work, births, birthTopics, data, dataTopics, expected,
                    extra);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("edge_nodes", nodes);
            out.put("metrics_per_message", METRICS);
            out.put("data_messages", (long) nodes * rounds);
            out.put("samples_sent", expected);
            out.put("bare_paho_samples", bare.samples());
            out.put("bare_paho_per_s", Math.round(bare.perSecond()));
            out.put("engine_samples_applied", engine.samples());
            out.put("engine_per_s", Math.round(engine.perSecond()));
            out.put("ratio", Math.round(1000 * (bare.perSecond() > 0 ? engine.perSecond() / bare.perSecond() : 0))
                    / 1000.0);
            out.put("bare_paho_us_cpu_per_sample", us(bare));
            out.put("engine_us_cpu_per_sample", us(engine));
            out.putAll(extra);
            out.put("cpus", Runtime.getRuntime().availableProcessors());
            out.put("load_average_before", Math.round(loadBefore * 10) / 10.0);
            out.put("load_average_after", Math.round(os.getSystemLoadAverage() * 10) / 10.0);
            return out;
        }
    }

    private static double us(Phase p) {
        return p.samples() == 0 ? 0 : Math.round(p.cpuNanos() / 1e3 / p.samples() * 1000) / 1000.0;
    }

    private void encode(BenchLayout layout, List<byte[]> births, List<String> birthTopics, List<byte[]> data,
                        List<String> dataTopics) {
        long t0 = System.currentTimeMillis() - (long) rounds * 1000 - 60_000;
        for (int n = 0; n < nodes; n++) {
            var birth = Payload.newBuilder().setTimestamp(t0).setSeq(0)
                    .addMetrics(Payload.Metric.newBuilder().setName("bdSeq").setDatatype(4).setLongValue(0));
            for (int m = 0; m < METRICS; m++) {
                BenchLayout.Item item = layout.item(n * METRICS + m);
                birth.addMetrics(Payload.Metric.newBuilder().setName(item.group() + "/" + item.channel()).setAlias(m)
                        .setDatatype(10).setTimestamp(t0).setDoubleValue(0));
            }
            births.add(birth.build().toByteArray());
            birthTopics.add("spBv1.0/" + GROUP + "/NBIRTH/" + layout.item(n * METRICS).asset());
        }
        for (int r = 1; r <= rounds; r++) {
            long t = t0 + r * 1000L;
            for (int n = 0; n < nodes; n++) {
                var p = Payload.newBuilder().setTimestamp(t).setSeq(r & 0xFF);
                for (int m = 0; m < METRICS; m++) {
                    p.addMetrics(Payload.Metric.newBuilder().setAlias(m).setTimestamp(t).setDoubleValue(r + m * 0.001));
                }
                data.add(p.build().toByteArray());
                dataTopics.add("spBv1.0/" + GROUP + "/NDATA/" + layout.item(n * METRICS).asset());
            }
        }
    }

    // ---------------------------------------------------------------- phase 1: bare Paho

    private Phase bare(String url, List<byte[]> births, List<String> birthTopics, List<byte[]> data,
                       List<String> dataTopics, long expected) throws Exception {
        progress.accept("bare Paho: subscribing, decoding and counting");
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong();
        var sub = new MqttAsyncClient(url, "bench-bare", new MemoryPersistence());
        sub.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws InvalidProtocolBufferException {
                Payload p = Payload.parseFrom(message.getPayload());
                if (topic.contains("/NDATA/")) {
                    first.compareAndSet(0, System.nanoTime());
                    count.addAndGet(p.getMetricsCount());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            sub.connect(options()).waitForCompletion(10_000);
            sub.subscribe("spBv1.0/" + GROUP + "/#", 1).waitForCompletion(10_000);
            return measure(url, births, birthTopics, data, dataTopics, () -> count.get(), first, expected, () -> 0);
        } finally {
            sub.disconnect().waitForCompletion(5_000);
            sub.close();
        }
    }

    // ---------------------------------------------------------------- phase 2: the engine

    private Phase engine(String url, Fleet fleet, Path work, List<byte[]> births, List<String> birthTopics,
                         List<byte[]> data, List<String> dataTopics, long expected, Map<String, Object> extra)
            throws Exception {
        progress.accept("engine: opening the store and connecting the Sparkplug connector");
        Clock clock = Clock.systemUTC();
        var rule = new MetricRule(NamePattern.parse(GROUP, "group"), NamePattern.parse("{asset}", "edge-node"),
                Optional.empty(), NamePattern.parse("{group}/{channel}", "metric"), BenchLayout.NAMESPACE + ":{asset}",
                "{group}.{channel}", Optional.empty(), "bench");
        var broker = BrokerConfig.of("bench", url, List.of(rule)).withRebirthInterval(Duration.ofMinutes(10));
        try (Store store = Store.open(work.resolve("data"), StoreOptions.defaults())) {
            var repository = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
            var service = new TwinService(repository, store.history(), store.snapshots(), clock, Duration.ofMinutes(1));
            service.register(fleet);
            var pipeline = new IngestPipeline(service, store.events(), 256, 50_000);
            SparkplugIngest ingest = SparkplugIngest.start(new SparkplugSettings(List.of(broker)), fleet, pipeline,
                    clock);
            AtomicLong first = new AtomicLong();
            long birthSamples = (long) nodes * METRICS;
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ingest.brokers().get(0).state() != SparkplugStatus.State.CONNECTED) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the connector did not connect: " + ingest.brokers().get(0)
                                .describe());
                    }
                    Thread.sleep(20);
                }
                LongSupplier applied = () -> {
                    long a = pipeline.status().applied() - birthSamples;
                    if (a > 0) {
                        first.compareAndSet(0, System.nanoTime());
                    }
                    return Math.max(0, a);
                };
                Phase p = measure(url, births, birthTopics, data, dataTopics, applied, first, expected,
                        () -> ingest.brokers().get(0).nodesOnline());
                SparkplugStatus s = ingest.brokers().get(0);
                IngestPipeline.Status ps = pipeline.status();
                extra.put("engine_sequence_gaps", s.sequenceGaps());
                extra.put("engine_rebirth_requests", s.rebirthRequests());
                extra.put("engine_backpressure_waits", ps.backpressureWaits());
                extra.put("engine_backpressure_ms", ps.backpressureMillis());
                extra.put("engine_apply_failures", ps.applyFailures());
                return p;
            } finally {
                ingest.close();
                pipeline.close();
                service.close();
            }
        }
    }

    // ---------------------------------------------------------------- shared

    /**
     * Publishes the births, waits until {@code born} says every node is (for the engine; 0 skips the wait),
     * publishes the data and waits until {@code counted} reaches {@code expected} or stops growing for 10 s.
     * The first-sample time is set by the counter's side ({@code first}, System.nanoTime).
     */
    private Phase measure(String url, List<byte[]> births, List<String> birthTopics, List<byte[]> data,
                          List<String> dataTopics, LongSupplier counted, AtomicLong first, long expected,
                          java.util.function.IntSupplier born) throws Exception {
        var pub = new MqttAsyncClient(url, "bench-edge", new MemoryPersistence());
        pub.connect(options()).waitForCompletion(10_000);
        try {
            publish(pub, births, birthTopics);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (born.getAsInt() != 0 && born.getAsInt() < nodes) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + born.getAsInt() + " of " + nodes + " edge nodes born");
                }
                Thread.sleep(10);
            }
            if (born.getAsInt() == 0) {
                Thread.sleep(500); // the bare client decodes births too; let them pass before the data
            }
            long cpu0 = os.getProcessCpuTime();
            progress.accept(String.format(Locale.ROOT, "publishing %,d data messages", data.size()));
            publish(pub, data, dataTopics);
            long last = -1;
            long lastChange = System.nanoTime();
            long n;
            while ((n = counted.getAsLong()) < expected) {
                if (n != last) {
                    last = n;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(10)) {
                    progress.accept(String.format(Locale.ROOT, "only %,d of %,d samples arrived; the broker or the"
                            + " client dropped the rest", n, expected));
                    break;
                }
                Thread.sleep(2);
            }
            long end = System.nanoTime();
            long cpu = os.getProcessCpuTime() - cpu0;
            n = counted.getAsLong();
            long start = first.get() == 0 ? end : first.get();
            progress.accept(String.format(Locale.ROOT, "%,d samples in %.2f s", n, (end - start) / 1e9));
            return new Phase(n, end - start, cpu);
        } finally {
            pub.disconnect().waitForCompletion(5_000);
            pub.close();
        }
    }

    private static void publish(MqttAsyncClient pub, List<byte[]> payloads, List<String> topics) throws MqttException {
        IMqttToken last = null;
        for (int i = 0; i < payloads.size(); i++) {
            last = pub.publish(topics.get(i), payloads.get(i), 0, false);
            if (i % 500 == 499) {
                last.waitForCompletion(30_000);
            }
        }
        if (last != null) {
            last.waitForCompletion(30_000);
        }
    }

    private static MqttConnectOptions options() {
        var o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(65_535);
        o.setKeepAliveInterval(60);
        return o;
    }
}
