package io.minetwin.analytics.forecast;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * How component forecasts are trained and scored.
 *
 * @param step           the grid history is aligned on (one row per step with data), e.g. 1 hour
 * @param horizons       failure horizons, shortest first, e.g. 72h and 7d
 * @param rulCap         the remaining-useful-life target is capped here (piecewise-linear target)
 * @param features       window features over the grid (windows in rows)
 * @param regimeChannels channels of the component that set the operating regime (not used as signals)
 * @param maxRegimes     most operating regimes to learn (1: plain standardisation per channel)
 * @param trainer        the Tribuo trainer for the classifiers and the regressor
 * @param negativeStride keep every n-th row far from any failure for training (rows within twice the
 *                       longest horizon of a failure are all kept), to balance the classes and the cost
 * @param scoreEvery     how often a backtest scores each component (the live scorer has its own period)
 * @param alerts         alert thresholds and hysteresis
 * @param minFailures    fewest failures in the training data for a component to get models
 * @param seed           seeds splits, sampling and the trainers
 * @param peers          compare each component with its peers (components of the same machine with the same
 *                       channels) as well as with itself: see {@link io.minetwin.analytics.features.Inputs}
 * @param dutyCounters   cumulative counters of the machine read by every component of an asset type that has
 *                       them, as {@code component/channel} (e.g. {@code machine/operating-hours}): the work
 *                       done since the component's last renewal
 */
public record ForecastConfig(Duration step, List<Horizon> horizons, Duration rulCap, FeatureSpec features,
                             List<String> regimeChannels, int maxRegimes, TrainerKind trainer, int negativeStride,
                             Duration scoreEvery, AlertPolicy alerts, int minFailures, long seed, boolean peers,
                             List<String> dutyCounters) {

    public ForecastConfig {
        Objects.requireNonNull(step, "step");
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the forecast step must be positive, got " + step);
        }
        var sorted = new ArrayList<>(horizons);
        sorted.sort(null);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("give at least one forecast horizon, e.g. 72h");
        }
        for (Horizon h : sorted) {
            if (h.length().compareTo(step) < 0) {
                throw new IllegalArgumentException("horizon " + h + " is shorter than the step " + step);
            }
        }
        horizons = List.copyOf(sorted);
        Objects.requireNonNull(rulCap, "rulCap");
        Objects.requireNonNull(features, "features");
        regimeChannels = List.copyOf(regimeChannels);
        if (maxRegimes < 1 || negativeStride < 1 || minFailures < 1) {
            throw new IllegalArgumentException("maxRegimes, negativeStride and minFailures must be at least 1");
        }
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(scoreEvery, "scoreEvery");
        Objects.requireNonNull(alerts, "alerts");
        dutyCounters = List.copyOf(dutyCounters);
        dutyCounters.forEach(io.minetwin.analytics.features.Inputs::checkCounter);
    }

    /**
     * Hourly rows; horizons 72 h and 7 days; RUL capped at 30 days; mean, standard deviation, maximum,
     * slope and RMS over 6 h, 24 h and 7 days with drift from the component's own baseline; gradient
     * boosted trees; a backtest scores every 6 hours; peers compared; the machine's operating hours and work
     * cycles since renewal as duty.
     */
    public static ForecastConfig defaults() {
        return new ForecastConfig(Duration.ofHours(1), List.of(Horizon.parse("72h"), Horizon.parse("7d")),
                Duration.ofDays(30),
                new FeatureSpec(List.of(6, 24, 168), EnumSet.of(Stat.MEAN, Stat.STD, Stat.MAX, Stat.SLOPE), true),
                List.of(), 1, TrainerKind.XGBOOST, 6, Duration.ofHours(6), AlertPolicy.defaults(), 3, 1, true,
                List.of("machine/operating-hours", "machine/cycles"));
    }

    public Horizon shortest() {
        return horizons.get(0);
    }

    public Horizon longest() {
        return horizons.get(horizons.size() - 1);
    }

    /** {@code d} in steps. */
    public double steps(Duration d) {
        return d.toMillis() / (double) step.toMillis();
    }

    public ForecastConfig withTrainer(TrainerKind value) {
        return new ForecastConfig(step, horizons, rulCap, features, regimeChannels, maxRegimes, value, negativeStride,
                scoreEvery, alerts, minFailures, seed, peers, dutyCounters);
    }

    public ForecastConfig withHorizons(List<Horizon> value) {
        return new ForecastConfig(step, value, rulCap, features, regimeChannels, maxRegimes, trainer, negativeStride,
                scoreEvery, alerts, minFailures, seed, peers, dutyCounters);
    }

    public ForecastConfig withAlerts(AlertPolicy value) {
        return new ForecastConfig(step, horizons, rulCap, features, regimeChannels, maxRegimes, trainer, negativeStride,
                scoreEvery, value, minFailures, seed, peers, dutyCounters);
    }

    /** Without peer comparison and duty counters: each component from its own channels only. */
    public ForecastConfig ownChannelsOnly() {
        return new ForecastConfig(step, horizons, rulCap, features, regimeChannels, maxRegimes, trainer, negativeStride,
                scoreEvery, alerts, minFailures, seed, false, List.of());
    }

    public ForecastConfig withFeatures(FeatureSpec value) {
        return new ForecastConfig(step, horizons, rulCap, value, regimeChannels, maxRegimes, trainer, negativeStride,
                scoreEvery, alerts, minFailures, seed, peers, dutyCounters);
    }

    public ForecastConfig withSeed(long value) {
        return new ForecastConfig(step, horizons, rulCap, features, regimeChannels, maxRegimes, trainer, negativeStride,
                scoreEvery, alerts, minFailures, value, peers, dutyCounters);
    }
}
