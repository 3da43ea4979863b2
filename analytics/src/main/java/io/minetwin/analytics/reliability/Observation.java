package io.minetwin.analytics.reliability;

/**
 * One time between renewals of a component: it ended in a failure, or it was censored (the component
 * was replaced without failing, or the observed period ended first).
 *
 * @param hours   length of the interval in hours; positive and finite
 * @param failure whether the interval ended in a failure
 */
public record Observation(double hours, boolean failure) {
    public Observation {
        if (!(hours > 0) || Double.isInfinite(hours)) {
            throw new IllegalArgumentException("an observation's time must be positive and finite, not " + hours
                    + " h; drop intervals of zero length (two records at the same time) before fitting");
        }
    }

    public static Observation failure(double hours) {
        return new Observation(hours, true);
    }

    public static Observation censored(double hours) {
        return new Observation(hours, false);
    }
}
