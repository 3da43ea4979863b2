package io.minetwin.store;

import io.minetwin.model.EventKind;
import io.minetwin.model.Resolution;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long each history tier and each kind of event is kept; {@link Duration#ZERO} (or a kind left out of
 * {@code events}) keeps it forever.
 *
 * <p>Ages are measured from the clock's now to a chunk's last sample, a bucket's end or an event's time; an
 * alert goes as a whole, once it is cleared and its newest event is older than the alert retention.
 *
 * @param raw    raw samples
 * @param minute one-minute rollups
 * @param hour   one-hour rollups
 * @param events events by kind
 */
public record RetentionPolicy(Duration raw, Duration minute, Duration hour, Map<EventKind, Duration> events) {

    /**
     * Alerts and data gaps for 2 years; maintenance, failures and audit records forever (they are the labels
     * forecasts learn from and the record of who changed what).
     */
    public static final Map<EventKind, Duration> DEFAULT_EVENTS =
            Map.of(EventKind.ALERT, Duration.ofDays(730), EventKind.GAP, Duration.ofDays(730));

    /** Raw for 90 days, minute rollups for 2 years, hour rollups forever, events as {@link #DEFAULT_EVENTS}. */
    public static final RetentionPolicy DEFAULT =
            new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(730), Duration.ZERO);

    public static final RetentionPolicy KEEP_ALL =
            new RetentionPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, Map.of());

    public RetentionPolicy {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(events, "events");
        if (raw.isNegative() || minute.isNegative() || hour.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: raw=" + raw
                    + " minute=" + minute + " hour=" + hour);
        }
        EnumMap<EventKind, Duration> copy = new EnumMap<>(EventKind.class);
        events.forEach((kind, d) -> {
            Objects.requireNonNull(kind, "event kind");
            Objects.requireNonNull(d, "event retention");
            if (d.isNegative()) {
                throw new IllegalArgumentException("retention of " + kind + " events must not be negative: " + d);
            }
            if (!d.isZero()) {
                copy.put(kind, d);
            }
        });
        events = Collections.unmodifiableMap(copy);
    }

    /** History tiers as given, events as {@link #DEFAULT_EVENTS}. */
    public RetentionPolicy(Duration raw, Duration minute, Duration hour) {
        this(raw, minute, hour, DEFAULT_EVENTS);
    }

    public Duration of(Resolution resolution) {
        return switch (resolution) {
            case RAW -> raw;
            case MINUTE -> minute;
            case HOUR -> hour;
        };
    }

    /** How long events of {@code kind} are kept; {@link Duration#ZERO} for forever. */
    public Duration of(EventKind kind) {
        return events.getOrDefault(kind, Duration.ZERO);
    }

    /** This policy with {@code value} for events. */
    public RetentionPolicy withEvents(Map<EventKind, Duration> value) {
        return new RetentionPolicy(raw, minute, hour, value);
    }
}
