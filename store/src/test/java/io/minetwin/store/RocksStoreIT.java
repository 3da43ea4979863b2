package io.minetwin.store;

import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
