package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.store.Store;
import io.minetwin.store.StoreHealth;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.SmallFilesystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest into a store on a real, small filesystem that fills up while a connector thread keeps
 * delivering: the pipeline stalls with its queue within bounds and the connector waiting, the store
 * says it is degraded and why; once space is freed, ingest resumes by itself and every sample the
 * pipeline accepted is in history.
 */
class IngestDiskFullIT {

    private static final int SERIES = 100;
    private static final int BATCH = SERIES;
    private static final int MAX_QUEUED = 50 * BATCH;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void ingestPausesWhileTheDiskIsFullAndResumesWithNothingLost() throws Exception {
        SmallFilesystem mounted = null;
        try {
            mounted = SmallFilesystem.mount(tmp.resolve("small"), 40);
        } catch (SmallFilesystem.Unavailable e) {
            assumeTrue(false, e.getMessage());
        }
        try (SmallFilesystem fs = mounted) {
            Clock clock = Clock.systemUTC();
            List<SeriesKey> keys = new ArrayList<>();
            Map<TwinId, TwinDefinition> twins = new LinkedHashMap<>();
            var type = new AssetType("probe", "", List.of(new ComponentType("c", "", List.of(ChannelSpec.number("v", "")))));
            for (int i = 0; i < SERIES; i++) {
                TwinId id = new TwinId("site", "probe-" + i);
                twins.put(id, new TwinDefinition(id, type, TwinAttributes.NONE));
                keys.add(new SeriesKey(id, "c", "v"));
            }
            Fleet fleet = new Fleet("site", "", Map.of("probe", type), twins);
            Store store = Store.open(fs.dir().resolve("data"), StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO));
            long t0 = clock.millis() - 3_600_000L;
            AtomicBoolean stop = new AtomicBoolean();
            long[] delivered = {0};
            Thread connector;
            IngestPipeline pipeline;
            try (TwinService service = new TwinService(new InMemoryTwinRepository(clock, Duration.ofMinutes(5)),
                    store.history(), store.snapshots(), clock, Duration.ofHours(1))) {
                service.register(fleet);
                pipeline = new IngestPipeline(service, store.events(), 1_000, 10 * BATCH, MAX_QUEUED);
                connector = new Thread(() -> {
                    try {
                        for (int i = 0; !stop.get(); i++) {
                            List<Sample> b = new ArrayList<>(BATCH);
                            for (SeriesKey k : keys) {
                                b.add(new Sample(k, Instant.ofEpochMilli(t0 + i * 10L), Value.of(i), Quality.GOOD));
                            }
                            pipeline.accept(b);
                            delivered[0] = i + 1;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "test-connector");
                connector.start();
                await("the first samples are stored", () -> pipeline.status().applied() >= 20 * BATCH);

                fs.fill();
                await("ingest stalls on the full disk", () -> pipeline.status().stalled() && store.health().degraded());
                StoreHealth degraded = store.health();
                assertTrue(degraded.cause().orElseThrow().contains("space"), degraded.toString());
                assertTrue(degraded.fix().orElseThrow().contains("free disk space"), degraded.toString());
                // What /api/status and /metrics serve.
                var status = io.minetwin.engine.runtime.Engine.withStore(new java.util.LinkedHashMap<>(), store);
                @SuppressWarnings("unchecked")
                Map<String, Object> storeStatus = (Map<String, Object>) status.get("store");
                assertEquals("degraded", storeStatus.get("state"));
                assertTrue(String.valueOf(storeStatus.get("cause")).contains("No space left on device"), storeStatus.toString());
                assertTrue(String.valueOf(storeStatus.get("fix")).contains("free disk space"), storeStatus.toString());
                var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                io.minetwin.engine.runtime.Engine.registerStoreMetrics(metrics, store, pipeline);
                String scrape = metrics.scrape();
                assertTrue(scrape.contains("minetwin_store_degraded 1.0"), scrape);
                assertTrue(scrape.contains("minetwin_ingest_stalled 1.0"), scrape);
                long appliedWhenFull = pipeline.status().applied();
                // The queue fills to its bound and the connector waits there (backpressure), not on the heap.
                await("the connector waits for room", () -> connector.getState() == Thread.State.WAITING
                        && pipeline.status().notStored() >= MAX_QUEUED);
                assertTrue(pipeline.status().notStored() <= MAX_QUEUED + 10L * BATCH + BATCH,
                        "not stored while full: " + pipeline.status().notStored());
                long freedAfter = pipeline.status().applyFailures();

                fs.free();
                long freedAt = System.nanoTime();
                await("ingest resumes after space is freed", () -> pipeline.status().applied() > appliedWhenFull + MAX_QUEUED);
                long resumeMillis = (System.nanoTime() - freedAt) / 1_000_000;
                assertTrue(!store.health().degraded() && store.health().recoveries() >= 1, store.health().toString());
                assertTrue(metrics.scrape().contains("minetwin_store_degraded 0.0"), metrics.scrape());
                stop.set(true);
                connector.join(DEADLINE.toMillis());
                pipeline.close();
                IngestPipeline.Status end = pipeline.status();
                assertEquals(0, end.notStored(), end.toString());
                assertEquals(end.accepted(), delivered[0] * BATCH);
                long lost = 0;
                for (SeriesKey k : keys) {
                    lost += delivered[0] - store.history().read(k, t0, t0 + delivered[0] * 10L).size();
                }
                assertEquals(0, lost, "samples accepted but not in history");
                System.out.printf("ingest disk full: %d samples accepted, %d stored, lost %d; %d failed applies while"
                                + " full, resumed %d ms after space was freed; %d samples queued at most%n",
                        end.accepted(), end.applied(), lost, freedAfter, resumeMillis, MAX_QUEUED);
            } finally {
                stop.set(true);
                store.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEADLINE + " waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
