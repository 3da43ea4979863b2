package io.minetwin.store;

import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots and events of the RocksDB store across restarts, and its background retention sweep. */
class RocksStoreIT extends SnapshotsAndEventsContract {

    @TempDir
    Path dir;

    private StoreOptions options() {
        return StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO);
    }

    @Override
    protected Store create() {
        return Store.open(dir.resolve("store"), options());
    }

    @Override
    protected Store reopen(Store current) {
        current.close();
        return create();
    }

    @Test
    void acknowledgedWritesSyncTheLogBeforeTheyReturnAndProcessWritesDoNot() {
        SeriesKey key = new SeriesKey(TwinId.parse("t:a"), "c", "x");
        Event event = new Event(Instant.parse("2026-06-01T00:00:00Z"), TwinId.parse("t:a"), "c", EventKind.MAINTENANCE,
                java.util.Map.of("action", "inspection"));
        try (RocksStore store = (RocksStore) Store.open(dir.resolve("ack"), options())) {
            assertEquals(Durability.ACKNOWLEDGED, store.health().durability());
            store.history().append(List.of(Point.good(key, 1_000, 1)));
            assertEquals(1, store.syncs(), "a history append");
            store.events().append(List.of(event));
            assertEquals(2, store.syncs(), "an event log append (a maintenance record, an alert acknowledgement)");
            store.snapshots().put(TwinId.parse("t:a"), new byte[] {1});
            assertEquals(3, store.syncs(), "a twin snapshot");
        }
        try (RocksStore store = (RocksStore) Store.open(dir.resolve("process"), options().withDurability(Durability.PROCESS))) {
            store.history().append(List.of(Point.good(key, 1_000, 1)));
            store.events().append(List.of(event));
            store.snapshots().put(TwinId.parse("t:a"), new byte[] {1});
            assertEquals(0, store.syncs());
        }
    }

    @Test
    void backgroundSweepAppliesRetentionWithTheInjectedClock() {
        long now = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC);
        StoreOptions options = StoreOptions.defaults().withClock(clock)
                .withRetention(new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1)))
                .withRetentionSweepInterval(Duration.ofMillis(20));
        SeriesKey key = new SeriesKey(TwinId.parse("t:a"), "c", "x");
        try (Store store = Store.open(dir.resolve("swept"), options)) {
            store.history().append(List.of(Point.good(key, now - Duration.ofDays(30).toMillis(), 1),
                    Point.good(key, now, 2)));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.history().read(key, Long.MIN_VALUE, Long.MAX_VALUE).size() != 1) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the retention sweep did not delete the 30-day-old sample within 20 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertEquals(1, store.history().readRollup(key, Resolution.HOUR, Long.MIN_VALUE, Long.MAX_VALUE).size());
        }
    }
}
