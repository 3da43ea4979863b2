package io.minetwin.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable log of events, indexed by time and by twin. */
public interface EventLog {

    /** Appends {@code events} durably. An event equal to one already stored is not stored again. */
    void append(List<Event> events);

    /** Events with {@code from <= time < to}, of one twin or of all, in time order. */
    List<Event> query(Optional<TwinId> twin, Instant from, Instant to);
}
