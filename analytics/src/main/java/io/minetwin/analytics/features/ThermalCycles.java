package io.minetwin.analytics.features;

/**
 * Rainflow cycle counting (ASTM E1049-85, the three-point method) of one window of a channel: the number
 * of cycles whose range is at least a threshold, with a half cycle counting one half.
 *
 * <p>The window's values are reduced to their reversals (turning points; NaN rows are skipped, repeated
 * values and points on a monotone run are dropped, the first and last values are kept). Reversals go on
 * a stack; whenever the latest range X is at least the previous one Y, Y is a cycle: a full cycle, or a
 * half cycle when Y contains the window's starting point, which is then dropped. What is left on the
 * stack at the end counts as half cycles. Small reversals inside a large swing are counted as small
 * cycles and do not split the large one, which is why rainflow, not counting reversals, is the reference
 * for Coffin-Manson fatigue. Example: {@code 20, 35, 20, 35, 20} is four half cycles of 15, i.e. 2 cycles
 * of at least 10, and none of at least 20.
 *
 * <p>An instance keeps its work arrays between calls (the feature extractor counts a window per row), so it
 * is not safe for concurrent use.
 */
public final class ThermalCycles {

    private double[] reversals;
    private double[] stack;

    /** Work arrays for windows of up to {@code capacity} rows; they grow when a longer window comes. */
    public ThermalCycles(int capacity) {
        reversals = new double[Math.max(2, capacity)];
        stack = new double[Math.max(2, capacity)];
    }

    /** Cycles of at least {@code range} in {@code values[from, to)}; NaN when the window has no value. */
    public static double count(double[] values, int from, int to, double range) {
        return new ThermalCycles(to - from).cycles(values, from, to, range);
    }

    /** As {@link #count}, reusing this instance's work arrays. */
    public double cycles(double[] values, int from, int to, double range) {
        if (to - from > reversals.length) {
            reversals = new double[to - from];
            stack = new double[to - from];
        }
        int n = reversals(values, from, to);
        if (n == 0) {
            return Double.NaN;
        }
        double cycles = 0;
        int s = 0;
        for (int i = 0; i < n; i++) {
            stack[s++] = reversals[i];
            while (s >= 3) {
                double x = Math.abs(stack[s - 1] - stack[s - 2]);
                double y = Math.abs(stack[s - 2] - stack[s - 3]);
                if (x < y) {
                    break;
                }
                if (s == 3) {
                    // Y contains the starting point: half a cycle, and the start moves on.
                    cycles += y >= range ? 0.5 : 0;
                    stack[0] = stack[1];
                    stack[1] = stack[2];
                    s = 2;
                } else {
                    cycles += y >= range ? 1 : 0;
                    stack[s - 3] = stack[s - 1];
                    s -= 2;
                }
            }
        }
        for (int i = 1; i < s; i++) {
            cycles += Math.abs(stack[i] - stack[i - 1]) >= range ? 0.5 : 0;
        }
        return cycles;
    }

    private int reversals(double[] values, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            double v = values[i];
            if (Double.isNaN(v) || (n > 0 && v == reversals[n - 1])) {
                continue;
            }
            if (n >= 2 && (reversals[n - 1] > reversals[n - 2]) == (v > reversals[n - 1])) {
                reversals[n - 1] = v; // the run goes on in the same direction
            } else {
                reversals[n++] = v;
            }
        }
        return n;
    }
}
