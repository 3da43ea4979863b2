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

    @Test
    void backgroundSweepAppliesEventRetentionPerKind() {
        Instant now = Instant.parse("2026-06-01T00:00:00Z");
        StoreOptions options = StoreOptions.defaults().withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withRetention(RetentionPolicy.KEEP_ALL.withEvents(java.util.Map.of(EventKind.GAP, Duration.ofDays(1))))
                .withRetentionSweepInterval(Duration.ofMillis(20));
        TwinId twin = TwinId.parse("t:a");
        Event oldGap = new Event(now.minus(Duration.ofDays(30)), twin, null, EventKind.GAP, java.util.Map.of());
        Event newGap = new Event(now.minusSeconds(60), twin, null, EventKind.GAP, java.util.Map.of());
        Event oldRepair = new Event(now.minus(Duration.ofDays(30)), twin, "c", EventKind.MAINTENANCE,
                java.util.Map.of("action", "replace"));
        try (Store store = Store.open(dir.resolve("events-swept"), options)) {
            store.events().append(List.of(oldGap, newGap, oldRepair));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (store.events().query(EventKind.GAP, java.util.Optional.empty(), Instant.MIN, Instant.MAX).size() != 1) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the retention sweep did not delete the 30-day-old gap within 20 s");
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            assertEquals(List.of(oldRepair, newGap), store.events().query(java.util.Optional.empty(), Instant.MIN, Instant.MAX));
        }
    }

    /**
     * A store as the version before the event index wrote it: format 2, no index family, events by time and by
     * twin only. Opening it builds the index, so reads by kind and by alert find the old events, and marks it
     * format 3.
     */
    @Test
    void aStoreWrittenBeforeTheEventIndexIsIndexedWhenOpened() throws Exception {
        Path old = dir.resolve("format-2");
        List<Event> events = randomLog(3, 150, 700);
        org.rocksdb.RocksDB.loadLibrary();
        List<String> families = List.of("meta", "series", "wal", "chunks", "rollup_1m", "rollup_1h", "snapshots",
                "events", "events_by_twin");
        List<org.rocksdb.ColumnFamilyDescriptor> descriptors = new java.util.ArrayList<>();
        descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(org.rocksdb.RocksDB.DEFAULT_COLUMN_FAMILY));
        families.forEach(f -> descriptors.add(new org.rocksdb.ColumnFamilyDescriptor(
                f.getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        List<org.rocksdb.ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        try (org.rocksdb.DBOptions o = new org.rocksdb.DBOptions().setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true);
             org.rocksdb.RocksDB db = org.rocksdb.RocksDB.open(o, old.toString(), descriptors, handles)) {
            db.put(handles.get(1), "store.format".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Keys.seq(2));
            for (Event e : events) {
                byte[] value = EventCodec.encode(e);
                byte[] timeKey = EventCodec.timeKey(e.time(), value);
                db.put(handles.get(8), timeKey, value);
                db.put(handles.get(9), EventCodec.concat(EventCodec.twinPrefix(e.twin()), timeKey), value);
            }
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
        try (Store store = Store.open(old, options())) {
            var log = store.events();
            List<Event> all = log.query(java.util.Optional.empty(), Instant.MIN, Instant.MAX);
            assertEquals(new java.util.HashSet<>(events), new java.util.HashSet<>(all));
            for (EventKind kind : EventKind.values()) {
                List<Event> expected = all.stream().filter(e -> e.kind() == kind).toList();
                assertEquals(expected.size(), log.query(kind, java.util.Optional.empty(), Instant.MIN, Instant.MAX).size(),
                        kind.toString());
                assertEquals(expected, log.query(kind, java.util.Optional.empty(), Instant.MIN, Instant.MAX));
            }
            assertEquals(alertsByScan(all, java.util.Optional.of(true), java.util.Optional.empty(), Instant.MIN,
                    Instant.MAX), log.alertIds(java.util.Optional.of(true), java.util.Optional.empty(), Instant.MIN,
                    Instant.MAX));
            assertEquals(150, log.alertIds(java.util.Optional.empty(), java.util.Optional.empty(), Instant.MIN,
                    Instant.MAX).size());
        }
        try (org.rocksdb.Options o = new org.rocksdb.Options()) {
            assertEquals(List.of("default", "meta", "series", "wal", "chunks", "rollup_1m", "rollup_1h", "snapshots",
                    "events", "events_by_twin", "events_index"), org.rocksdb.RocksDB.listColumnFamilies(o, old.toString())
                    .stream().map(b -> new String(b, java.nio.charset.StandardCharsets.US_ASCII)).toList());
        }
    }
}
