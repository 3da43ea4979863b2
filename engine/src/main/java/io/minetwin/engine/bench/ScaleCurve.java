package io.minetwin.engine.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One cost curve of {@code bench scale}: the cost of a workload measured at a few sizes, and the exponent of
 * a power law fitted to it by least squares on logarithms ({@code cost = a * size^k}; a workload whose cost
 * grows in proportion to its size has {@code k = 1}).
 *
 * @param name      snake_case name of the curve, e.g. {@code ingest}
 * @param title     what the curve measures, for charts
 * @param sizeUnit  what a size counts, e.g. {@code series}
 * @param costUnit  what a cost measures, e.g. {@code s}
 * @param sizes     the sizes, increasing, at least two, all positive
 * @param costs     the cost at each size, all positive
 */
public record ScaleCurve(String name, String title, String sizeUnit, String costUnit, double[] sizes,
                         double[] costs) {

    /**
     * How far above 1 an exponent may be before the curve is flagged as growing faster than linear: two-core
     * machines shared with other work measure a few percent of noise per point.
     */
    public static final double LINEAR_TOLERANCE = 0.1;

    public ScaleCurve {
        if (sizes.length < 2 || sizes.length != costs.length) {
            throw new IllegalArgumentException(name + ": a curve needs at least two sizes and one cost per size");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (!(sizes[i] > 0) || !(costs[i] > 0) || !Double.isFinite(sizes[i]) || !Double.isFinite(costs[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: size %s and cost %s must be positive and finite", name, sizes[i], costs[i]));
            }
        }
        sizes = sizes.clone();
        costs = costs.clone();
    }

    /** The least-squares slope of log(cost) against log(size): 1.0 is linear, 2.0 quadratic. */
    public double exponent() {
        int n = sizes.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += Math.log(sizes[i]);
            my += Math.log(costs[i]);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dx = Math.log(sizes[i]) - mx;
            sxy += dx * (Math.log(costs[i]) - my);
            sxx += dx * dx;
        }
        if (sxx == 0) {
            throw new IllegalStateException(name + ": all sizes are equal, no exponent can be fitted");
        }
        return sxy / sxx;
    }

    /**
     * The exponent between the two largest sizes alone: fixed costs (opening a store, a first fsync) weigh on
     * the smallest size and pull the fitted exponent below 1, so this is the steeper, more telling figure
     * where it differs.
     */
    public double largestStepExponent() {
        int n = sizes.length;
        return Math.log(costs[n - 1] / costs[n - 2]) / Math.log(sizes[n - 1] / sizes[n - 2]);
    }

    /** The fitted factor {@code a} of {@code cost = a * size^k}. */
    public double factor() {
        double k = exponent();
        double sum = 0;
        for (int i = 0; i < sizes.length; i++) {
            sum += Math.log(costs[i]) - k * Math.log(sizes[i]);
        }
        return Math.exp(sum / sizes.length);
    }

    /**
     * Whether the cost grows faster than linearly beyond {@link #LINEAR_TOLERANCE}, by the fitted exponent or
     * between the two largest sizes.
     */
    public boolean worseThanLinear() {
        return exponent() > 1 + LINEAR_TOLERANCE || largestStepExponent() > 1 + LINEAR_TOLERANCE;
    }

    @Override
    public double[] sizes() {
        return sizes.clone();
    }

    @Override
    public double[] costs() {
        return costs.clone();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(sizes) + "->" + Arrays.toString(costs);
    }
}
