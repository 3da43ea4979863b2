package io.minetwin.model;

/**
 * A closed interval {@code [min, max]} of channel values; an infinite bound leaves that side open.
 *
 * @param min the lowest value in the range, or {@link Double#NEGATIVE_INFINITY}
 * @param max the highest value in the range, or {@link Double#POSITIVE_INFINITY}
 */
public record Range(double min, double max) {

    /** Every finite value. */
    public static final Range UNBOUNDED = new Range(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public Range {
        if (Double.isNaN(min)) {
            throw new SpecException("min", "range min is NaN; give a number or leave the bound out");
        }
        if (Double.isNaN(max)) {
            throw new SpecException("max", "range max is NaN; give a number or leave the bound out");
        }
        if (min > max) {
            throw new SpecException("max", "range max " + Limits.format(max) + " is below min "
                    + Limits.format(min) + "; swap them");
        }
    }

    public static Range of(double min, double max) {
        return new Range(min, max);
    }

    /** {@code [min, +inf)}. */
    public static Range atLeast(double min) {
        return new Range(min, Double.POSITIVE_INFINITY);
    }

    /** {@code (-inf, max]}. */
    public static Range atMost(double max) {
        return new Range(Double.NEGATIVE_INFINITY, max);
    }

    /** Whether {@code value} lies in the range; NaN never does. */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** Whether {@code other} lies entirely inside this range. */
    public boolean contains(Range other) {
        return other.min >= min && other.max <= max;
    }

    public boolean hasMin() {
        return min != Double.NEGATIVE_INFINITY;
    }

    public boolean hasMax() {
        return max != Double.POSITIVE_INFINITY;
    }

    public boolean isUnbounded() {
        return !hasMin() && !hasMax();
    }

    @Override
    public String toString() {
        return "[" + (hasMin() ? Limits.format(min) : "-inf") + ", " + (hasMax() ? Limits.format(max) : "+inf") + "]";
    }
}
