package io.minetwin.analytics.rul;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.model.SeriesKey;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the remaining-useful-life pipeline turns a component's history into a model.
 *
 * @param component      the component whose life is modelled, e.g. {@code engine} or {@code hoist-motor}
 * @param step           the grid the channels are aligned on; RUL is counted in steps
 * @param regimeChannels operating-setting channels that define regimes (not used as signals)
 * @param maxRegimes     the most operating regimes to look for (1: plain standardisation)
 * @param features       the window features
 * @param cap            the piecewise-linear target's ceiling, in steps (e.g. 125 cycles)
 * @param trainer        hyperparameters of the regressor
 * @param seed           seeds regime clustering, row sampling and the trees
 */
public record RulConfig(String component, Duration step, List<String> regimeChannels, int maxRegimes,
                        FeatureSpec features, double cap, TrainerSettings trainer, long seed) {

    public RulConfig {
        SeriesKey.requireIdentifier("component", component);
        Objects.requireNonNull(step, "step");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        regimeChannels = List.copyOf(regimeChannels);
        if (maxRegimes < 1) {
            throw new IllegalArgumentException("maxRegimes must be at least 1, got " + maxRegimes);
        }
        Objects.requireNonNull(features, "features");
        if (!(cap > 0)) {
            throw new IllegalArgumentException("the RUL cap must be positive, got " + cap);
        }
        Objects.requireNonNull(trainer, "trainer");
    }

    public RulConfig withTrainer(TrainerSettings value) {
        return new RulConfig(component, step, regimeChannels, maxRegimes, features, cap, value, seed);
    }

    public RulConfig withCap(double value) {
        return new RulConfig(component, step, regimeChannels, maxRegimes, features, value, trainer, seed);
    }

    public RulConfig withFeatures(FeatureSpec value) {
        return new RulConfig(component, step, regimeChannels, maxRegimes, value, cap, trainer, seed);
    }
}
