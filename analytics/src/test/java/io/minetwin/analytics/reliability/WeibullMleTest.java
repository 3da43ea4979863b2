package io.minetwin.analytics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class WeibullMleTest {

    /** {@code n} lives drawn from Weibull(beta, eta), each censored at a uniform time in (0, censorAt). */
    static List<Observation> sample(long seed, int n, double beta, double eta, double censorAt) {
        RandomGenerator rng = new Well19937c(seed);
        WeibullDistribution life = new WeibullDistribution(rng, beta, eta);
        UniformRealDistribution censor = new UniformRealDistribution(rng, 0, censorAt);
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = life.sample();
            double c = censor.sample();
            out.add(t <= c ? Observation.failure(t) : Observation.censored(c));
        }
        return out;
    }

    /** The log-likelihood of {@code obs} at (beta, eta), written out independently of the fitter. */
    static double logLikelihood(List<Observation> obs, double beta, double eta) {
        WeibullDistribution d = new WeibullDistribution(null, beta, eta);
        double ll = 0;
        for (Observation o : obs) {
            ll += o.failure() ? d.logDensity(o.hours()) : Math.log1p(-d.cumulativeProbability(o.hours()));
        }
        return ll;
    }

    @Test
    void recoversWearOutParametersFromCensoredSamplesWithinTheInterval() {
        List<Observation> obs = sample(7, 400, 2.5, 1_000, 2_000);
        WeibullFit fit = WeibullMle.fit(obs, 0.90);
        long censored = obs.stream().filter(o -> !o.failure()).count();
        assertTrue(censored > 100, "the sample must be heavily censored to test censoring: " + censored);
        assertEquals(censored, fit.censored());
        assertTrue(fit.shape().contains(2.5), "beta " + fit.shape());
        assertTrue(fit.scale().contains(1_000), "eta " + fit.scale());
        double trueMean = new WeibullDistribution(null, 2.5, 1_000).getNumericalMean();
        assertTrue(fit.mean().contains(trueMean), "MTBF " + fit.mean() + " vs " + trueMean);
        double trueB10 = 1_000 * Math.pow(-Math.log(0.9), 1 / 2.5);
        assertTrue(fit.b10().contains(trueB10), "B10 " + fit.b10() + " vs " + trueB10);
        assertEquals(WeibullFit.Pattern.WEAR_OUT, fit.pattern());
    }

    @Test
    void tellsRandomAndEarlyLifeFailuresFromWearOut() {
        assertEquals(WeibullFit.Pattern.RANDOM, WeibullMle.fit(sample(11, 300, 1.0, 500, 1_500), 0.90).pattern());
        assertEquals(WeibullFit.Pattern.EARLY_LIFE, WeibullMle.fit(sample(12, 300, 0.6, 500, 1_500), 0.90).pattern());
    }

    @Test
    void ignoringCensoringWouldBiasTheScaleDown() {
        List<Observation> obs = sample(1, 400, 2.0, 1_000, 1_500);
        List<Observation> failuresOnly = obs.stream().filter(Observation::failure).toList();
        WeibullFit withCensoring = WeibullMle.fit(obs, 0.9);
        double withoutCensoring = WeibullMle.fit(failuresOnly, 0.9).scale().value();
        assertTrue(withCensoring.scale().contains(1_000), "eta " + withCensoring.scale());
        assertTrue(withoutCensoring < 800, "failures alone understate eta: " + withoutCensoring);
    }

    @Test
    void theEstimateMaximisesTheLikelihood() {
        List<Observation> obs = sample(5, 60, 1.7, 300, 600);
        WeibullFit fit = WeibullMle.fit(obs, 0.9);
        double beta = fit.shape().value();
        double eta = fit.scale().value();
        double best = logLikelihood(obs, beta, eta);
        assertEquals(best, fit.logLikelihood(), 1e-6 * Math.abs(best));
        for (double db : new double[] {-0.01, 0.01}) {
            for (double de : new double[] {-0.01, 0, 0.01}) {
                assertTrue(logLikelihood(obs, beta * (1 + db), eta * (1 + de)) < best,
                        "a neighbour of the estimate has a higher likelihood");
            }
        }
        assertTrue(logLikelihood(obs, beta, eta * 1.01) < best);
        assertTrue(logLikelihood(obs, beta, eta * 0.99) < best);
    }

    @Test
    void intervalsCoverTheTrueShapeAtAboutTheirConfidence() {
        int runs = 400;
        int covered = 0;
        int coveredMean = 0;
        int coveredScale = 0;
        double trueMean = new WeibullDistribution(null, 1.8, 400).getNumericalMean();
        for (int run = 0; run < runs; run++) {
            WeibullFit fit = WeibullMle.fit(sample(1_000 + run, 80, 1.8, 400, 900), 0.90);
            covered += fit.shape().contains(1.8) ? 1 : 0;
            coveredMean += fit.mean().contains(trueMean) ? 1 : 0;
            coveredScale += fit.scale().contains(400) ? 1 : 0;
        }
        double coverage = covered / (double) runs;
        double meanCoverage = coveredMean / (double) runs;
        assertTrue(coverage > 0.85 && coverage < 0.95, "90% intervals of beta covered it in " + coverage);
        double scaleCoverage = coveredScale / (double) runs;
        assertTrue(scaleCoverage > 0.85 && scaleCoverage < 0.95, "90% intervals of eta covered it in "
                + scaleCoverage);
        assertTrue(meanCoverage > 0.85 && meanCoverage < 0.95, "90% intervals of the MTBF covered it in "
                + meanCoverage);
    }

    @Test
    void likelihoodRatioIntervalsCoverAtAboutTheirConfidence() {
        int runs = 200;
        int shape = 0;
        int scale = 0;
        int mean = 0;
        double trueMean = new WeibullDistribution(null, 1.8, 400).getNumericalMean();
        for (int run = 0; run < runs; run++) {
            WeibullFit fit = WeibullMle.fit(sample(5_000 + run, 40, 1.8, 400, 900), 0.90,
                    WeibullMle.IntervalMethod.LIKELIHOOD_RATIO);
            shape += fit.shape().contains(1.8) ? 1 : 0;
            scale += fit.scale().contains(400) ? 1 : 0;
            mean += fit.mean().contains(trueMean) ? 1 : 0;
        }
        for (int covered : new int[] {shape, scale, mean}) {
            double coverage = covered / (double) runs;
            assertTrue(coverage > 0.84 && coverage < 0.96, "90% likelihood-ratio intervals covered in " + coverage
                    + " (shape, scale, mean: " + shape + ", " + scale + ", " + mean + " of " + runs + ")");
        }
    }

    @Test
    void likelihoodRatioBoundsAreWhereTheLikelihoodDropsByHalfTheChiSquaredQuantile() {
        List<Observation> obs = sample(21, 30, 2.0, 100, 150);
        WeibullFit fit = WeibullMle.fit(obs, 0.90, WeibullMle.IntervalMethod.LIKELIHOOD_RATIO);
        assertEquals(WeibullMle.IntervalMethod.LIKELIHOOD_RATIO, fit.method());
        double crit = 2.705543454095404; // chi-squared(1) 90 % quantile
        // At a bound of eta, the best beta gives exactly the critical drop.
        for (double eta : new double[] {fit.scale().lower(), fit.scale().upper()}) {
            double bestThere = Double.NEGATIVE_INFINITY;
            for (double beta = 0.5; beta < 6; beta += 0.0005) {
                bestThere = Math.max(bestThere, logLikelihood(obs, beta, eta));
            }
            assertEquals(crit, 2 * (fit.logLikelihood() - bestThere), 1e-3, "eta bound " + eta);
        }
        WeibullFit fisher = WeibullMle.fit(obs, 0.90);
        assertEquals(fisher.shape().value(), fit.shape().value(), 1e-12);
    }

    @Test
    void withFewFailuresLikelihoodRatioIntervalsCoverBetterThanWaldOnes() {
        int runs = 400;
        int wald = 0;
        int lr = 0;
        int fitted = 0;
        for (int run = 0; run < runs; run++) {
            List<Observation> obs = sample(9_000 + run, 8, 2.0, 100, 150);
            if (obs.stream().filter(Observation::failure).count() < 2) {
                continue;
            }
            try {
                wald += WeibullMle.fit(obs, 0.9).shape().contains(2.0) ? 1 : 0;
                lr += WeibullMle.fit(obs, 0.9, WeibullMle.IntervalMethod.LIKELIHOOD_RATIO).shape().contains(2.0) ? 1 : 0;
                fitted++;
            } catch (IllegalArgumentException e) {
                // all failures at one age: no fit either way
            }
        }
        assertTrue(lr > wald, "likelihood-ratio covered beta in " + lr + " of " + fitted + ", Wald in " + wald);
        // Eight units and about four failures: both fall short of 90 % (beta's estimate is biased up),
        // the likelihood-ratio interval less so (about 81 % against 79 % here).
        assertTrue(lr / (double) fitted > 0.78, "likelihood-ratio coverage " + lr + " of " + fitted);
    }

    @Test
    void aHigherConfidenceGivesAWiderInterval() {
        List<Observation> obs = sample(9, 50, 2, 100, 200);
        WeibullFit narrow = WeibullMle.fit(obs, 0.80);
        WeibullFit wide = WeibullMle.fit(obs, 0.95);
        assertEquals(narrow.shape().value(), wide.shape().value(), 1e-12);
        assertTrue(wide.shape().lower() < narrow.shape().lower() && wide.shape().upper() > narrow.shape().upper());
    }

    @Test
    void badSamplesAreRefusedWithTheReason() {
        var one = assertThrows(IllegalArgumentException.class, () -> WeibullMle.fit(
                List.of(Observation.failure(10), Observation.censored(20), Observation.censored(30)), 0.9));
        assertTrue(one.getMessage().contains("at least 2 failures; the sample has 1"), one.getMessage());
        var same = assertThrows(IllegalArgumentException.class, () -> WeibullMle.fit(
                List.of(Observation.failure(10), Observation.failure(10), Observation.censored(5)), 0.9));
        assertTrue(same.getMessage().contains("same age"), same.getMessage());
        var level = assertThrows(IllegalArgumentException.class, () -> WeibullMle.fit(
                List.of(Observation.failure(10), Observation.failure(20)), 90));
        assertTrue(level.getMessage().contains("between 0 and 1"), level.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Observation.failure(0));
    }
}
