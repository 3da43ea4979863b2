package io.minetwin.analytics.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How each feature was distributed over a model's training rows: per feature, the decile cut points and
 * the share of training rows in each bin they make, plus the share of rows where the feature was missing.
 * The engine compares the rows it scores against it ({@link #psi}) to tell when a model's inputs have
 * drifted from what it learned on.
 *
 * <p>Bins of feature {@code i}: {@code v <= edges[0]}, {@code edges[j-1] < v <= edges[j]}, {@code v > last edge},
 * and a last bin for a missing (non-finite) value; {@link #bins} counts them. Cut points that coincide (a feature
 * with few distinct values) are merged, so a bin is never empty by construction.
 *
 * @param names  feature names, in the model's order
 * @param edges  per feature, its distinct cut points, ascending
 * @param shares per feature, the share of training rows in each bin (sums to 1)
 * @param rows   training rows it was fitted on (0: none known)
 */
public record FeatureReference(List<String> names, List<double[]> edges, List<double[]> shares, long rows) {

    /** Quantiles whose values are the cut points. */
    private static final int QUANTILES = 10;
    /** A share smaller than this is taken as this in the PSI, so an empty bin does not make it infinite. */
    static final double FLOOR = 1e-4;

    public FeatureReference {
        names = List.copyOf(names);
        edges = edges.stream().map(double[]::clone).toList();
        shares = shares.stream().map(double[]::clone).toList();
        if (edges.size() != names.size() || shares.size() != names.size()) {
            throw new IllegalArgumentException("a feature reference needs cut points and shares for each of its "
                    + names.size() + " features");
        }
        for (int i = 0; i < names.size(); i++) {
            double[] e = edges.get(i);
            for (int j = 0; j < e.length; j++) {
                if (!Double.isFinite(e[j]) || (j > 0 && e[j] <= e[j - 1])) {
                    throw new IllegalArgumentException("the cut points of feature " + names.get(i)
                            + " must be finite and ascending, got " + Arrays.toString(e));
                }
            }
            double[] s = shares.get(i);
            double sum = 0;
            for (double v : s) {
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("the shares of feature " + names.get(i)
                            + " must be finite and non-negative, got " + Arrays.toString(s));
                }
                sum += v;
            }
            if (s.length != e.length + 2 || Math.abs(sum - 1) > 1e-6) {
                throw new IllegalArgumentException("feature " + names.get(i) + " needs " + (e.length + 2)
                        + " shares summing to 1, got " + Arrays.toString(s));
            }
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
    }

    /** No reference: a model trained before references were kept. */
    public static FeatureReference none() {
        return new FeatureReference(List.of(), List.of(), List.of(), 0);
    }

    /** Whether this reference has any feature. */
    public boolean known() {
        return !names.isEmpty();
    }

    /** The reference of {@code rows} (each in {@code names} order). */
    public static FeatureReference fit(List<String> names, List<double[]> rows) {
        Objects.requireNonNull(names, "names");
        List<double[]> edges = new ArrayList<>();
        List<double[]> shares = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            double[] finite = new double[rows.size()];
            int n = 0;
            for (double[] row : rows) {
                if (Double.isFinite(row[i])) {
                    finite[n++] = row[i];
                }
            }
            double[] sorted = Arrays.copyOf(finite, n);
            Arrays.sort(sorted);
            double[] cuts = new double[QUANTILES - 1];
            int k = 0;
            for (int q = 1; q < QUANTILES && n > 0; q++) {
                double v = sorted[(int) Math.floor(q / (double) QUANTILES * (n - 1))];
                if (k == 0 || v > cuts[k - 1]) {
                    cuts[k++] = v;
                }
            }
            double[] e = Arrays.copyOf(cuts, k);
            long[] counts = new long[e.length + 2];
            for (double[] row : rows) {
                counts[bin(e, row[i])]++;
            }
            edges.add(e);
            shares.add(normalise(counts));
        }
        return new FeatureReference(names, edges, shares, rows.size());
    }

    /** How many bins feature {@code i} has, the missing bin included. */
    public int bins(int i) {
        return edges.get(i).length + 2;
    }

    /** The bin of value {@code v} of feature {@code i}. */
    public int bin(int i, double v) {
        return bin(edges.get(i), v);
    }

    private static int bin(double[] e, double v) {
        if (!Double.isFinite(v)) {
            return e.length + 1;
        }
        int at = Arrays.binarySearch(e, v);
        return at >= 0 ? at : -at - 1;
    }

    /**
     * The population stability index of feature {@code i} between its training shares and {@code counts}
     * (recent rows per bin): {@code sum (a - e) ln(a / e)} with shares below {@link #FLOOR} raised to it.
     * Under 0.1 is commonly read as stable, 0.1 to 0.25 as a moderate shift, above 0.25 as a major one.
     *
     * @return NaN when {@code counts} holds no row
     */
    public double psi(int i, long[] counts) {
        double[] expected = shares.get(i);
        if (counts.length != expected.length) {
            throw new IllegalArgumentException("feature " + names.get(i) + " has " + expected.length + " bins, got "
                    + counts.length + " counts");
        }
        long total = Arrays.stream(counts).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int b = 0; b < counts.length; b++) {
            double a = Math.max(FLOOR, counts[b] / (double) total);
            double e = Math.max(FLOOR, expected[b]);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static double[] normalise(long[] counts) {
        long total = Arrays.stream(counts).sum();
        double[] s = new double[counts.length];
        if (total == 0) {
            s[s.length - 1] = 1; // no row at all: everything is "missing"
            return s;
        }
        for (int b = 0; b < s.length; b++) {
            s[b] = counts[b] / (double) total;
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureReference r) || rows != r.rows || !names.equals(r.names)) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!Arrays.equals(edges.get(i), r.edges.get(i)) || !Arrays.equals(shares.get(i), r.shares.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, rows);
    }

    @Override
    public String toString() {
        return "FeatureReference[" + names.size() + " features, " + rows + " rows]";
    }
}
