package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.LimitState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifePriorTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final List<Horizon> HORIZONS = List.of(Horizon.parse("72h"), Horizon.parse("7d"));

    @Test
    void exponentialLivesHaveNoMemory() {
        // Shape 1: the chance of failing in the next week is the same at any age.
        var prior = new LifePrior(1.0, 10_000, "test");
        double young = prior.failureProbability(10, 168, 1);
        double old = prior.failureProbability(50_000, 168, 1);
        assertEquals(1 - Math.exp(-168 / 10_000.0), young, 1e-12);
        assertEquals(young, old, 1e-9);
        // Median residual life is scale * ln 2 at any age.
        assertEquals(10_000 * Math.log(2), prior.residualQuantile(3_000, 0.5, 1), 1e-6);
    }

    @Test
    void wearOutMakesOldPartsRiskierAndShortensTheirRemainingLife() {
        var prior = new LifePrior(2.5, 40_000, "test");
        assertTrue(prior.failureProbability(45_000, 168, 1) > 5 * prior.failureProbability(5_000, 168, 1));
        assertTrue(prior.residualQuantile(45_000, 0.5, 1) < prior.residualQuantile(5_000, 0.5, 1));
        // Closed form: 1 - R(a + h) / R(a).
        double a = 30_000;
        double h = 72;
        double expected = 1 - Math.exp(-Math.pow((a + h) / 40_000, 2.5)) / Math.exp(-Math.pow(a / 40_000, 2.5));
        assertEquals(expected, prior.failureProbability(a, h, 1), 1e-12);
        // The median residual life solves P(fail within t) = 0.5.
        double t = prior.residualQuantile(a, 0.5, 1);
        assertEquals(0.5, prior.failureProbability(a, t, 1), 1e-9);
    }

    @Test
    void equilibriumResidualLifeOfAPartOfUnknownAgeHasTheRenewalMean() {
        // For exponential lives the equilibrium residual life is the same exponential.
        var exp = new LifePrior(1.0, 1_000, "test");
        assertEquals(1 - Math.exp(-0.5), exp.equilibriumFailureProbability(500, 1), 1e-6);
        // For wear-out parts it is shorter than a new part's life but not zero.
        var wear = new LifePrior(3.0, 2_200, "test");
        double median = wear.equilibriumResidualQuantile(0.5, 1);
        assertTrue(median > 300 && median < wear.residualQuantile(0, 0.5, 1), "median " + median);
        assertEquals(0.5, wear.equilibriumFailureProbability(median, 1), 1e-6);
        assertTrue(wear.knownAge(4_000));
        assertFalse(wear.knownAge(92_000));
    }

    @Test
    void aForecastFromThePriorSaysSoAndRaisesAtMostAWatch() {
        var prior = new LifePrior(2.0, 1_000, "declared in the asset type");
        // Far past its characteristic life and with a channel at its alarm limit: very likely to fail soon.
        ComponentHealth h = prior.forecast(NOW, 3_000, "the last renewal", HORIZONS,
                List.of(new LifePrior.ChannelCondition("winding-temp", LimitState.HIGH_ALARM),
                        new LifePrior.ChannelCondition("current", LimitState.NORMAL)),
                AlertLevel.OK, AlertPolicy.defaults());
        assertEquals(ComponentHealth.Basis.PRIOR, h.basis());
        assertEquals(AlertLevel.WATCH, h.alert(), "a prior alone does not warn");
        assertEquals(100 - LifePrior.ALARM_PENALTY, h.score(), 1e-9);
        assertTrue(h.probability("7d").orElseThrow() > 0.9, h.toString());
        assertTrue(h.modelVersion().startsWith("prior: Weibull shape 2.00, scale 1000 h"), h.modelVersion());
        assertEquals("prior.age", h.topSignals().get(0).feature());
        assertTrue(h.topSignals().get(0).label().contains("against a typical life of 1,000 h"),
                h.topSignals().get(0).label());
        assertEquals("winding-temp at its high alarm limit", h.topSignals().get(1).label());
        var rul = h.rul().orElseThrow();
        assertTrue(rul.lowerHours() <= rul.hours() && rul.hours() <= rul.upperHours(), rul.toString());

        // A young part with quiet channels: full health, low risk, no alert.
        ComponentHealth young = prior.forecast(NOW, 10, "the last renewal", HORIZONS, List.of(), AlertLevel.OK,
                AlertPolicy.defaults());
        assertEquals(100, young.score());
        assertEquals(AlertLevel.OK, young.alert());
        assertTrue(young.probability("72h").orElseThrow() < 0.01);
        assertTrue(young.rul().orElseThrow().hours() > 500);
    }

    @Test
    void aPartOfUnknownAgeIsForecastFromTheEquilibrium() {
        var prior = new LifePrior(4.0, 2_200, "declared in the asset type");
        ComponentHealth h = prior.forecast(NOW, Double.NaN, "commissioning", HORIZONS, List.of(), AlertLevel.OK,
                AlertPolicy.defaults());
        assertTrue(h.topSignals().get(0).label().startsWith("age unknown (no renewal on record since commissioning)"),
                h.topSignals().get(0).label());
        double p7d = h.probability("7d").orElseThrow();
        assertEquals(prior.equilibriumFailureProbability(168, 1), p7d, 1e-4);
        assertTrue(p7d > 0.05 && p7d < 0.2, "p7d " + p7d);
    }
}
