package io.minetwin.model;

import java.util.Locale;

/** Where a channel's value stands against its warning and alarm limits. */
public enum LimitState {
    /** No limit is broken. */
    NORMAL,
    LOW_WARNING,
    HIGH_WARNING,
    LOW_ALARM,
    HIGH_ALARM,
    /** Limits do not apply: not a numeric channel, no value, or a bad-quality value. */
    NOT_APPLICABLE;

    /** The name used in views and snapshots: {@code normal}, {@code high-warning}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean isAlarm() {
        return this == LOW_ALARM || this == HIGH_ALARM;
    }

    public boolean isWarning() {
        return this == LOW_WARNING || this == HIGH_WARNING;
    }

    /** Parses an {@link #id()}. */
    public static LimitState parse(String id) {
        for (LimitState s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("limit state '" + id
                + "' is not one of normal, low-warning, high-warning, low-alarm, high-alarm, not-applicable");
    }
}
