package io.minetwin.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a twin at a time: maintenance, a failure, an alert, a gap in data.
 *
 * @param time      when it happened (not when it was recorded)
 * @param twin      the twin it concerns
 * @param component the component it concerns, or {@code null} for the whole twin
 * @param kind      what it records
 * @param details   kind-specific fields, e.g. {@code action}, {@code mode}, {@code notes} for maintenance
 */
public record Event(Instant time, TwinId twin, String component, EventKind kind, Map<String, String> details) {
    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(twin, "twin");
        Objects.requireNonNull(kind, "kind");
        if (component != null) {
            SeriesKey.requireIdentifier("component", component);
        }
        details = Map.copyOf(details == null ? Map.of() : details);
    }
}
