package io.minetwin.analytics.forecast;

/**
 * Platt scaling: maps a classifier's raw probability {@code q} to {@code 1 / (1 + exp(a * logit(q) + b))},
 * fitted by maximum likelihood on held-out rows (with Platt's smoothed targets so that a perfectly
 * separated holdout does not drive the map to 0 and 1).
 *
 * @param a slope on the logit (negative when higher raw scores mean more failures)
 * @param b offset
 */
public record Calibration(double a, double b) {

    private static final double EPS = 1e-6;

    /** The identity map. */
    public static Calibration identity() {
        return new Calibration(-1, 0);
    }

    public double apply(double raw) {
        double q = Math.min(1 - EPS, Math.max(EPS, raw));
        double z = a * Math.log(q / (1 - q)) + b;
        return 1 / (1 + Math.exp(z));
    }

    /**
     * Fits on raw probabilities and their 0/1 outcomes; returns the identity when there are no positives
     * or no negatives to calibrate on.
     */
    public static Calibration fit(double[] raw, boolean[] positive) {
        int n = raw.length;
        int pos = 0;
        for (boolean p : positive) {
            pos += p ? 1 : 0;
        }
        int neg = n - pos;
        if (pos == 0 || neg == 0) {
            return identity();
        }
        double hi = (pos + 1.0) / (pos + 2.0);
        double lo = 1.0 / (neg + 2.0);
        double[] f = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, raw[i]));
            f[i] = Math.log(q / (1 - q));
            t[i] = positive[i] ? hi : lo;
        }
        // Newton's method with backtracking on the negative log-likelihood (Lin, Lin and Weng 2007).
        double a = 0;
        double b = Math.log((neg + 1.0) / (pos + 1.0));
        double sigma = 1e-12;
        double fval = nll(f, t, a, b);
        for (int it = 0; it < 100; it++) {
            double h11 = sigma;
            double h22 = sigma;
            double h21 = 0;
            double g1 = 0;
            double g2 = 0;
            for (int i = 0; i < n; i++) {
                double z = f[i] * a + b;
                double p;
                double q;
                if (z >= 0) {
                    p = Math.exp(-z) / (1 + Math.exp(-z));
                    q = 1 / (1 + Math.exp(-z));
                } else {
                    p = 1 / (1 + Math.exp(z));
                    q = Math.exp(z) / (1 + Math.exp(z));
                }
                double d2 = p * q;
                h11 += f[i] * f[i] * d2;
                h22 += d2;
                h21 += f[i] * d2;
                double d1 = t[i] - p;
                g1 += f[i] * d1;
                g2 += d1;
            }
            if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) {
                break;
            }
            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det;
            double db = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * da + g2 * db;
            double step = 1;
            boolean moved = false;
            while (step >= 1e-10) {
                double na = a + step * da;
                double nb = b + step * db;
                double nf = nll(f, t, na, nb);
                if (nf < fval + 1e-4 * step * gd) {
                    a = na;
                    b = nb;
                    fval = nf;
                    moved = true;
                    break;
                }
                step /= 2;
            }
            if (!moved) {
                break;
            }
        }
        return new Calibration(a, b);
    }

    private static double nll(double[] f, double[] t, double a, double b) {
        double s = 0;
        for (int i = 0; i < f.length; i++) {
            double z = f[i] * a + b;
            s += z >= 0 ? t[i] * z + Math.log1p(Math.exp(-z)) : (t[i] - 1) * z + Math.log1p(Math.exp(z));
        }
        return s;
    }
}
