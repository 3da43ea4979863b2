package io.minetwin.engine.notify;

import io.minetwin.model.AlertEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message to send to a rule's channels: a single alert, a digest of the alerts a window collected, or a test.
 *
 * @param id     the same for every channel and every attempt, so a receiver can drop a repeated delivery
 * @param kind   what the message is
 * @param rule   the rule that sends it ({@code test} for a test)
 * @param time   when it was composed
 * @param alerts the alerts it tells of, in the order they happened; empty for a test
 * @param from   for a digest, the start of its window (else {@code time})
 */
public record Notification(String id, Kind kind, String rule, Instant time, List<AlertEvent> alerts, Instant from) {

    /** What a notification is. */
    public enum Kind {
        /** One alert, sent at once. */
        ALERT,
        /** The alerts a digest window collected after the one sent at once. */
        DIGEST,
        /** A test message from {@code minetwin notify test}. */
        TEST;

        /** The lower-case name used in JSON and the event log. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(from, "from");
        alerts = List.copyOf(alerts);
        if (kind != Kind.TEST && alerts.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.id() + " notification needs at least one alert");
        }
    }
}
