package io.minetwin.store;

import io.minetwin.model.EventLog;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    /** A random log: every kind, three twins, alerts raised, changed, acknowledged and cleared, in several appends. */
    static List<Event> randomLog(long seed, int alerts, int others) {
        java.util.Random random = new java.util.Random(seed);
        List<TwinId> twins = List.of(SHOVEL, TRUCK, OTHER);
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < others; i++) {
            EventKind kind = EventKind.values()[random.nextInt(EventKind.values().length)];
            events.add(new Event(T0.plusSeconds(random.nextInt(400 * 86_400)).plusNanos(random.nextInt(3) * 500),
                    twins.get(random.nextInt(3)), random.nextBoolean() ? null : "c" + random.nextInt(3), kind,
                    Map.of("n", Integer.toString(i))));
        }
        for (int i = 0; i < alerts; i++) {
            TwinId twin = twins.get(random.nextInt(3));
            String component = "c" + random.nextInt(3);
            Instant raised = T0.plusSeconds(random.nextInt(400 * 86_400)).plusMillis(i);
            String id = AlertEvent.id(twin, component, raised);
            Instant t = raised;
            events.add(alert(t, twin, component, id, AlertEvent.Action.RAISED, AlertLevel.WATCH));
            int steps = random.nextInt(4);
            for (int s = 0; s < steps; s++) {
                t = t.plusSeconds(1 + random.nextInt(86_400));
                AlertEvent.Action action = List.of(AlertEvent.Action.ESCALATED, AlertEvent.Action.ACKNOWLEDGED,
                        AlertEvent.Action.EASED).get(random.nextInt(3));
                events.add(alert(t, twin, component, id, action, AlertLevel.WARNING));
            }
            if (random.nextInt(3) > 0) {
                events.add(alert(t.plusSeconds(1 + random.nextInt(86_400)), twin, component, id,
                        AlertEvent.Action.CLEARED, AlertLevel.OK));
            }
        }
        java.util.Collections.shuffle(events, random);
        return events;
    }

    static Event alert(Instant time, TwinId twin, String component, String id, AlertEvent.Action action,
                       AlertLevel level) {
        return new AlertEvent(time, twin, component, id, action, level, AlertLevel.WATCH, Map.of("health", "0.5"),
                Optional.empty(), Optional.empty()).toEvent();
    }

    private static void appendInParts(EventLog log, List<Event> events, int parts) {
        int size = (events.size() + parts - 1) / parts;
        for (int i = 0; i < events.size(); i += size) {
            log.append(events.subList(i, Math.min(events.size(), i + size)));
        }
    }

    /** The alerts of {@code all} as a full scan finds them: id to [raised, cleared], filtered like {@link EventLog#alertIds}. */
    static List<String> alertsByScan(List<Event> all, Optional<Boolean> open, Optional<TwinId> twin, Instant from,
                                     Instant to) {
        Map<String, Boolean> cleared = new LinkedHashMap<>();
        for (Event e : all) {
            AlertEvent.from(e).ifPresent(a -> cleared.merge(a.alert(), a.action() == AlertEvent.Action.CLEARED,
                    Boolean::logicalOr));
        }
        return cleared.entrySet().stream()
                .filter(a -> open.isEmpty() || open.get() != a.getValue())
                .map(Map.Entry::getKey)
                .filter(id -> {
                    AlertEvent.Id parsed = AlertEvent.parseId(id).orElseThrow();
                    return !parsed.raised().isBefore(from) && parsed.raised().isBefore(to)
                            && (twin.isEmpty() || parsed.twin().equals(twin.get()));
                })
                .sorted(java.util.Comparator.comparing((String id) -> AlertEvent.parseId(id).orElseThrow().raised())
                        .reversed().thenComparing(id -> id))
                .toList();
    }

    @Test
    void readsByKindTwinAndAlertEqualAFullScanFiltered() {
        List<Event> events = randomLog(14, 300, 1500);
        appendInParts(store().events(), events, 7);
        java.util.Random random = new java.util.Random(41);
        for (int round = 0; round < 2; round++) {
            EventLog log = store().events();
            List<Event> all = log.query(Optional.empty(), Instant.MIN, Instant.MAX);
            assertEquals(new java.util.HashSet<>(events), new java.util.HashSet<>(all));
            List<Optional<TwinId>> twins = List.of(Optional.empty(), Optional.of(SHOVEL), Optional.of(TRUCK),
                    Optional.of(OTHER), Optional.of(TwinId.parse("baiyun:none")));
            for (int q = 0; q < 60; q++) {
                EventKind kind = EventKind.values()[random.nextInt(EventKind.values().length)];
                Optional<TwinId> twin = twins.get(random.nextInt(twins.size()));
                Instant from = q % 5 == 0 ? Instant.MIN : T0.plusSeconds(random.nextInt(400 * 86_400));
                Instant to = q % 7 == 0 ? Instant.MAX : from.plusSeconds(random.nextInt(200 * 86_400));
                List<Event> expected = log.query(twin, from, to).stream().filter(e -> e.kind() == kind).toList();
                assertEquals(expected, log.query(kind, twin, from, to), kind + " " + twin + " " + from + " " + to);
                Optional<Boolean> open = List.of(Optional.<Boolean>empty(), Optional.of(true), Optional.of(false))
                        .get(q % 3);
                assertEquals(alertsByScan(all, open, twin, from, to), log.alertIds(open, twin, from, to),
                        "alerts " + open + " " + twin + " " + from + " " + to);
            }
            List<String> ids = log.alertIds(Optional.empty(), Optional.empty(), Instant.MIN, Instant.MAX);
            assertEquals(300, ids.size());
            for (String id : ids.subList(0, 40)) {
                List<Event> expected = all.stream()
                        .filter(e -> AlertEvent.from(e).filter(a -> a.alert().equals(id)).isPresent()).toList();
                assertEquals(expected, log.alertEvents(id), id);
            }
            assertTrue(log.alertEvents("not an alert id").isEmpty());
            assertTrue(log.alertEvents(AlertEvent.id(SHOVEL, "c0", T0.minusSeconds(1))).isEmpty());
            restart();
        }
    }

    @Test
    void anAlertClearedInOneAppendAndChangedInALaterOneStaysCleared() {
        String id = AlertEvent.id(SHOVEL, "c0", T0);
        EventLog log = store().events();
        log.append(List.of(alert(T0, SHOVEL, "c0", id, AlertEvent.Action.RAISED, AlertLevel.WATCH),
                alert(T0.plusSeconds(9), SHOVEL, "c0", id, AlertEvent.Action.CLEARED, AlertLevel.OK)));
        log.append(List.of(alert(T0.plusSeconds(5), SHOVEL, "c0", id, AlertEvent.Action.ESCALATED, AlertLevel.WARNING)));
        assertEquals(List.of(), log.alertIds(Optional.of(true), Optional.empty(), Instant.MIN, Instant.MAX));
        assertEquals(List.of(id), log.alertIds(Optional.of(false), Optional.of(SHOVEL), Instant.MIN, Instant.MAX));
        assertEquals(3, log.alertEvents(id).size());
    }

    @Test
    void retentionRemovesOnlyExpiredEventsOfTheConfiguredKinds() {
        Instant now = T0.plusSeconds(400 * 86_400);
        Duration keep = Duration.ofDays(100);
        Instant cutoff = now.minus(keep);
        List<Event> events = new java.util.ArrayList<>(randomLog(7, 200, 1000));
        // Edge cases around the cutoff, explicitly.
        String oldOpen = AlertEvent.id(TRUCK, "c1", T0);
        String clearedLate = AlertEvent.id(TRUCK, "c2", T0);
        String clearedEarly = AlertEvent.id(TRUCK, "c0", T0);
        events.add(alert(T0, TRUCK, "c1", oldOpen, AlertEvent.Action.RAISED, AlertLevel.WATCH));
        events.add(alert(T0, TRUCK, "c2", clearedLate, AlertEvent.Action.RAISED, AlertLevel.WATCH));
        events.add(alert(cutoff, TRUCK, "c2", clearedLate, AlertEvent.Action.CLEARED, AlertLevel.OK));
        events.add(alert(T0, TRUCK, "c0", clearedEarly, AlertEvent.Action.RAISED, AlertLevel.WATCH));
        events.add(alert(cutoff.minusNanos(1), TRUCK, "c0", clearedEarly, AlertEvent.Action.CLEARED, AlertLevel.OK));
        Event gapAtCutoff = new Event(cutoff, SHOVEL, null, EventKind.GAP, Map.of());
        Event gapBefore = new Event(cutoff.minusNanos(1), SHOVEL, null, EventKind.GAP, Map.of());
        events.add(gapAtCutoff);
        events.add(gapBefore);
        appendInParts(store().events(), events, 3);
        List<Event> all = store().events().query(Optional.empty(), Instant.MIN, Instant.MAX);

        Map<EventKind, Duration> retention = Map.of(EventKind.ALERT, keep, EventKind.GAP, keep);
        long deleted = store().events().enforceRetention(retention, now);

        Map<String, Instant> newestOfAlert = new LinkedHashMap<>();
        Map<String, Boolean> clearedAlert = new LinkedHashMap<>();
        for (Event e : all) {
            AlertEvent.from(e).ifPresent(a -> {
                newestOfAlert.merge(a.alert(), a.time(), (x, y) -> x.isAfter(y) ? x : y);
                clearedAlert.merge(a.alert(), a.action() == AlertEvent.Action.CLEARED, Boolean::logicalOr);
            });
        }
        java.util.function.Predicate<Event> expired = e -> switch (e.kind()) {
            case GAP -> e.time().isBefore(cutoff);
            case ALERT -> AlertEvent.from(e).map(AlertEvent::alert)
                    .map(id -> clearedAlert.get(id) && newestOfAlert.get(id).isBefore(cutoff))
                    .orElse(e.time().isBefore(cutoff));
            default -> false;
        };
        List<Event> expected = all.stream().filter(expired.negate()).toList();
        for (int round = 0; round < 2; round++) {
            EventLog log = store().events();
            assertEquals(expected, log.query(Optional.empty(), Instant.MIN, Instant.MAX));
            assertEquals(all.size() - expected.size(), deleted);
            assertTrue(deleted > 100, "the random log has expired events: " + deleted);
            for (EventKind kind : List.of(EventKind.MAINTENANCE, EventKind.FAILURE, EventKind.AUDIT)) {
                assertEquals(all.stream().filter(e -> e.kind() == kind).toList(),
                        log.query(kind, Optional.empty(), Instant.MIN, Instant.MAX), kind + " is kept");
            }
            assertEquals(expected.stream().filter(e -> e.kind() == EventKind.GAP && e.twin().equals(SHOVEL)).toList(),
                    log.query(EventKind.GAP, Optional.of(SHOVEL), Instant.MIN, Instant.MAX));
            assertTrue(log.query(EventKind.GAP, Optional.of(SHOVEL), Instant.MIN, Instant.MAX).contains(gapAtCutoff));
            assertTrue(!log.query(EventKind.GAP, Optional.of(SHOVEL), Instant.MIN, Instant.MAX).contains(gapBefore));
            assertEquals(alertsByScan(expected, Optional.empty(), Optional.empty(), Instant.MIN, Instant.MAX),
                    log.alertIds(Optional.empty(), Optional.empty(), Instant.MIN, Instant.MAX));
            List<String> ids = log.alertIds(Optional.empty(), Optional.of(TRUCK), T0, T0.plusMillis(1));
            assertTrue(ids.contains(oldOpen), "an open alert stays however old: " + ids);
            assertTrue(ids.contains(clearedLate), "an alert cleared within the retention stays: " + ids);
            assertTrue(!ids.contains(clearedEarly), "an alert cleared before the cutoff goes: " + ids);
            assertTrue(log.alertEvents(clearedEarly).isEmpty());
            assertEquals(0, log.enforceRetention(retention, now), "a second sweep finds nothing more");
            restart();
        }
    }
}
