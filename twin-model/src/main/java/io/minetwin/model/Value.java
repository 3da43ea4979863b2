package io.minetwin.model;

import java.util.Objects;

/** A sample's value: a number, a boolean, or text (the state of a {@code state} channel). */
public sealed interface Value {

    static Num of(double value) {
        return new Num(value);
    }

    static Bool of(boolean value) {
        return new Bool(value);
    }

    static Text of(String value) {
        return new Text(value);
    }

    /** What the value is, for messages: {@code number 3.5}, {@code boolean true}, {@code text 'idle'}. */
    String describe();

    /** A number; NaN and infinities can be represented so that they can be rejected with a reason. */
    record Num(double value) implements Value {
        @Override
        public String describe() {
            return "number " + Limits.format(value);
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String describe() {
            return "boolean " + value;
        }
    }

    record Text(String value) implements Value {
        public Text {
            Objects.requireNonNull(value, "text value");
        }

        @Override
        public String describe() {
            return "text '" + value + "'";
        }
    }
}
