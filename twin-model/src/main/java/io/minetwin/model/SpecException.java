package io.minetwin.model;

import java.util.Objects;

/**
 * A model value breaks one of its rules; {@link #field()} names the offending field in the form
 * configuration files use ({@code alarm.high}, {@code normal.max}, {@code states}), so a loader can
 * point at the exact line that holds it.
 */
public class SpecException extends IllegalArgumentException {

    private final String field;

    public SpecException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The field that breaks the rule, relative to the value that was being built; empty for the whole value. */
    public String field() {
        return field;
    }
}
