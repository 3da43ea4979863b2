package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.model.ComponentHealth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalExplainerTest {

    private static final Inputs INPUTS = new Inputs(List.of("bearing-temp"), List.of("wheel-motor-right"),
            List.of("machine/operating-hours"));
    private static final List<String> FEATURES = List.of(
            "bearing-temp.mean_6", "bearing-temp.slope_6",
            "bearing-temp-vs-peers.mean_6",
            "operating-hours-since-renewal.last", "operating-hours-since-renewal.slope_6",
            "operating-hours-since-renewal.std_6");

    private static SignalExplainer explainer(double... importance) {
        double[] mean = new double[FEATURES.size()];
        double[] sd = new double[FEATURES.size()];
        java.util.Arrays.fill(sd, 1);
        return new SignalExplainer("wheel-motor-left", INPUTS, Duration.ofHours(1), FeatureSpec.all(6), FEATURES,
                importance, mean, sd);
    }

    @Test
    void aCountersTrendIsWordedAsDutyNeverAsATrend() {
        SignalExplainer e = explainer(0, 0, 0, 0, 1, 0);
        List<ComponentHealth.Signal> s = e.explain(new double[] {0, 0, 0, 0, -3, 0}, 5);
        assertEquals(1, s.size());
        String label = s.get(0).label();
        assertEquals("wheel-motor-left: duty over the last 6 h (operating-hours accrued), quieter than usual", label);
        assertFalse(label.contains("trend"), label);
    }

    @Test
    void everyFeatureOfACounterIsOneSignalOfRunningTime() {
        SignalExplainer e = explainer(0.1, 0, 0, 0.3, 0.3, 0.3);
        List<ComponentHealth.Signal> s = e.explain(new double[] {1, 0, 0, 2, 2, 2}, 5);
        assertEquals(2, s.size(), "the three counter features are one signal; the temperature is another: " + s);
        assertEquals("wheel-motor-left: running time since the last renewal, longer than usual for this component",
                s.get(0).label(), "the strongest counter feature is its level: " + s);
        assertEquals(1.8 / 1.9, s.get(0).weight(), 1e-9);
        assertEquals(0.1 / 1.9, s.get(1).weight(), 1e-9);
    }

    @Test
    void featuresOfOneChannelAreOneSignalWordedByTheStrongest() {
        SignalExplainer e = explainer(0.5, 0.5, 0.2, 0, 0, 0);
        List<ComponentHealth.Signal> s = e.explain(new double[] {1, 4, 3, 0, 0, 0}, 5);
        assertEquals(2, s.size(), s.toString());
        assertEquals("wheel-motor-left bearing-temp: trend over 6 h, above normal", s.get(0).label());
        assertEquals("wheel-motor-left.bearing-temp.slope_6", s.get(0).feature());
        assertEquals("wheel-motor-left bearing-temp against wheel-motor-right: mean over 6 h, above normal",
                s.get(1).label());
        double sum = s.stream().mapToDouble(ComponentHealth.Signal::weight).sum();
        assertTrue(sum <= 1 + 1e-9, "weights sum to at most 1: " + sum);
    }

    @Test
    void groupsFollowThePhysicalSignal() {
        assertEquals(SignalExplainer.AGE, SignalExplainer.group("age"));
        assertEquals(SignalExplainer.AGE, SignalExplainer.group("cycles-since-renewal.mean_24"));
        assertEquals("bearing-temp-vs-peers", SignalExplainer.group("bearing-temp-vs-peers.band_0"));
        assertEquals("bearing-temp", SignalExplainer.group("bearing-temp.last"));
    }
}
