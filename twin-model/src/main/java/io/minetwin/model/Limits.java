package io.minetwin.model;

import java.util.OptionalDouble;

/**
 * Warning and alarm limits of a numeric channel. A value strictly above a high limit (or strictly
 * below a low limit) breaks it; each limit is optional.
 *
 * <p>Rules: {@code lowAlarm <= lowWarning} and {@code highWarning <= highAlarm}; every low limit
 * lies below every high limit. How limits relate to the normal and physical ranges is checked by
 * {@link ChannelSpec}.
 */
public record Limits(OptionalDouble lowAlarm, OptionalDouble lowWarning, OptionalDouble highWarning,
                     OptionalDouble highAlarm) {

    /** No limits. */
    public static final Limits NONE =
            new Limits(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    public Limits {
        requireFinite("alarm.low", lowAlarm);
        requireFinite("warning.low", lowWarning);
        requireFinite("warning.high", highWarning);
        requireFinite("alarm.high", highAlarm);
        requireOrder("warning.low", lowWarning, "alarm.low", lowAlarm,
                "the low alarm must lie at or below the low warning");
        requireOrder("alarm.high", highAlarm, "warning.high", highWarning,
                "the high alarm must lie at or above the high warning");
        requireOrder("warning.high", highWarning, "warning.low", lowWarning,
                "low limits must lie below high limits");
        requireOrder("alarm.high", highAlarm, "alarm.low", lowAlarm, "low limits must lie below high limits");
    }

    /** High warning and high alarm, e.g. engine coolant 102 / 107 degC. */
    public static Limits high(double warning, double alarm) {
        return NONE.withHighWarning(warning).withHighAlarm(alarm);
    }

    public Limits withLowAlarm(double v) {
        return new Limits(OptionalDouble.of(v), lowWarning, highWarning, highAlarm);
    }

    public Limits withLowWarning(double v) {
        return new Limits(lowAlarm, OptionalDouble.of(v), highWarning, highAlarm);
    }

    public Limits withHighWarning(double v) {
        return new Limits(lowAlarm, lowWarning, OptionalDouble.of(v), highAlarm);
    }

    public Limits withHighAlarm(double v) {
        return new Limits(lowAlarm, lowWarning, highWarning, OptionalDouble.of(v));
    }

    public boolean isEmpty() {
        return lowAlarm.isEmpty() && lowWarning.isEmpty() && highWarning.isEmpty() && highAlarm.isEmpty();
    }

    /** The state of {@code value} against these limits alone; NaN is {@link LimitState#NOT_APPLICABLE}. */
    public LimitState evaluate(double value) {
        if (Double.isNaN(value)) {
            return LimitState.NOT_APPLICABLE;
        }
        if (highAlarm.isPresent() && value > highAlarm.getAsDouble()) {
            return LimitState.HIGH_ALARM;
        }
        if (lowAlarm.isPresent() && value < lowAlarm.getAsDouble()) {
            return LimitState.LOW_ALARM;
        }
        if (highWarning.isPresent() && value > highWarning.getAsDouble()) {
            return LimitState.HIGH_WARNING;
        }
        if (lowWarning.isPresent() && value < lowWarning.getAsDouble()) {
            return LimitState.LOW_WARNING;
        }
        return LimitState.NORMAL;
    }

    private static void requireFinite(String field, OptionalDouble v) {
        if (v == null) {
            throw new SpecException(field, field + " is null; use OptionalDouble.empty() for no limit");
        }
        if (v.isPresent() && !Double.isFinite(v.getAsDouble())) {
            throw new SpecException(field, field + " is " + v.getAsDouble() + "; a limit must be a finite number");
        }
    }

    /** Requires {@code upper >= lower} when both are present; reports at {@code upperField}. */
    private static void requireOrder(String upperField, OptionalDouble upper, String lowerField, OptionalDouble lower,
                                     String rule) {
        if (upper.isPresent() && lower.isPresent() && upper.getAsDouble() < lower.getAsDouble()) {
            throw new SpecException(upperField, upperField + ": " + format(upper.getAsDouble()) + " is below "
                    + lowerField + " " + format(lower.getAsDouble()) + "; " + rule);
        }
    }

    /** A number as people write it: {@code 95}, not {@code 95.0}. */
    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
