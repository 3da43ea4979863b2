package io.minetwin.engine.ingest;

import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.ChannelState;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.model.Quality;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.mqtt.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Sparkplug B into the engine's own ingest, configured as {@code run} reads it: the shipped fleet, a
 * {@code sparkplug} section naming a mosquitto broker started here, the RocksDB store. An edge node (written
 * here from the specification) is born, sends live and store-and-forward data, and dies: live values update the
 * twin (converted from degF), historical ones land in history without touching the twin even when newer, and the
 * death leaves the channel stale with a gap event in the store.
 */
class SparkplugEngineIT {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Payload.Metric metric(String name, long alias, double v, long t, boolean historical) {
        var b = Payload.Metric.newBuilder().setAlias(alias).setTimestamp(t).setDoubleValue(v);
        if (name != null) {
            b.setName(name).setDatatype(10).setProperties(Payload.PropertySet.newBuilder().addKeys("engUnit")
                    .addValues(Payload.PropertyValue.newBuilder().setType(12).setStringValue("degF")));
        }
        return b.setIsHistorical(historical).build();
    }

    private static Payload.Metric bdSeq(long v) {
        return Payload.Metric.newBuilder().setName("bdSeq").setDatatype(4).setLongValue(v).build();
    }

    @Test
    void runIngestsSparkplugIntoTwinsHistoryAndEvents() throws Exception {
        assumeTrue(MosquittoBroker.executable().isPresent(), MosquittoBroker.MISSING);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.PLAIN)) {
            Path file = dir.resolve("minetwin.yaml");
            Files.writeString(file, "data-dir: data\n"
                    + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                    + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                    + "sparkplug:\n"
                    + "  brokers:\n"
                    + "    - name: uns\n"
                    + "      url: " + broker.url() + "\n"
                    + "      groups: [Baiyun]\n"
                    + "      mappings:\n"
                    + "        - group: Baiyun\n"
                    + "          edge-node: \"{asset}\"\n"
                    + "          metric: \"{component}/{channel}\"\n"
                    + "          twin: \"baiyun:{asset}\"\n");
            EngineConfig config = EngineConfig.load(file);
            Fleet fleet = config.loadFleet();
            SparkplugSettings settings = SparkplugSettings.load(config, fleet, System::getenv);
            assertEquals(1, settings.brokers().size());
            Clock clock = Clock.systemUTC();
            SeriesKey winding = SeriesKey.of(TwinId.parse("baiyun:shovel-01"), "hoist-motor.winding-temp");
            try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults()
                    .withRetentionSweepInterval(Duration.ZERO))) {
                TwinService service = TwinService.start(config, fleet, store, clock);
                var pipeline = new IngestPipeline(service, store.events(), 16, 10_000);
                SparkplugIngest ingest = SparkplugIngest.start(settings, fleet, pipeline, clock);
                try {
                    await(() -> ingest.brokers().get(0).state().name().equals("CONNECTED"), "connected");
                    var edge = new MqttAsyncClient(broker.url(), "edge-shovel-01", new MemoryPersistence());
                    edge.connect(new MqttConnectOptions()).waitForCompletion(10_000);
                    String base = "spBv1.0/Baiyun/";
                    long t0 = System.currentTimeMillis() - 60_000;
                    edge.publish(base + "NBIRTH/shovel-01", Payload.newBuilder().setSeq(0).addMetrics(bdSeq(3))
                            .addMetrics(metric("hoist-motor/winding-temp", 1, 212.0, t0, false)).build()
                            .toByteArray(), 0, false).waitForCompletion();
                    // Store-and-forward: two buffered values, one of them newer than the live one that follows.
                    edge.publish(base + "NDATA/shovel-01", Payload.newBuilder().setSeq(1)
                            .addMetrics(metric(null, 1, 230.0, t0 + 1_000, true))
                            .addMetrics(metric(null, 1, 248.0, t0 + 30_000, true))
                            .addMetrics(metric(null, 1, 221.0, t0 + 20_000, false)).build().toByteArray(), 0, false)
                            .waitForCompletion();
                    await(() -> pipeline.status().applied() >= 4, "4 samples applied: " + pipeline.status());

                    ChannelState live = service.repository().twin(winding.twin()).orElseThrow()
                            .channel(winding).orElseThrow();
                    assertEquals(Value.of(105.0), live.latest().value(), "221 degF live, not 248 degF historical");
                    assertEquals(Instant.ofEpochMilli(t0 + 20_000), live.latest().sourceTime());
                    SeriesData h = store.history().read(winding, t0 - 1, t0 + 60_000);
                    assertEquals(4, h.size(), "birth, two historical and one live value are in history");
                    assertEquals(100.0, h.value(0), 1e-9);
                    assertEquals(110.0, h.value(1), 1e-9);
                    assertEquals(105.0, h.value(2), 1e-9);
                    assertEquals(120.0, h.value(3), 1e-9);
                    assertEquals(2, service.status().historyOnly());

                    edge.publish(base + "NDEATH/shovel-01", Payload.newBuilder().addMetrics(bdSeq(3)).build()
                            .toByteArray(), 0, false).waitForCompletion();
                    await(() -> pipeline.status().applied() >= 5, "stale mark applied: " + pipeline.status());
                    ChannelState stale = service.repository().twin(winding.twin()).orElseThrow()
                            .channel(winding).orElseThrow();
                    assertEquals(QualityLevel.BAD, stale.latest().quality().level());
                    assertTrue(((Quality.Bad) stale.latest().quality()).reason().contains("NDEATH"));
                    await(() -> pipeline.status().gapEvents() >= 1, "gap event");
                    List<Event> gaps = store.events().query(Optional.of(winding.twin()), Instant.EPOCH,
                            Instant.now().plusSeconds(60)).stream().filter(e -> e.kind() == EventKind.GAP).toList();
                    assertEquals(1, gaps.size());
                    assertEquals("uns", gaps.get(0).details().get("broker"));
                    edge.disconnect().waitForCompletion();
                    edge.close();
                } finally {
                    ingest.close();
                    pipeline.close();
                    service.close();
                }
            }
        }
    }
}
