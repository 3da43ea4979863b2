package io.minetwin.analytics.reliability;

import java.util.List;
import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.special.Gamma;

/**
 * Maximum-likelihood fit of a two-parameter Weibull distribution to right-censored times, with
 * confidence intervals from the observed Fisher information.
 *
 * <p>Method: for a fixed shape beta the likelihood is maximised by
 * {@code eta^beta = sum(t^beta) / r} (r failures, the sum over every observation, failed or censored),
 * so the estimate is the root of the profile score in beta,
 * {@code sum(t^beta ln t) / sum(t^beta) - 1/beta - mean(ln t over failures) = 0}, which rises
 * monotonically and is solved with Commons Math's {@link BrentSolver}. Times are divided by the
 * largest before powers are taken, so large shapes cannot overflow.
 *
 * <p>Intervals: the observed information is taken in {@code (ln beta, ln eta)}, where the likelihood is
 * closer to quadratic and the intervals stay positive; its inverse is the covariance, and Wald intervals
 * on the log scale are mapped back with {@code exp}. The mean life (MTBF) and B10 life get theirs by the
 * delta method on the same scale. With few failures these intervals are approximate (too narrow below
 * about ten failures). {@link IntervalMethod#LIKELIHOOD_RATIO} instead takes every value whose profile
 * likelihood stays within half the chi-squared(1) quantile of the maximum (the profile over eta is in
 * closed form, over beta by Commons Math's {@link BrentOptimizer}); it follows the likelihood's real,
 * skewed shape and covers better with few failures.
 */
public final class WeibullMle {

    /** The fewest failures a fit needs; with one, beta and eta cannot both be estimated. */
    public static final int MIN_FAILURES = 2;
    /** The confidence level used when none is given. */
    public static final double DEFAULT_CONFIDENCE = 0.90;

    /** How the confidence intervals are computed. */
    public enum IntervalMethod {
        /** Wald intervals on the log scale from the observed Fisher information: quick, symmetric in logs. */
        FISHER("fisher"),
        /**
         * Likelihood-ratio (profile likelihood) intervals: follow the likelihood's real shape, so they
         * are wider and more honest with few failures; a bound the data never reach is 0 or infinity.
         */
        LIKELIHOOD_RATIO("lr");

        private final String id;

        IntervalMethod(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private static final double MAX_SHAPE = 1_000;
    private static final double MIN_SHAPE = 1e-3;

    private WeibullMle() {
    }

    /**
     * Fits {@code observations}.
     *
     * @param confidence two-sided confidence level of the intervals, in (0, 1), e.g. 0.90
     * @throws IllegalArgumentException with fewer than {@link #MIN_FAILURES} failures, or when the
     *                                  data do not bound the shape (every failure at the same age, and
     *                                  no observation longer), or for a confidence outside (0, 1)
     */
    public static WeibullFit fit(List<Observation> observations, double confidence) {
        return fit(observations, confidence, IntervalMethod.FISHER);
    }

    /**
     * Fits {@code observations} with intervals by {@code method}.
     *
     * @param confidence two-sided confidence level of the intervals, in (0, 1), e.g. 0.90
     * @throws IllegalArgumentException as {@link #fit(List, double)}
     */
    public static WeibullFit fit(List<Observation> observations, double confidence, IntervalMethod method) {
        java.util.Objects.requireNonNull(method, "method");
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " must lie strictly between 0 and 1,"
                    + " e.g. 0.90");
        }
        int n = observations.size();
        int r = (int) observations.stream().filter(Observation::failure).count();
        if (r < MIN_FAILURES) {
            throw new IllegalArgumentException("a Weibull fit needs at least " + MIN_FAILURES + " failures; the"
                    + " sample has " + r);
        }
        double tMax = observations.stream().mapToDouble(Observation::hours).max().orElseThrow();
        double[] x = new double[n];
        boolean[] failed = new boolean[n];
        double sumLogFailed = 0;
        for (int i = 0; i < n; i++) {
            Observation o = observations.get(i);
            x[i] = Math.log(o.hours() / tMax);
            failed[i] = o.failure();
            if (failed[i]) {
                sumLogFailed += x[i];
            }
        }
        double meanLogFailed = sumLogFailed / r;
        UnivariateFunction score = beta -> {
            double s0 = 0;
            double s1 = 0;
            for (double xi : x) {
                double w = Math.exp(beta * xi);
                s0 += w;
                s1 += w * xi;
            }
            return s1 / s0 - 1 / beta - meanLogFailed;
        };
        double hi = 1;
        while (score.value(hi) <= 0) {
            hi *= 2;
            if (hi > MAX_SHAPE) {
                throw new IllegalArgumentException("the shape cannot be estimated: all " + r + " failures happened"
                        + " at the same age (" + tMax + " h) and nothing survived longer; the data fit any"
                        + " steep wear-out curve");
            }
        }
        double lo = hi / 2;
        while (lo > MIN_SHAPE && score.value(lo) >= 0) {
            lo /= 2;
        }
        double beta;
        try {
            beta = new BrentSolver(1e-12, 1e-10).solve(10_000, score, lo, hi);
        } catch (MathIllegalArgumentException e) {
            throw new IllegalArgumentException("the shape cannot be estimated from these times (it would be below "
                    + MIN_SHAPE + ")", e);
        }

