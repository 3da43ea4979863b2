package io.minetwin.analytics.features;

import java.util.List;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Band energies of the window of {@link SpectralSpec#size()} rows ending at a row, as {@link SpectralSpec}
 * defines them.
 *
 * <p>Per window: the least-squares line through the present values is removed (a constant or a ramp has
 * no band energy); missing (NaN) rows are filled by linear interpolation between their present
 * neighbours (the nearest present value at the window's ends), and more than a quarter of the rows
 * missing gives NaN for every band; the residual {@code r} is
 * multiplied by a periodic Hann window {@code w[i] = (1 - cos(2 pi i / N)) / 2} and transformed in place
 * ({@link FastFourierTransformer#transformInPlace}, {@link DftNormalization#STANDARD}: {@code X[k] =
 * sum r[i] w[i] exp(-2 pi i k / N)}, no scaling).
 *
 * <p>Normalisation: a band's value is {@code sum over its bins k of c[k] |X[k]|^2 / (N^2 mean(w^2))}, with
 * {@code c[k] = 2} for {@code 0 < k < N/2} (the mirrored negative frequency) and 1 at {@code k = N/2}. By
 * Parseval, the values of bands covering every bin from 1 to {@code N/2} add up to the mean square of the
 * windowed residual divided by the window's mean square, i.e. about the variance of the detrended window:
 * a band's value is the part of the channel's variance (in the channel's unit squared) that repeats with
 * periods in the band, independent of {@code N}. A sinusoid of amplitude A gives about {@code A^2 / 2},
 * shared among the bins next to its frequency (the Hann window's main lobe spans four bins).
 *
 * <p>An instance keeps its transform buffer between rows so extraction allocates nothing per row; it is
 * not safe for concurrent use (the extractor makes one per extraction).
 */
public final class SpectralBands {

    private final int n;
    private final double[] hann;
    private final int[][] bins;
    private final double[] weight;
    private final double scale;
    private final double[][] buffer;

    public SpectralBands(SpectralSpec spec) {
        n = spec.size();
        hann = new double[n];
        double power = 0;
        for (int i = 0; i < n; i++) {
            hann[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / n));
            power += hann[i] * hann[i];
        }
        List<SpectralSpec.Band> resolved = spec.resolved();
        bins = new int[resolved.size()][];
        for (int b = 0; b < bins.length; b++) {
            bins[b] = spec.bins(resolved.get(b));
        }
        weight = new double[n / 2 + 1];
        for (int k = 1; k <= n / 2; k++) {
            weight[k] = k == n / 2 ? 1 : 2;
        }
        scale = 1.0 / ((double) n * n * (power / n));
        buffer = new double[2][n];
    }

    /** The number of values {@link #energies} writes: one per resolved band. */
    public int bands() {
        return bins.length;
    }

    /**
     * Writes the band energies of {@code values[to - N, to)} to {@code out[at..]} ({@link #bands()} values);
     * NaN for every band when fewer than N rows end at {@code to} or more than a quarter are missing.
     */
    public void energies(double[] values, int to, double[] out, int at) {
        int from = to - n;
        if (from < 0 || !detrend(values, from)) {
            for (int b = 0; b < bins.length; b++) {
                out[at + b] = Double.NaN;
            }
            return;
        }
        FastFourierTransformer.transformInPlace(buffer, DftNormalization.STANDARD, TransformType.FORWARD);
        double[] re = buffer[0];
        double[] im = buffer[1];
        for (int b = 0; b < bins.length; b++) {
            double e = 0;
            for (int k : bins[b]) {
                e += weight[k] * (re[k] * re[k] + im[k] * im[k]);
            }
            out[at + b] = e * scale;
        }
    }

    /** Fills the buffer with the windowed residual of {@code values[from, from + N)}; false when too much is missing. */
    private boolean detrend(double[] values, int from) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double sy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double y = values[from + i];
            if (!Double.isNaN(y)) {
                s0++;
                s1 += i;
                s2 += (double) i * i;
                sy += y;
                sxy += i * y;
            }
        }
        if (n - s0 > n / 4.0) {
            return false;
        }
        double slope = (s0 * sxy - s1 * sy) / (s0 * s2 - s1 * s1);
        double intercept = (sy - slope * s1) / s0;
        double[] re = buffer[0];
        double[] im = buffer[1];
        for (int i = 0; i < n; i++) {
            re[i] = values[from + i] - intercept - slope * i;
            im[i] = 0;
        }
        if (s0 < n) {
            fillGaps(re);
        }
        for (int i = 0; i < n; i++) {
            re[i] *= hann[i];
        }
        return true;
    }

    /**
     * Replaces NaN runs by the straight line between the values on either side, or the nearest value at
     * the window's ends. (Filling with the trend line instead would scale every band's energy by about
     * {@code (1 - missing share)^2}.)
     */
    private static void fillGaps(double[] r) {
        int last = -1;
        for (int i = 0; i <= r.length; i++) {
            if (i < r.length && Double.isNaN(r[i])) {
                continue;
            }
            for (int j = last + 1; j < i; j++) {
                if (last < 0) {
                    r[j] = r[i];
                } else if (i == r.length) {
                    r[j] = r[last];
                } else {
                    r[j] = r[last] + (r[i] - r[last]) * (j - last) / (i - last);
                }
            }
            last = i;
        }
    }
}
