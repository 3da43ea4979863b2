package io.minetwin.model;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Durable log of events, indexed by time, by twin, by kind and (for {@link EventKind#ALERT} events) by alert.
 *
 * <p>The default methods answer from {@link #query(Optional, Instant, Instant)} by filtering: correct for any
 * implementation, fast only for small logs. The stored logs override them with indexed reads whose cost follows
 * the size of the answer, not of the log.
 */
public interface EventLog {

    /** Appends {@code events} durably. An event equal to one already stored is not stored again. */
    void append(List<Event> events);

    /** Events with {@code from <= time < to}, of one twin or of all, in time order. */
    List<Event> query(Optional<TwinId> twin, Instant from, Instant to);

    /** Events of {@code kind} with {@code from <= time < to}, of one twin or of all, in time order. */
    default List<Event> query(EventKind kind, Optional<TwinId> twin, Instant from, Instant to) {
        return query(twin, from, to).stream().filter(e -> e.kind() == kind).toList();
    }

    /**
     * Events of any of {@code kinds} with {@code from <= time < to}, of one twin or of all, in time order (events
     * at the same time in no set order): one indexed read per kind.
     */
    default List<Event> query(Set<EventKind> kinds, Optional<TwinId> twin, Instant from, Instant to) {
        List<Event> out = new java.util.ArrayList<>();
        for (EventKind kind : kinds) {
            out.addAll(query(kind, twin, from, to));
        }
        out.sort(java.util.Comparator.comparing(Event::time));
        return out;
    }

    /**
     * The ids of the alerts ({@link AlertEvent#id}) raised at {@code raisedFrom <= raised < raisedTo}, of one twin
     * or of all, newest raised first (ties by id); only open ones (no {@code cleared} event) if {@code open} is true,
     * only cleared ones if false, all if empty.
     */
    default List<String> alertIds(Optional<Boolean> open, Optional<TwinId> twin, Instant raisedFrom, Instant raisedTo) {
        Map<String, Instant> raised = new LinkedHashMap<>();
        Set<String> cleared = new HashSet<>();
        for (Event e : query(EventKind.ALERT, twin, Instant.MIN, Instant.MAX)) {
            AlertEvent.from(e).ifPresent(a -> AlertEvent.parseId(a.alert()).ifPresent(id -> {
                raised.putIfAbsent(a.alert(), id.raised());
                if (a.action() == AlertEvent.Action.CLEARED) {
                    cleared.add(a.alert());
                }
            }));
        }
        return raised.entrySet().stream()
                .filter(a -> !a.getValue().isBefore(raisedFrom) && a.getValue().isBefore(raisedTo))
                .filter(a -> open.isEmpty() || open.get() != cleared.contains(a.getKey()))
                .filter(a -> twin.isEmpty() || AlertEvent.parseId(a.getKey()).orElseThrow().twin().equals(twin.get()))
                .sorted(Map.Entry.<String, Instant>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    /** The events of the alert {@code alertId}, in time order; empty if there is no such alert. */
    default List<Event> alertEvents(String alertId) {
        Optional<AlertEvent.Id> id = AlertEvent.parseId(alertId);
        if (id.isEmpty()) {
            return List.of();
        }
        return query(EventKind.ALERT, Optional.of(id.get().twin()), Instant.MIN, Instant.MAX).stream()
                .filter(e -> AlertEvent.from(e).filter(a -> a.alert().equals(alertId)).isPresent()).toList();
    }

    /**
     * The events of each of the alerts {@code alertIds}, in time order, by id in the order given; an id with no
     * events (no such alert, or not an alert id) is left out. One read for a page of alerts.
     */
    default Map<String, List<Event>> alertEvents(java.util.Collection<String> alertIds) {
        Map<String, List<Event>> out = new LinkedHashMap<>();
        for (String id : alertIds) {
            List<Event> events = alertEvents(id);
            if (!events.isEmpty()) {
                out.put(id, events);
            }
        }
        return out;
    }

    /**
     * Deletes what {@code retention} lets go at {@code now}: events of a kind with a retention that lie more than
     * that retention before {@code now}. Alerts go whole: an alert's events are deleted together once it is
     * cleared and its newest event is older than the alert retention; an open alert stays.
     *
     * @return how many events were deleted
     */
    long enforceRetention(Map<EventKind, Duration> retention, Instant now);
}
