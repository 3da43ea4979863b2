package io.minetwin.analytics.rul;

import java.util.Arrays;
import java.util.Objects;

/**
 * An interval around a predicted remaining useful life, from the quantiles of held-out residuals
 * ({@code true - predicted}) in bins of the predicted value: errors grow with the prediction, so a
 * prediction near the cap gets a wider interval than one near zero.
 *
 * @param coverage the share of held-out truths the interval was built to contain, e.g. 0.8; 0 when unknown
 * @param binUpper per bin, the largest predicted value it holds (the last bin holds everything above)
 * @param low      per bin, the lower residual quantile (usually negative)
 * @param high     per bin, the upper residual quantile
 */
public record RulInterval(double coverage, double[] binUpper, double[] low, double[] high) {

    private static final int MIN_PER_BIN = 30;

    public RulInterval {
        Objects.requireNonNull(binUpper, "binUpper");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        if (!(coverage >= 0 && coverage < 1)) {
            throw new IllegalArgumentException("interval coverage must be in [0, 1), got " + coverage);
        }
        if (low.length != binUpper.length || high.length != binUpper.length) {
            throw new IllegalArgumentException("an interval needs a low and a high quantile per bin; got "
                    + binUpper.length + " bins, " + low.length + " lows, " + high.length + " highs");
        }
        for (int b = 0; b < binUpper.length; b++) {
            if (!(low[b] <= high[b])) {
                throw new IllegalArgumentException("bin " + b + ": low quantile " + low[b] + " exceeds high " + high[b]);
            }
        }
        binUpper = binUpper.clone();
        low = low.clone();
        high = high.clone();
    }

    /** No interval known (models registered before intervals were recorded). */
    public static RulInterval none() {
        return new RulInterval(0, new double[0], new double[0], new double[0]);
    }

    public boolean known() {
        return binUpper.length > 0;
    }

    /**
     * Builds the interval from held-out predictions and their truths (uncapped), with {@code bins} bins of
     * equal width over {@code [0, cap]}; a bin with fewer than 30 residuals uses all residuals.
     */
    public static RulInterval fromResiduals(double[] predicted, double[] truth, double cap, double coverage, int bins) {
        if (predicted.length != truth.length || predicted.length == 0) {
            throw new IllegalArgumentException("need as many held-out predictions as truths, and at least one; got "
                    + predicted.length + " and " + truth.length);
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be at least 1, got " + bins);
        }
        double lowQ = (1 - coverage) / 2;
        double highQ = 1 - lowQ;
        double[] all = residuals(predicted, truth, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        double[] upper = new double[bins];
        double[] lo = new double[bins];
        double[] hi = new double[bins];
        for (int b = 0; b < bins; b++) {
            double from = b == 0 ? Double.NEGATIVE_INFINITY : cap * b / bins;
            upper[b] = b == bins - 1 ? Double.POSITIVE_INFINITY : cap * (b + 1) / bins;
            double[] r = residuals(predicted, truth, from, upper[b]);
            double[] use = r.length >= MIN_PER_BIN ? r : all;
            lo[b] = quantile(use, lowQ);
            hi[b] = quantile(use, highQ);
        }
        return new RulInterval(coverage, upper, lo, hi);
    }

    /** {@code [low, high]} around {@code predicted}, never below 0; {@code [predicted, predicted]} when unknown. */
    public double[] around(double predicted) {
        if (!known()) {
            return new double[] {predicted, predicted};
        }
        int b = 0;
        while (b < binUpper.length - 1 && predicted > binUpper[b]) {
            b++;
        }
        return new double[] {Math.max(0, predicted + low[b]), Math.max(0, predicted + high[b])};
    }

    private static double[] residuals(double[] predicted, double[] truth, double from, double to) {
        return java.util.stream.IntStream.range(0, predicted.length)
                .filter(i -> predicted[i] > from && predicted[i] <= to)
                .mapToDouble(i -> truth[i] - predicted[i])
                .sorted()
                .toArray();
    }

    /** Linear-interpolated quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RulInterval other && coverage == other.coverage && Arrays.equals(binUpper, other.binUpper)
                && Arrays.equals(low, other.low) && Arrays.equals(high, other.high);
    }

    @Override
    public int hashCode() {
        return Objects.hash(coverage, Arrays.hashCode(binUpper), Arrays.hashCode(low), Arrays.hashCode(high));
    }

    @Override
    public String toString() {
        return "RulInterval[coverage=" + coverage + ", binUpper=" + Arrays.toString(binUpper) + ", low="
                + Arrays.toString(low) + ", high=" + Arrays.toString(high) + "]";
    }
}