        double s0 = 0;
        for (double xi : x) {
            s0 += Math.exp(beta * xi);
        }
        double logEta = Math.log(tMax) + Math.log(s0 / r) / beta;
        double eta = Math.exp(logEta);

        // Observed information in (b = ln beta, u = ln eta), with z = ln(t / eta).
        double sumE = 0;
        double sumZE = 0;
        double sumZZE = 0;
        double sumZFailed = 0;
        double logLik = 0;
        for (int i = 0; i < n; i++) {
            double z = x[i] + Math.log(tMax) - logEta;
            double e = Math.exp(beta * z);
            sumE += e;
            sumZE += z * e;
            sumZZE += z * z * e;
            if (failed[i]) {
                sumZFailed += z;
                logLik += Math.log(beta) - logEta + (beta - 1) * z;
            }
            logLik -= e;
        }
        double iBB = -beta * sumZFailed + beta * sumZE + beta * beta * sumZZE;
        double iBU = r * beta - beta * sumE - beta * beta * sumZE;
        double iUU = beta * beta * sumE;
        RealMatrix info = new Array2DRowRealMatrix(new double[][] {{iBB, iBU}, {iBU, iUU}});
        LUDecomposition lu = new LUDecomposition(info);
        if (!lu.getSolver().isNonSingular() || lu.getDeterminant() <= 0) {
            throw new IllegalArgumentException("the likelihood is flat at the estimate (beta " + beta + ", eta "
                    + eta + " h); the times do not support a Weibull fit");
        }
        RealMatrix cov = lu.getSolver().getInverse();
        double zq = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);

