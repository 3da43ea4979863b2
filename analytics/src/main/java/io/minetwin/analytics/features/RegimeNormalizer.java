package io.minetwin.analytics.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.clustering.MultiKMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

/**
 * Operating-regime normalisation: signals depend on load, speed and ambient, so each signal is
 * standardised with the mean and standard deviation it has in its operating regime.
 *
 * <p>Regimes are learnt from the operating-setting channels of the training frames with k-means
 * (Commons Math, k-means++ with an explicit seed) on standardised settings. The number of regimes is
 * chosen from the training data: among the k from 2 to {@code maxRegimes} whose clustering leaves less than
 * {@link #SSE_RATIO} of the settings' variance unexplained (the settings take a few discrete values), the
 * k with the highest mean silhouette, so that two close conditions are not merged (too few clusters) and
 * one condition's noise is not split (too many). When no k explains the settings (they vary continuously,
 * or are just noise around one point), there is one regime and normalisation is a plain standardisation. Statistics come from
 * training frames only and are then applied unchanged to any frame. Signals that are constant in
 * every regime of the training data carry no information and are dropped.
 *
 * @param regimeChannels the operating-setting channels regimes are learnt from (may be empty)
 * @param signals        the channels kept and normalised, in output order
 * @param settingCentre  per regime channel, the centre used to standardise settings
 * @param settingScale   per regime channel, the scale used to standardise settings
 * @param centroids      {@code [regime][regime channel]} in standardised units
 * @param mean           {@code [regime][signal]} training mean
 * @param std            {@code [regime][signal]} training standard deviation (0 where constant)
 */
