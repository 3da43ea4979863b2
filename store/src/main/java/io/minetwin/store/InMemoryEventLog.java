package io.minetwin.store;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event log in memory, ordered by the same keys as the RocksDB one. Synchronized. Its reads by kind and by
 * alert filter a scan (the defaults of {@link EventLog}): it holds what a test or a demo holds.
 */
final class InMemoryEventLog implements EventLog {

    private final TreeMap<byte[], Event> byTime = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public synchronized void append(List<Event> events) {
        for (Event e : events) {
            byTime.put(EventCodec.timeKey(e.time(), EventCodec.encode(e)), e);
        }
    }

    @Override
    public synchronized List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        List<Event> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        for (Event e : byTime.subMap(EventCodec.timeBound(from), true, EventCodec.timeBound(to), false).values()) {
            if (twin.isEmpty() || twin.get().equals(e.twin())) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized long enforceRetention(Map<EventKind, Duration> retention, Instant now) {
        // Alerts: cleared ones whose newest event is before the cutoff go whole.
        Map<String, Instant> newest = new HashMap<>();
        Set<String> cleared = new HashSet<>();
        for (Event e : byTime.values()) {
            alertId(e).ifPresent(id -> {
                newest.merge(id, e.time(), (a, b) -> a.isAfter(b) ? a : b);
                if (AlertEvent.from(e).orElseThrow().action() == AlertEvent.Action.CLEARED) {
                    cleared.add(id);
                }
            });
        }
        long deleted = 0;
        for (var it = byTime.values().iterator(); it.hasNext(); ) {
            Event e = it.next();
            Duration keep = retention.getOrDefault(e.kind(), Duration.ZERO);
            if (keep.isZero()) {
                continue;
            }
            Instant cutoff = now.minus(keep);
            Optional<String> alert = alertId(e);
            boolean expired = alert.isPresent()
                    ? cleared.contains(alert.get()) && newest.get(alert.get()).isBefore(cutoff)
                        && AlertEvent.parseId(alert.get()).orElseThrow().raised().isBefore(cutoff)
                    : e.time().isBefore(cutoff);
            if (expired) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    /** The id of the alert {@code e} belongs to, if it is an alert event with a well-formed id. */
    private static Optional<String> alertId(Event e) {
        return AlertEvent.from(e).map(AlertEvent::alert).filter(id -> AlertEvent.parseId(id).isPresent());
    }
}
