package io.minetwin.model;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * How a channel may be written back to the equipment (a set point such as a hoist speed limit or an engine
 * derate): the values a command may set, the step they lie on, the machine states in which a write is
 * allowed, and whether a second person must confirm it. A channel without one is never written.
 *
 * <p>Rules, checked here: {@code min <= max}, both finite; {@code step} is 0 (any value) or positive and
 * divides {@code max - min}; states are identifiers, each listed once. The asset type checks that the
 * states are states of its {@code machine.state} channel; the channel spec that the range lies inside its
 * physical range.
 *
 * @param min           lowest value a command may set
 * @param max           highest value a command may set
 * @param step          values lie on {@code min + k * step}; 0 for any value in the range
 * @param requiresState the {@code machine.state} values in which a write is allowed; empty for any state
 * @param confirm       whether a second, different user must confirm each command
 */
public record Writable(double min, double max, double step, List<String> requiresState, Confirm confirm) {

    /** Who must agree to a command before it is written. */
    public enum Confirm {
        /** The requesting user alone. */
        NONE,
        /** The requesting user and a second, different user who confirms it. */
        TWO_PERSON;

        /** The configuration's spelling, {@code none} or {@code two-person}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@code none} or {@code two-person}. */
        public static Confirm parse(String text) {
            for (Confirm c : values()) {
                if (c.id().equals(text)) {
                    return c;
                }
            }
            throw new SpecException("confirm", "confirm '" + text + "' is not one of none, two-person");
        }
    }

    /** Relative tolerance for "lies on the step". */
    private static final double STEP_TOLERANCE = 1e-9;

    public Writable {
        if (!Double.isFinite(min)) {
            throw new SpecException("min", "writable.min must be a finite number, e.g. 'min: 50'");
        }
        if (!Double.isFinite(max)) {
            throw new SpecException("max", "writable.max must be a finite number, e.g. 'max: 100'");
        }
        if (min > max) {
            throw new SpecException("max", "max " + Limits.format(max) + " is below min " + Limits.format(min)
                    + "; swap them");
        }
        if (!Double.isFinite(step) || step < 0) {
            throw new SpecException("step", "step " + step + " must be 0 (any value) or a positive number, e.g."
                    + " 'step: 5'");
        }
        if (step > 0 && !onGrid((max - min) / step)) {
            throw new SpecException("step", "step " + Limits.format(step) + " does not divide the range "
                    + Limits.format(min) + " to " + Limits.format(max) + "; choose a step that does, e.g. "
                    + Limits.format((max - min) / Math.max(1, Math.round((max - min) / step))));
        }
        requiresState = List.copyOf(requiresState == null ? List.of() : requiresState);
        var seen = new HashSet<String>();
        for (String s : requiresState) {
            if (s == null || !ChannelSpec.isIdentifier(s)) {
                throw new SpecException("requires-state", "state '" + s + "' is not valid: start with a letter,"
                        + " then letters, digits, '_' or '-', e.g. 'idle'");
            }
            if (!seen.add(s)) {
                throw new SpecException("requires-state", "state '" + s + "' is listed twice; list each state once");
            }
        }
        confirm = confirm == null ? Confirm.NONE : confirm;
    }

    /** The allowed range as a {@link Range}. */
    public Range range() {
        return Range.of(min, max);
    }

    /** Whether {@code value} lies on the step grid (always true without a step). */
    public boolean onStep(double value) {
        return step == 0 || onGrid((value - min) / step);
    }

    /** The nearest value on the step grid inside the range, for messages. */
    public double nearest(double value) {
        double v = Math.max(min, Math.min(max, value));
        return step == 0 ? v : min + Math.round((v - min) / step) * step;
    }

    /** Whether a write is allowed in {@code state} (any state when none is required). */
    public boolean allowsState(String state) {
        return requiresState.isEmpty() || requiresState.contains(state);
    }

    private static boolean onGrid(double steps) {
        return Math.abs(steps - Math.rint(steps)) <= STEP_TOLERANCE * Math.max(1, Math.abs(steps));
    }
}
