package io.minetwin.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One channel of a component type: what it measures, in which unit, and which values are normal,
 * worth a warning or an alarm, or impossible.
 *
 * <p>Rules, checked here: numeric channels ({@code number}, {@code integer}) may have a normal range,
 * warning and alarm limits and a physical range; the normal range and every limit lie inside the
 * physical range, and limits lie outside the normal range (low limits at or below {@code normal.min},
 * high limits at or above {@code normal.max}). {@code state} channels list their allowed states and
 * have no ranges; {@code boolean} channels have neither.
 *
 * @param name        identifier, e.g. {@code winding-temp}
 * @param unit        unit symbol, e.g. {@code degC}, {@code mm/s}; empty for states and booleans
 * @param type        the kind of value
 * @param normal      the normal operating range; {@link Range#UNBOUNDED} if not declared
 * @param limits      warning and alarm limits
 * @param physical    values outside it cannot be real readings (a failed sensor, a wrong mapping);
 *                    {@link Range#UNBOUNDED} if not declared
 * @param states      for {@code state} channels, the allowed states in a fixed order (history stores
 *                    a state as its index here, so new states go at the end); empty otherwise
 * @param description free text for people; may be empty
 * @param writable    how the channel may be written back to the equipment; empty (the default) when it may not
 */
public record ChannelSpec(String name, String unit, ValueType type, Range normal, Limits limits, Range physical,
                          List<String> states, String description, Optional<Writable> writable) {

    /** A channel that is never written back. */
    public ChannelSpec(String name, String unit, ValueType type, Range normal, Limits limits, Range physical,
                       List<String> states, String description) {
        this(name, unit, type, normal, limits, physical, states, description, Optional.empty());
    }

    public ChannelSpec {
        if (name == null || !isIdentifier(name)) {
            throw new SpecException("name", "channel name '" + name + "' is not valid: start with a letter, then"
                    + " letters, digits, '_' or '-' (at most 64), e.g. 'winding-temp'");
        }
        if (DittoThing.HEALTH.equals(name)) {
            throw new SpecException("name", "channel name 'health' is reserved for the component's forecast;"
                    + " choose another, e.g. 'health-index'");
        }
        Objects.requireNonNull(type, "type");
        unit = unit == null ? "" : unit;
        normal = normal == null ? Range.UNBOUNDED : normal;
        limits = limits == null ? Limits.NONE : limits;
        physical = physical == null ? Range.UNBOUNDED : physical;
        states = List.copyOf(states == null ? List.of() : states);
        description = description == null ? "" : description;
        writable = writable == null ? Optional.empty() : writable;
        if (writable.isPresent()) {
            checkWritable(name, type, physical, writable.get());
        }
        if (type.isNumeric()) {
            if (!states.isEmpty()) {
                throw new SpecException("states", "channel '" + name + "' is " + type.id()
                        + " but lists states; remove 'states' or set 'type: state'");
            }
            checkNumeric(normal, limits, physical);
        } else {
            if (!normal.isUnbounded() || !physical.isUnbounded() || !limits.isEmpty()) {
                String field = !normal.isUnbounded() ? "normal" : !physical.isUnbounded() ? "physical"
                        : limits.highAlarm().isPresent() || limits.lowAlarm().isPresent() ? "alarm" : "warning";
                throw new SpecException(field, "channel '" + name + "' is " + type.id() + ": ranges and limits"
                        + " apply only to number and integer channels; remove '" + field + "' or change 'type'");
            }
            if (type == ValueType.STATE) {
                if (states.isEmpty()) {
                    throw new SpecException("states", "channel '" + name + "' is a state channel without states;"
                            + " list them, e.g. 'states: [running, idle, down, maintenance]'");
                }
                var seen = new HashSet<String>();
                for (String s : states) {
                    if (s == null || !isIdentifier(s)) {
                        throw new SpecException("states", "state '" + s + "' of channel '" + name + "' is not valid:"
                                + " start with a letter, then letters, digits, '_' or '-', e.g. 'running'");
                    }
                    if (!seen.add(s)) {
                        throw new SpecException("states", "state '" + s + "' of channel '" + name
                                + "' is listed twice; list each state once");
                    }
                }
            } else if (!states.isEmpty()) {
                throw new SpecException("states", "channel '" + name
                        + "' is boolean but lists states; remove 'states' or set 'type: state'");
            }
        }
    }

    /** A number channel with no ranges or limits yet. */
    public static ChannelSpec number(String name, String unit) {
        return new ChannelSpec(name, unit, ValueType.NUMBER, Range.UNBOUNDED, Limits.NONE, Range.UNBOUNDED,
                List.of(), "");
    }

    /** A state channel allowing {@code states}, in that order. */
    public static ChannelSpec state(String name, List<String> states) {
        return new ChannelSpec(name, "", ValueType.STATE, Range.UNBOUNDED, Limits.NONE, Range.UNBOUNDED, states, "");
    }

    public ChannelSpec withType(ValueType t) {
        return new ChannelSpec(name, unit, t, normal, limits, physical, states, description, writable);
    }

    public ChannelSpec withNormal(double min, double max) {
        return new ChannelSpec(name, unit, type, Range.of(min, max), limits, physical, states, description,
                writable);
    }

    public ChannelSpec withLimits(Limits l) {
        return new ChannelSpec(name, unit, type, normal, l, physical, states, description, writable);
    }

    public ChannelSpec withPhysical(double min, double max) {
        return new ChannelSpec(name, unit, type, normal, limits, Range.of(min, max), states, description,
                writable);
    }

    public ChannelSpec withDescription(String d) {
        return new ChannelSpec(name, unit, type, normal, limits, physical, states, d, writable);
    }

    /** This channel, writable back to the equipment as {@code w} declares. */
    public ChannelSpec withWritable(Writable w) {
        return new ChannelSpec(name, unit, type, normal, limits, physical, states, description, Optional.of(w));
    }

    private static void checkWritable(String name, ValueType type, Range physical, Writable w) {
        if (!type.isNumeric()) {
            throw new SpecException("writable", "channel '" + name + "' is " + type.id() + ": only number and"
                    + " integer channels (set points) can be writable; remove 'writable' or change 'type'");
        }
        if (w.min() < physical.min() || w.max() > physical.max()) {
            boolean low = w.min() < physical.min();
            throw new SpecException(low ? "writable.min" : "writable.max", (low ? "writable.min " + Limits.format(w.min())
                    + " is below physical.min " + Limits.format(physical.min())
                    : "writable.max " + Limits.format(w.max()) + " is above physical.max " + Limits.format(physical.max()))
                    + "; the writable range must lie inside the physical range");
        }
        if (type == ValueType.INTEGER && (w.min() != Math.rint(w.min()) || w.step() != Math.rint(w.step()))) {
            throw new SpecException("writable.step", "channel '" + name + "' is integer: writable.min and"
                    + " writable.step must be whole numbers");
        }
    }

    /**
     * Whether {@code value} has this channel's type; if not, what it is instead, e.g. {@code "boolean true"}
     * or {@code "number 3.5 (not a whole number)"}. NaN and infinities pass here: finiteness is a separate rule.
     */
    public Optional<String> typeMismatch(Value value) {
        return switch (type) {
            case NUMBER -> value instanceof Value.Num ? Optional.empty() : Optional.of(value.describe());
            case INTEGER -> {
                if (value instanceof Value.Num n) {
                    double d = n.value();
                    yield !Double.isFinite(d) || d == Math.rint(d) ? Optional.empty()
                            : Optional.of(value.describe() + " (not a whole number)");
                }
                yield Optional.of(value.describe());
            }
            case BOOLEAN -> value instanceof Value.Bool ? Optional.empty() : Optional.of(value.describe());
            case STATE -> value instanceof Value.Text ? Optional.empty() : Optional.of(value.describe());
        };
    }

    /** Where {@code value} stands against the limits; {@link LimitState#NOT_APPLICABLE} unless numeric. */
    public LimitState limitState(Value value) {
        if (type.isNumeric() && value instanceof Value.Num n) {
            return limits.evaluate(n.value());
        }
        return LimitState.NOT_APPLICABLE;
    }

    /**
     * The value as history stores it: numbers as they are, booleans as 1 or 0, states as their index
     * in {@link #states()}; NaN when the value cannot be encoded (a state not in the list, a wrong type).
     */
    public double encode(Value value) {
        if (value instanceof Value.Num n) {
            return type.isNumeric() ? n.value() : Double.NaN;
        }
        if (value instanceof Value.Bool b) {
            return type == ValueType.BOOLEAN ? (b.value() ? 1 : 0) : Double.NaN;
        }
        if (value instanceof Value.Text t && type == ValueType.STATE) {
            int i = states.indexOf(t.value());
            return i < 0 ? Double.NaN : i;
        }
        return Double.NaN;
    }

    /** The reverse of {@link #encode}: a history value as this channel's value; empty if it encodes none. */
    public Optional<Value> decode(double stored) {
        return switch (type) {
            case NUMBER, INTEGER -> Optional.of(Value.of(stored));
            case BOOLEAN -> Double.isNaN(stored) ? Optional.empty() : Optional.of(Value.of(stored != 0));
            case STATE -> {
                if (stored != Math.rint(stored) || stored < 0 || stored >= states.size()) {
                    yield Optional.empty();
                }
                yield Optional.of(Value.of(states.get((int) stored)));
            }
        };
    }

    /** Whether the value lies in the normal range (false for NaN and non-numeric channels). */
    public boolean isNormal(double value) {
        return type.isNumeric() && normal.contains(value);
    }

    private void checkNumeric(Range normal, Limits limits, Range physical) {
        // An open side of the normal range means "not declared", not "everything".
        boolean lowOut = normal.hasMin() && normal.min() < physical.min();
        boolean highOut = normal.hasMax() && normal.max() > physical.max();
        if (lowOut || highOut) {
            boolean low = lowOut;
            String field = low ? "normal.min" : "normal.max";
            throw new SpecException(field, field + ": " + Limits.format(low ? normal.min() : normal.max())
                    + " is " + (low ? "below physical.min " + Limits.format(physical.min())
                    : "above physical.max " + Limits.format(physical.max()))
                    + "; the normal range must lie inside the physical range");
        }
        lowLimit("alarm.low", limits.lowAlarm(), normal, physical);
        lowLimit("warning.low", limits.lowWarning(), normal, physical);
        highLimit("warning.high", limits.highWarning(), normal, physical);
        highLimit("alarm.high", limits.highAlarm(), normal, physical);
    }

    private static void lowLimit(String field, OptionalDouble limit, Range normal, Range physical) {
        if (limit.isEmpty()) {
            return;
        }
        double v = limit.getAsDouble();
        String kind = field.startsWith("alarm") ? "alarm" : "warning";
        if (normal.hasMin() && v > normal.min()) {
            throw new SpecException(field, field + ": " + Limits.format(v) + " is above normal.min "
                    + Limits.format(normal.min()) + "; the " + kind + " limit must lie outside the normal range");
        }
        if (v < physical.min()) {
            throw new SpecException(field, field + ": " + Limits.format(v) + " is below physical.min "
                    + Limits.format(physical.min()) + "; a limit outside the physical range can never be reached");
        }
    }

    private static void highLimit(String field, OptionalDouble limit, Range normal, Range physical) {
        if (limit.isEmpty()) {
            return;
        }
        double v = limit.getAsDouble();
        String kind = field.startsWith("alarm") ? "alarm" : "warning";
        if (normal.hasMax() && v < normal.max()) {
            throw new SpecException(field, field + ": " + Limits.format(v) + " is below normal.max "
                    + Limits.format(normal.max()) + "; the " + kind + " limit must lie outside the normal range");
        }
        if (v > physical.max()) {
            throw new SpecException(field, field + ": " + Limits.format(v) + " is above physical.max "
                    + Limits.format(physical.max()) + "; a limit outside the physical range can never be reached");
        }
    }

    static boolean isIdentifier(String s) {
        try {
            SeriesKey.requireIdentifier("x", s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
