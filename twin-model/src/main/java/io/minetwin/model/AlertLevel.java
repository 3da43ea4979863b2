package io.minetwin.model;

import java.util.Locale;

/**
 * How urgently a component needs attention, from its forecast. The order is the order of severity;
 * the names are stored and must not change.
 */
public enum AlertLevel {
    /** Nothing to plan. */
    OK,
    /** Degradation is visible; keep an eye on it. */
    WATCH,
    /** Plan maintenance: failure is likely within the longer horizon. */
    WARNING,
    /** Act now: failure is likely within the short horizon. */
    CRITICAL;

    /** The lower-case name used in JSON, OPC UA and Ditto, e.g. {@code "warning"}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()} (case-insensitive). */
    public static AlertLevel parse(String s) {
        for (AlertLevel l : values()) {
            if (l.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return l;
            }
        }
        throw new IllegalArgumentException("alert level '" + s + "' is not one of ok, watch, warning, critical");
    }

    public boolean atLeast(AlertLevel other) {
        return compareTo(other) >= 0;
    }
}
