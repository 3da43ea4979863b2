package io.minetwin.store;

import io.minetwin.model.EventLog;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every store's {@link TwinSnapshots} and {@link EventLog} must do; shipped in the test-jar. */
public abstract class SnapshotsAndEventsContract {

    private static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    private static final TwinId TRUCK = TwinId.parse("baiyun:truck-12");
    private static final TwinId OTHER = TwinId.parse("com.example.site:drive 1");
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private Store store;

    /** A new, empty store. */
    protected abstract Store create();

    /** The same store after a restart, or {@code current} where that means nothing. */
    protected Store reopen(Store current) {
        return current;
    }

    private Store store() {
        if (store == null) {
            store = create();
        }
        return store;
    }

    private Store restart() {
        store = reopen(store());
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void snapshotsRoundTripReplaceAndDelete() {
        TwinSnapshots s = store().snapshots();
        s.put(SHOVEL, utf8("{\"v\":1}"));
        s.put(SHOVEL, utf8("{\"v\":2}"));
        Map<TwinId, byte[]> more = new LinkedHashMap<>();
        more.put(TRUCK, utf8("{\"truck\":true}"));
        more.put(OTHER, new byte[0]);
        s.putAll(more);
        s = restart().snapshots();
        assertArrayEquals(utf8("{\"v\":2}"), s.get(SHOVEL).orElseThrow());
        assertArrayEquals(new byte[0], s.get(OTHER).orElseThrow());
        Map<TwinId, byte[]> all = s.loadAll();
        assertEquals(List.of(SHOVEL, TRUCK, OTHER), List.copyOf(all.keySet()));
        s.delete(TRUCK);
        s = restart().snapshots();
        assertEquals(Optional.empty(), s.get(TRUCK).map(String::new));
        assertEquals(2, s.loadAll().size());
    }

    @Test
    void snapshotBytesAreCopiedNotShared() {
        byte[] bytes = utf8("abc");
        store().snapshots().put(SHOVEL, bytes);
        bytes[0] = 'x';
        byte[] read = store().snapshots().get(SHOVEL).orElseThrow();
        assertArrayEquals(utf8("abc"), read);
        read[1] = 'y';
        assertArrayEquals(utf8("abc"), store().snapshots().get(SHOVEL).orElseThrow());
    }

    @Test
    void eventsRoundTripByTimeAndByTwinAndAppendIsIdempotent() {
        Event repair = new Event(T0, SHOVEL, "hoist-motor", EventKind.MAINTENANCE,
                Map.of("action", "replace", "notes", "bearing, drive end — ünïcode"));
        Event failure = new Event(T0.minusSeconds(3600), SHOVEL, "hoist-motor", EventKind.FAILURE, Map.of("mode", "bearing"));
        Event gap = new Event(T0.plusNanos(1), TRUCK, null, EventKind.GAP, Map.of());
        Event alert = new Event(T0.plusSeconds(60), OTHER, "drive", EventKind.ALERT, Map.of("level", "high"));
        Event before1970 = new Event(Instant.parse("1969-12-31T23:59:59.5Z"), TRUCK, null, EventKind.AUDIT, Map.of("who", "me"));
        EventLog log = store().events();
        log.append(List.of(repair, failure, gap, alert, before1970));
        log.append(List.of(repair, new Event(T0, SHOVEL, "hoist-motor", EventKind.MAINTENANCE,
                Map.of("notes", "bearing, drive end — ünïcode", "action", "replace"))));
        for (int round = 0; round < 2; round++) {
            assertEquals(List.of(before1970, failure, repair, gap, alert), log.query(Optional.empty(), Instant.EPOCH.minusSeconds(10),
                    T0.plusSeconds(3600)));
            assertEquals(List.of(failure, repair), log.query(Optional.of(SHOVEL), Instant.MIN, Instant.MAX));
            assertEquals(List.of(repair), log.query(Optional.of(SHOVEL), T0, T0.plusNanos(1)));
            assertEquals(List.of(gap), log.query(Optional.of(TRUCK), T0, T0.plusSeconds(1)));
            assertTrue(log.query(Optional.of(TRUCK), T0.plusSeconds(1), T0).isEmpty());
            log = restart().events();
        }
    }

    @Test
    void eventsDifferingOnlyInDetailsAreBothKept() {
        Event a = new Event(T0, SHOVEL, null, EventKind.AUDIT, Map.of("who", "a"));
        Event b = new Event(T0, SHOVEL, null, EventKind.AUDIT, Map.of("who", "b"));
        store().events().append(List.of(a, b));
        List<Event> found = store().events().query(Optional.of(SHOVEL), T0, T0.plusSeconds(1));
        assertEquals(2, found.size());
        assertTrue(found.containsAll(List.of(a, b)));
    }
}