        double logBeta = Math.log(beta);
        WeibullFit.Estimate shape = logNormal(logBeta, cov, new double[] {1, 0}, zq);
        WeibullFit.Estimate scale = logNormal(logEta, cov, new double[] {0, 1}, zq);
        double logMean = logEta + Gamma.logGamma(1 + 1 / beta);
        WeibullFit.Estimate mean = logNormal(logMean, cov, new double[] {-Gamma.digamma(1 + 1 / beta) / beta, 1}, zq);
        final double logB10Factor = Math.log(-Math.log(0.9));
        WeibullFit.Estimate b10 = logNormal(logEta + logB10Factor / beta, cov,
                new double[] {-logB10Factor / beta, 1}, zq);
        if (method == IntervalMethod.LIKELIHOOD_RATIO) {
            Profile profile = new Profile(x, failed, r, Math.log(tMax), logLik, logBeta,
                    new ChiSquaredDistribution(null, 1).inverseCumulativeProbability(confidence));
            shape = profile.shape();
            scale = profile.life(logEta, b -> 0);
            mean = profile.life(logMean, b -> -Gamma.logGamma(1 + Math.exp(-b)));
            b10 = profile.life(Math.log(b10.value()), b -> -logB10Factor * Math.exp(-b));
        }
        return new WeibullFit(confidence, method, r, n - r, shape, scale, mean, b10, logLik);
    }

    /**
     * Likelihood-ratio intervals: every value whose profile log-likelihood lies within half the
     * chi-squared(1) quantile of the maximum. A bound that the data never reach is 0 or infinity.
     */
    private static final class Profile {
        private static final double MAX_STEP = 40;
        private final double[] x;
        private final boolean[] failed;
        private final int r;
        private final double logTMax;
        private final double best;
        private final double logBeta;
        private final double crit;

        Profile(double[] x, boolean[] failed, int r, double logTMax, double best, double logBeta, double crit) {
            this.x = x;
            this.failed = failed;
            this.r = r;
            this.logTMax = logTMax;
            this.best = best;
            this.logBeta = logBeta;
            this.crit = crit;
        }

        /** The log-likelihood at {@code (beta, eta)}, times in hours. */
        double at(double beta, double logEta) {
            double ll = 0;
            double lb = Math.log(beta);
            for (int i = 0; i < x.length; i++) {
                double z = x[i] + logTMax - logEta;
                if (failed[i]) {
                    ll += lb - logEta + (beta - 1) * z;
                }
                ll -= Math.exp(beta * z);
            }
            return Double.isNaN(ll) ? Double.NEGATIVE_INFINITY : ll;
        }

        /** The interval of beta, whose profile maximises over eta in closed form. */
        WeibullFit.Estimate shape() {
            UnivariateFunction deficit = b -> {
                double beta = Math.exp(b);
                double s0 = 0;
                for (double xi : x) {
                    s0 += Math.exp(beta * xi);
                }
                return 2 * (best - at(beta, logTMax + Math.log(s0 / r) / beta)) - crit;
            };
            return interval(logBeta, deficit);
        }

        /**
         * The interval of a life {@code q} with {@code ln eta = ln q + offset(ln beta)}: the profile
         * maximises over beta for each q.
         */
        WeibullFit.Estimate life(double logValue, java.util.function.DoubleUnaryOperator offset) {
            BrentOptimizer optimizer = new BrentOptimizer(1e-10, 1e-12);
            UnivariateFunction deficit = logQ -> {
                UnivariateFunction ll = b -> at(Math.exp(b), logQ + offset.applyAsDouble(b));
                double max = optimizer.optimize(new MaxEval(10_000), new UnivariateObjectiveFunction(ll),
                        GoalType.MAXIMIZE, new SearchInterval(logBeta - 8, logBeta + 8, logBeta)).getValue();
                return 2 * (best - max) - crit;
            };
            return interval(logValue, deficit);
        }

        /** exp of the interval where {@code deficit} (negative at {@code center}) stays below 0. */
        private static WeibullFit.Estimate interval(double center, UnivariateFunction deficit) {
            // Far out the likelihood underflows to -infinity; a large finite deficit keeps the root finder exact.
            UnivariateFunction finite = v -> {
                double d = deficit.value(v);
                return Double.isNaN(d) || d > 1e9 ? 1e9 : d;
            };
            return new WeibullFit.Estimate(Math.exp(center), Math.exp(bound(center, finite, -1)),
                    Math.exp(bound(center, finite, 1)));
        }

        private static double bound(double center, UnivariateFunction deficit, int direction) {
            double inside = center;
            double step = 0.05;
            while (step <= MAX_STEP) {
                double outside = center + direction * step;
                if (deficit.value(outside) > 0) {
                    double lo = Math.min(inside, outside);
                    double hi = Math.max(inside, outside);
                    return new BrentSolver(1e-10, 1e-12).solve(10_000, deficit, lo, hi);
                }
                inside = outside;
                step *= 2;
            }
            return direction * Double.POSITIVE_INFINITY;
        }
    }

    /** exp of a normal interval for {@code g . (ln beta, ln eta)} centred on {@code logValue}. */
    private static WeibullFit.Estimate logNormal(double logValue, RealMatrix cov, double[] g, double zq) {
        double var = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                var += g[i] * cov.getEntry(i, j) * g[j];
            }
        }
        double sd = Math.sqrt(Math.max(var, 0));
        return new WeibullFit.Estimate(Math.exp(logValue), Math.exp(logValue - zq * sd), Math.exp(logValue + zq * sd));
    }
}
