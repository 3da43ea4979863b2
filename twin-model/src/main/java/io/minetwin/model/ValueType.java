package io.minetwin.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kind of value a channel carries. The lower-case names are used in configuration and snapshots. */
public enum ValueType {
    /** A measured quantity, e.g. a temperature in degC. */
    NUMBER,
    /** A whole-number count, e.g. cycles or operating hours. */
    INTEGER,
    /** On or off, e.g. a fault relay. */
    BOOLEAN,
    /** One of a fixed list of states declared by the channel, e.g. {@code running}, {@code idle}. */
    STATE;

    /** The name used in configuration and snapshots: {@code number}, {@code integer}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether samples of this type are numbers, so ranges and limits apply. */
    public boolean isNumeric() {
        return this == NUMBER || this == INTEGER;
    }

    /** Parses {@code number}, {@code integer}, {@code boolean} or {@code state}, ignoring case. */
    public static ValueType parse(String text) {
        for (ValueType t : values()) {
            if (t.id().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("value type '" + text + "' is not one of "
                + Arrays.stream(values()).map(ValueType::id).collect(Collectors.joining(", ")));
    }
}