public record RegimeNormalizer(List<String> regimeChannels, List<String> signals, double[] settingCentre,
                               double[] settingScale, double[][] centroids, double[][] mean, double[][] std) {

    /** The unexplained share of settings variance under which a clustering counts as regimes. */
    public static final double SSE_RATIO = 0.01;
    private static final int MAX_FIT_ROWS = 5_000;
    /** Points the silhouette is computed on (its cost grows with their square). */
    private static final int SILHOUETTE_ROWS = 2_000;
    private static final double CONSTANT = 1e-9;

    public RegimeNormalizer {
        regimeChannels = List.copyOf(regimeChannels);
        signals = List.copyOf(signals);
        Objects.requireNonNull(settingCentre, "settingCentre");
        Objects.requireNonNull(settingScale, "settingScale");
        if (centroids.length < 1 || mean.length != centroids.length || std.length != centroids.length) {
            throw new IllegalArgumentException("need at least one regime, with means and deviations for each; got "
                    + centroids.length + " centroids, " + mean.length + " mean rows, " + std.length + " std rows");
        }
        if (settingCentre.length != regimeChannels.size() || settingScale.length != regimeChannels.size()) {
            throw new IllegalArgumentException("settings centre/scale must have one entry per regime channel");
        }
        for (int r = 0; r < centroids.length; r++) {
            if (centroids[r].length != regimeChannels.size() || mean[r].length != signals.size()
                    || std[r].length != signals.size()) {
                throw new IllegalArgumentException("regime " + r + " has the wrong number of entries");
            }
        }
    }

    public int regimes() {
        return centroids.length;
    }

    /**
     * Learns regimes and per-regime statistics from training frames.
     *
     * @param frames         training frames; every one must have the regime channels
     * @param regimeChannels operating-setting channels; the other channels of the first frame are signals
     * @param maxRegimes     the most regimes to consider (1 turns regime detection off)
     * @param seed           seeds k-means++
     */
    public static RegimeNormalizer fit(List<Frame> frames, List<String> regimeChannels, int maxRegimes, long seed) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no training frames to learn operating regimes from");
        }
        if (maxRegimes < 1) {
            throw new IllegalArgumentException("maxRegimes must be at least 1, got " + maxRegimes);
        }
        List<String> candidates = new ArrayList<>(frames.get(0).channels());
        candidates.removeAll(regimeChannels);
        int d = regimeChannels.size();

        // Standardise settings over all training rows.
        double[] centre = new double[d];
        double[] scale = new double[d];
        long n = 0;
        for (Frame f : frames) {
            n += f.rows();
        }
        for (int j = 0; j < d; j++) {
            double sum = 0;
            double sq = 0;
            for (Frame f : frames) {
                for (double v : f.column(regimeChannels.get(j))) {
                    sum += v;
                    sq += v * v;
                }
            }
            centre[j] = sum / n;
            double var = Math.max(0, sq / n - centre[j] * centre[j]);
            scale[j] = var > CONSTANT ? Math.sqrt(var) : 1.0;
        }

        double[][] centroids = d == 0 || maxRegimes == 1
                ? new double[][] {new double[d]}
                : clusterSettings(frames, regimeChannels, centre, scale, maxRegimes, seed);
        RegimeNormalizer partial = new RegimeNormalizer(regimeChannels, candidates, centre, scale, centroids,
                new double[centroids.length][candidates.size()], new double[centroids.length][candidates.size()]);

        int k = centroids.length;
        int s = candidates.size();
        double[][] sum = new double[k][s];
        double[][] sq = new double[k][s];
        long[][] count = new long[k][s];
        // Sums of differences from the first value seen, so that a constant signal sums to exactly 0
        // instead of leaving rounding noise that would pass for variation.
        double[][] shift = new double[k][s];
        for (Frame f : frames) {
            int[] regime = partial.regimesOf(f);
            for (int c = 0; c < s; c++) {
                double[] col = f.column(candidates.get(c));
                for (int row = 0; row < col.length; row++) {
                    double v = col[row];
                    if (Double.isFinite(v)) {
                        int r = regime[row];
                        if (count[r][c] == 0) {
                            shift[r][c] = v;
                        }
                        double dv = v - shift[r][c];
                        sum[r][c] += dv;
                        sq[r][c] += dv * dv;
                        count[r][c]++;
                    }
                }
            }
        }
        List<String> kept = new ArrayList<>();
        List<double[]> keptMean = new ArrayList<>();
        List<double[]> keptStd = new ArrayList<>();
        for (int c = 0; c < s; c++) {
            double[] m = new double[k];
            double[] sd = new double[k];
            boolean varies = false;
            for (int r = 0; r < k; r++) {
                if (count[r][c] > 0) {
                    double dm = sum[r][c] / count[r][c];
                    m[r] = shift[r][c] + dm;
                    double var = count[r][c] > 1
                            ? Math.max(0, (sq[r][c] - count[r][c] * dm * dm) / (count[r][c] - 1)) : 0;
                    sd[r] = Math.sqrt(var);
                    varies |= sd[r] > CONSTANT * Math.max(1, Math.abs(m[r]));
                }
            }
            if (varies) {
                kept.add(candidates.get(c));
                keptMean.add(m);
                keptStd.add(sd);
            }
        }
        double[][] mean = new double[k][kept.size()];
        double[][] std = new double[k][kept.size()];
        for (int c = 0; c < kept.size(); c++) {
            for (int r = 0; r < k; r++) {
                mean[r][c] = keptMean.get(c)[r];
                std[r][c] = keptStd.get(c)[r];
            }
        }
        return new RegimeNormalizer(regimeChannels, kept, centre, scale, centroids, mean, std);
    }

    private static double[][] clusterSettings(List<Frame> frames, List<String> regimeChannels, double[] centre,
                                              double[] scale, int maxRegimes, long seed) {
        int d = regimeChannels.size();
        long total = frames.stream().mapToLong(Frame::rows).sum();
        long stride = Math.max(1, total / MAX_FIT_ROWS);
        List<DoublePoint> points = new ArrayList<>();
        long i = 0;
        for (Frame f : frames) {
            double[][] cols = new double[d][];
            for (int j = 0; j < d; j++) {
                cols[j] = f.column(regimeChannels.get(j));
            }
            for (int row = 0; row < f.rows(); row++, i++) {
                if (i % stride == 0) {
                    double[] p = new double[d];
                    for (int j = 0; j < d; j++) {
                        p[j] = (cols[j][row] - centre[j]) / scale[j];
                    }
                    points.add(new DoublePoint(p));
                }
            }
        }
        double sse1 = 0;
        for (DoublePoint p : points) {
            for (double v : p.getPoint()) {
                sse1 += v * v; // the points are centred on the full-data mean, close enough to theirs
            }
        }
        if (sse1 <= 0) {
            return new double[][] {new double[d]};
        }
        double[][] best = null;
        double bestSilhouette = Double.NEGATIVE_INFINITY;
        List<DoublePoint> sample = new ArrayList<>();
        int every = (points.size() + SILHOUETTE_ROWS - 1) / SILHOUETTE_ROWS;
        for (int p = 0; p < points.size(); p += every) {
            sample.add(points.get(p));
        }
        for (int k = 2; k <= Math.min(maxRegimes, points.size()); k++) {
            var clusterer = new MultiKMeansPlusPlusClusterer<>(
                    new KMeansPlusPlusClusterer<DoublePoint>(k, 100, new EuclideanDistance(), new JDKRandomGenerator((int) seed)),
                    3);
            List<CentroidCluster<DoublePoint>> clusters = clusterer.cluster(points);
            double sse = 0;
            for (CentroidCluster<DoublePoint> c : clusters) {
                double[] ctr = c.getCenter().getPoint();
                for (DoublePoint p : c.getPoints()) {
                    double[] x = p.getPoint();
                    for (int j = 0; j < d; j++) {
                        sse += (x[j] - ctr[j]) * (x[j] - ctr[j]);
                    }
                }
            }
            if (sse / sse1 >= SSE_RATIO) {
                continue;
            }
            double[][] centroids = new double[clusters.size()][];
            for (int r = 0; r < centroids.length; r++) {
                centroids[r] = clusters.get(r).getCenter().getPoint().clone();
            }
            double s = silhouette(sample, centroids);
            if (s > bestSilhouette) {
                bestSilhouette = s;
                best = centroids;
            }
        }
        if (best == null) {
            return new double[][] {new double[d]};
        }
        // A stable order, so that the same data gives the same regime numbers.
        Arrays.sort(best, (a, b) -> Arrays.compare(a, b));
        return best;
    }

    /**
     * Mean silhouette of {@code points} assigned to their nearest centroid: per point {@code (b - a) / max(a, b)}
     * with {@code a} its mean distance to the other points of its cluster and {@code b} the smallest mean
     * distance to another cluster's points (Rousseeuw 1987); 0 for a point alone in its cluster.
     */
    static double silhouette(List<DoublePoint> points, double[][] centroids) {
        int n = points.size();
        int k = centroids.length;
        int[] of = new int[n];
        int[] size = new int[k];
        for (int i = 0; i < n; i++) {
            of[i] = nearest(centroids, points.get(i).getPoint());
            size[of[i]]++;
        }
        double total = 0;
        double[] sum = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sum, 0);
            double[] x = points.get(i).getPoint();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double[] y = points.get(j).getPoint();
                    double dist = 0;
                    for (int c = 0; c < x.length; c++) {
                        dist += (x[c] - y[c]) * (x[c] - y[c]);
                    }
                    sum[of[j]] += Math.sqrt(dist);
                }
            }
            int own = of[i];
            if (size[own] <= 1) {
                continue;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int r = 0; r < k; r++) {
                if (r != own && size[r] > 0) {
                    b = Math.min(b, sum[r] / size[r]);
                }
            }
            double m = Math.max(a, b);
            total += m > 0 && Double.isFinite(b) ? (b - a) / m : 0;
        }
        return total / n;
    }

    /** The regime of every row of {@code frame} (nearest centroid in standardised settings). */
    public int[] regimesOf(Frame frame) {
        int[] out = new int[frame.rows()];
        if (centroids.length == 1) {
            return out;
        }
        int d = regimeChannels.size();
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            cols[j] = frame.column(regimeChannels.get(j));
        }
        double[] p = new double[d];
        for (int row = 0; row < out.length; row++) {
            for (int j = 0; j < d; j++) {
                p[j] = (cols[j][row] - settingCentre[j]) / settingScale[j];
            }
            out[row] = nearest(p);
        }
        return out;
    }

    private int nearest(double[] p) {
        return nearest(centroids, p);
    }

    private static int nearest(double[][] centroids, double[] p) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int r = 0; r < centroids.length; r++) {
            double dist = 0;
            for (int j = 0; j < p.length; j++) {
                double diff = p[j] - centroids[r][j];
                dist += diff * diff;
            }
            if (dist < bestDist) {
                bestDist = dist;
                best = r;
            }
        }
        return best;
    }

    /**
     * The kept signals of {@code frame}, each standardised with its regime's training statistics (0 where
     * the signal was constant in that regime), plus a {@code regime} column when there is more than one.
     */
    public Frame apply(Frame frame) {
        int[] regime = regimesOf(frame);
        int s = signals.size();
        boolean withRegime = centroids.length > 1;
        List<String> names = new ArrayList<>(signals);
        double[][] cols = new double[s + (withRegime ? 1 : 0)][];
        for (int c = 0; c < s; c++) {
            double[] in = frame.column(signals.get(c));
            double[] out = new double[in.length];
            for (int row = 0; row < in.length; row++) {
                int r = regime[row];
                out[row] = std[r][c] > CONSTANT ? (in[row] - mean[r][c]) / std[r][c] : 0.0;
            }
            cols[c] = out;
        }
        if (withRegime) {
            names.add(REGIME_COLUMN);
            double[] rc = new double[regime.length];
            for (int row = 0; row < rc.length; row++) {
                rc[row] = regime[row];
            }
            cols[s] = rc;
        }
        return new Frame(frame.times(), names, cols);
    }

    /** The name of the regime-number column {@link #apply} adds when there are several regimes. */
    public static final String REGIME_COLUMN = "regime";
}
