package io.minetwin.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An {@link EventLog} that hands every appended batch to a tap after {@code inner} stored it, and answers every read
 * from {@code inner} (its own indexes included): how the engine's notifier and SCADA alarm conditions hear of alerts
 * as they are written.
 */
public final class TappedEventLog implements EventLog {

    private final EventLog inner;
    private final Consumer<List<Event>> tap;

    /** {@code inner} with {@code tap} called with each batch once {@code inner.append} returned. */
    public TappedEventLog(EventLog inner, Consumer<List<Event>> tap) {
        this.inner = inner;
        this.tap = tap;
    }

    @Override
    public void append(List<Event> events) {
        inner.append(events);
        tap.accept(events);
    }

    @Override
    public List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        return inner.query(twin, from, to);
    }

    @Override
    public List<Event> query(EventKind kind, Optional<TwinId> twin, Instant from, Instant to) {
        return inner.query(kind, twin, from, to);
    }

    @Override
    public List<Event> query(Set<EventKind> kinds, Optional<TwinId> twin, Instant from, Instant to) {
        return inner.query(kinds, twin, from, to);
    }

    @Override
    public List<String> alertIds(Optional<Boolean> open, Optional<TwinId> twin, Instant raisedFrom, Instant raisedTo) {
        return inner.alertIds(open, twin, raisedFrom, raisedTo);
    }

    @Override
    public List<Event> alertEvents(String alertId) {
        return inner.alertEvents(alertId);
    }

    @Override
    public Map<String, List<Event>> alertEvents(Collection<String> alertIds) {
        return inner.alertEvents(alertIds);
    }

    @Override
    public long enforceRetention(Map<EventKind, Duration> retention, Instant now) {
        return inner.enforceRetention(retention, now);
    }
}
