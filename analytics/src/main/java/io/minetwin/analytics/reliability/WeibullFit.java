package io.minetwin.analytics.reliability;

/**
 * A two-parameter Weibull distribution fitted by maximum likelihood, with two-sided confidence
 * intervals at {@link #confidence()}.
 *
 * <p>{@code shape} (beta) tells the failure pattern: below 1 the failure rate falls with age (early
 * failures), about 1 it is constant (random faults), above 1 it rises (wear-out). {@code scale} (eta)
 * is the characteristic life, the age by which 63.2 % have failed. {@code mean} is the mean time
 * between failures, {@code eta * Gamma(1 + 1/beta)}, of a component renewed at each failure.
 * {@code b10} is the age by which 10 % have failed.
 *
 * @param method          how the intervals were computed
 * @param failures        failures in the sample
 * @param censored        censored observations in the sample
 * @param logLikelihood   the log-likelihood at the estimate (times in hours)
 */
public record WeibullFit(double confidence, WeibullMle.IntervalMethod method, int failures, int censored,
                         Estimate shape, Estimate scale, Estimate mean, Estimate b10, double logLikelihood) {

    /**
     * A point estimate with its confidence interval {@code [lower, upper]}; a likelihood-ratio bound
     * the data do not reach is 0 or infinity.
     */
    public record Estimate(double value, double lower, double upper) {
        public Estimate {
            if (!(lower <= value && value <= upper)) {
                throw new IllegalArgumentException("estimate " + value + " outside its interval [" + lower + ", "
                        + upper + "]");
            }
        }

        /** Whether {@code x} lies in the interval. */
        public boolean contains(double x) {
            return lower <= x && x <= upper;
        }
    }

    /** What the shape's interval says about the failure pattern. */
    public enum Pattern {
        /** The whole interval of beta lies above 1: the failure rate rises with age. */
        WEAR_OUT("wear-out"),
        /** The interval of beta contains 1: not distinguishable from random (constant-rate) failures. */
        RANDOM("random"),
        /** The whole interval of beta lies below 1: the failure rate falls with age. */
        EARLY_LIFE("early-life");

        private final String id;

        Pattern(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public Pattern pattern() {
        if (shape.lower() > 1) {
            return Pattern.WEAR_OUT;
        }
        if (shape.upper() < 1) {
            return Pattern.EARLY_LIFE;
        }
        return Pattern.RANDOM;
    }
}
