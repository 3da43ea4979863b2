package io.minetwin.analytics.features;

import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.descriptive.moment.Kurtosis;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Statistics of one window {@code values[from, to)} of a channel, with Apache Commons Math.
 *
 * <p>Windows are causal: a feature at row {@code t} is computed over rows {@code <= t} only. Each method
 * returns NaN when the window is too short for the statistic (empty; fewer than 2 rows for the standard
 * deviation and the slope; fewer than 4 for the kurtosis), so callers treat it as missing.
 */
public final class WindowStats {

    private WindowStats() {
    }

    public static double mean(double[] values, int from, int to) {
        return to > from ? StatUtils.mean(values, from, to - from) : Double.NaN;
    }

    /** Sample standard deviation (n - 1 in the denominator). */
    public static double std(double[] values, int from, int to) {
        return to - from >= 2 ? new StandardDeviation(true).evaluate(values, from, to - from) : Double.NaN;
    }

    public static double min(double[] values, int from, int to) {
        return to > from ? StatUtils.min(values, from, to - from) : Double.NaN;
    }

    public static double max(double[] values, int from, int to) {
        return to > from ? StatUtils.max(values, from, to - from) : Double.NaN;
    }

    /** Root mean square: {@code sqrt(mean(x^2))}. */
    public static double rms(double[] values, int from, int to) {
        return to > from ? Math.sqrt(StatUtils.sumSq(values, from, to - from) / (to - from)) : Double.NaN;
    }

    /** Bias-corrected sample excess kurtosis (0 for a normal distribution), as Commons Math defines it. */
    public static double kurtosis(double[] values, int from, int to) {
        if (to - from < 4) {
            return Double.NaN;
        }
        double k = new Kurtosis().evaluate(values, from, to - from);
        return Double.isFinite(k) ? k : 0.0; // a constant window has no spread to be peaked
    }

    /**
     * Least-squares slope of the values against their row index, in value units per row.
     *
     * <p>Closed form of {@code SimpleRegression.getSlope()} over x = 0, 1, ..., n - 1, which avoids
     * building a regression per window on the training path.
     */
    public static double slope(double[] values, int from, int to) {
        int n = to - from;
        if (n < 2) {
            return Double.NaN;
        }
        double xMean = (n - 1) / 2.0;
        double yMean = StatUtils.mean(values, from, n);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = i - xMean;
            sxy += dx * (values[from + i] - yMean);
            sxx += dx * dx;
        }
        return sxy / sxx;
    }

    /**
     * Exponentially weighted moving average of every row, causal: {@code e[0] = x[0]},
     * {@code e[t] = alpha * x[t] + (1 - alpha) * e[t - 1]}. NaN values leave the average unchanged.
     *
     * @param span the window the average stands for; {@code alpha = 2 / (span + 1)}, as in pandas' ewm(span)
     */
    public static double[] ewma(double[] values, int length, int span) {
        if (span < 1) {
            throw new IllegalArgumentException("EWMA span must be at least 1, got " + span);
        }
        double alpha = 2.0 / (span + 1);
        double[] out = new double[length];
        double e = Double.NaN;
        for (int t = 0; t < length; t++) {
            double x = values[t];
            if (!Double.isNaN(x)) {
                e = Double.isNaN(e) ? x : alpha * x + (1 - alpha) * e;
            }
            out[t] = e;
        }
        return out;
    }
}
