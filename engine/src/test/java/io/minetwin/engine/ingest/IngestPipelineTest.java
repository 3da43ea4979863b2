package io.minetwin.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.History;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.Quality;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {

    private static final TwinId TWIN = new TwinId("test", "t1");
    private static final SeriesKey SERIES = new SeriesKey(TWIN, "c", "v");

    private final Store store = Store.inMemory(StoreOptions.defaults());
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch appending = new CountDownLatch(1);
    private final Clock clock = Clock.systemUTC();
    private long next = clock.millis() - 60_000;

    /** The store's history, but the first append waits until the test opens the gate. */
    private final History gated = new History() {
        @Override
        public void append(List<Point> batch) {
            appending.countDown();
            try {
                open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.history().append(batch);
        }

        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            return store.history().read(series, from, to);
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            return store.history().readRollup(series, resolution, from, to);
        }

        @Override
        public Set<SeriesKey> series() {
            return store.history().series();
        }

        @Override
        public long enforceRetention(long nowMillis) {
            return 0;
        }

        @Override
        public void close() {
        }
    };

    private TwinService service() {
        var type = new AssetType("probe", "", List.of(new ComponentType("c", "", List.of(ChannelSpec.number("v", "")))));
        var fleet = new Fleet("test", "", Map.of("probe", type),
                Map.of(TWIN, new TwinDefinition(TWIN, type, TwinAttributes.NONE)));
        var service = new TwinService(new InMemoryTwinRepository(clock, Duration.ofMinutes(5)), gated,
                store.snapshots(), clock, Duration.ofMinutes(1));
        service.register(fleet);
        return service;
    }

    private List<Sample> batch(int n) {
        var out = new ArrayList<Sample>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Sample(SERIES, Instant.ofEpochMilli(next++), Value.of(i), Quality.GOOD));
        }
        return out;
    }

    @AfterEach
    void closeStore() {
        open.countDown();
        store.close();
    }

    @Test
    void connectorWaitsWhenQueuedSamplesExceedTheBudgetThenEverythingIsApplied() throws Exception {
        var pipeline = new IngestPipeline(service(), store.events(), 100, 100, 10);
        pipeline.accept(batch(6));
        assertTrue(appending.await(10, TimeUnit.SECONDS), "the writer took the first batch");
        pipeline.accept(batch(6));
        var third = new Thread(() -> {
            try {
                pipeline.accept(batch(6));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        third.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (third.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, third.getState(), "6 queued + 6 more exceed the budget of 10");
        assertEquals(1, pipeline.status().backpressureWaits());
        open.countDown();
        third.join(10_000);
        assertTrue(pipeline.awaitApplied(10_000));
        pipeline.close();
        assertEquals(18, pipeline.status().applied());
        assertEquals(18, store.history().read(SERIES, 0, Long.MAX_VALUE / 4).size());
    }

    @Test
    void batchLargerThanTheBudgetIsStillTaken() throws Exception {
        open.countDown();
        var pipeline = new IngestPipeline(service(), store.events(), 100, 100, 10);
        pipeline.accept(batch(25));
        pipeline.accept(batch(3));
        assertTrue(pipeline.awaitApplied(10_000));
        pipeline.close();
        assertEquals(28, pipeline.status().applied());
    }
}
