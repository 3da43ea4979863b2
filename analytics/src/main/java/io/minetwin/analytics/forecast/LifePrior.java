package io.minetwin.analytics.forecast;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.LimitState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A component type's life distribution, used as the forecast of a component that has no trained model (a new
 * site, a rare failure): Weibull with {@code shape} and {@code scaleHours}, conditioned on the component's age
 * since its last renewal and scaled by what its live channels show.
 *
 * <p>The forecast it makes ({@link #forecast}) is, for age {@code a} and hazard multiplier {@code m} (1 while
 * every channel is within its limits, {@link #WARNING_HAZARD} with a channel at a warning limit,
 * {@link #ALARM_HAZARD} at an alarm limit, as in a proportional-hazards model):
 * <ul>
 *   <li>P(failure within h) = 1 - exp(-m [((a + h) / scale)^shape - (a / scale)^shape]);</li>
 *   <li>remaining life: the median of the conditional residual life, with the 10 % and 90 % quantiles as its
 *       interval;</li>
 *   <li>where the age is not known (no renewal on record and the part must have been renewed since the machine
 *       was commissioned: see {@link #knownAge}), the part is taken to be at a random point of its life, as in a
 *       renewal process in equilibrium: the residual life then has the distribution
 *       F(h) = (1 / mean life) * integral from 0 to h of R(t) dt, with R the Weibull survival function;</li>
 *   <li>health: 100 less {@link #WARNING_PENALTY} per channel at a warning limit and {@link #ALARM_PENALTY} per
 *       channel at an alarm limit (age alone does not lower it: health says what the channels show);</li>
 *   <li>where the component's life is counted in duty ({@link DutyAge}, declared as {@code life.duty} in its
 *       asset type), {@code a} is its duty-weighted age and the horizon and remaining life are scaled by its
 *       recent duty rate (an accelerated-life model); else both are calendar hours;</li>
 *   <li>alert level: the given policy on those probabilities and that health, at most {@link AlertLevel#WATCH}:
 *       a prior knows the type's lives, not this component's condition, so warnings are left to models and
 *       limits.</li>
 * </ul>
 *
 * @param shape      Weibull shape
 * @param scaleHours Weibull scale in hours
 * @param source     where the distribution comes from, for the forecast's model version and signals, e.g.
 *                   {@code "declared in the asset type"} or {@code "fitted to 7 failures in the fleet's records"}
 */
public record LifePrior(double shape, double scaleHours, String source) {

    public static final double WARNING_HAZARD = 3;
    public static final double ALARM_HAZARD = 10;
    public static final double WARNING_PENALTY = 30;
    public static final double ALARM_PENALTY = 60;
    /** The remaining-life interval: these quantiles of the conditional residual life. */
    static final double LOWER_QUANTILE = 0.10;
    static final double UPPER_QUANTILE = 0.90;

    public LifePrior {
        if (!(shape > 0 && Double.isFinite(shape) && scaleHours > 0 && Double.isFinite(scaleHours))) {
            throw new IllegalArgumentException("Weibull shape " + shape + " and scale " + scaleHours
                    + " h must be finite and above 0");
        }
        java.util.Objects.requireNonNull(source, "source");
    }

    /** Cumulative hazard at {@code hours}. */
    double cumulativeHazard(double hours) {
        return Math.pow(Math.max(0, hours) / scaleHours, shape);
    }

    /** P(failure within {@code horizonHours} | survived {@code ageHours}), with the hazard times {@code multiplier}. */
    public double failureProbability(double ageHours, double horizonHours, double multiplier) {
        double h = multiplier * (cumulativeHazard(ageHours + horizonHours) - cumulativeHazard(ageHours));
        return -Math.expm1(-h);
    }

    /** The hours after {@code ageHours} by which the part has failed with probability {@code q}. */
    public double residualQuantile(double ageHours, double q, double multiplier) {
        double target = cumulativeHazard(ageHours) + (-Math.log1p(-q)) / multiplier;
        return Math.max(0, scaleHours * Math.pow(target, 1 / shape) - Math.max(0, ageHours));
    }

    /**
     * Whether {@code hoursSinceCommissioning} can be the age of a part that has no renewal on record: not when
     * its type's parts would almost all have failed by then (more than twice the characteristic life), since
     * the part was then renewed without a record.
     */
    public boolean knownAge(double hoursSinceCommissioning) {
        return hoursSinceCommissioning <= 2 * scaleHours;
    }

    /** P(failure within {@code horizonHours}) for a part of unknown age (equilibrium residual life). */
    public double equilibriumFailureProbability(double horizonHours, double multiplier) {
        return Math.min(1, multiplier * integralOfSurvival(horizonHours) / meanHours());
    }

    /** The {@code q} quantile of the equilibrium residual life, with the hazard times {@code multiplier}. */
    public double equilibriumResidualQuantile(double q, double multiplier) {
        double lo = 0;
        double hi = scaleHours;
        while (equilibriumFailureProbability(hi, multiplier) < q && hi < 1e9) {
            hi *= 2;
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (equilibriumFailureProbability(mid, multiplier) < q) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Integral of the survival function from 0 to {@code hours} (Simpson's rule, 400 intervals). */
    double integralOfSurvival(double hours) {
        if (hours <= 0) {
            return 0;
        }
        int n = 400;
        double step = hours / n;
        double sum = 1 + Math.exp(-cumulativeHazard(hours));
        for (int i = 1; i < n; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * Math.exp(-cumulativeHazard(i * step));
        }
        return sum * step / 3;
    }

    /** Mean life, scale * Gamma(1 + 1/shape). */
    public double meanHours() {
        return scaleHours * Math.exp(org.apache.commons.math3.special.Gamma.logGamma(1 + 1 / shape));
    }

    /** One channel's live limit state, for the hazard multiplier, the health and the signals. */
    public record ChannelCondition(String channel, LimitState state) {
    }

    /**
     * The forecast of a component {@code ageHours} old (since {@code since}, e.g. "the last renewal"; NaN where the
     * age is not known) whose channels are in {@code channels}' states.
     */
    public ComponentHealth forecast(Instant time, double ageHours, String since, List<Horizon> horizons,
                                    List<ChannelCondition> channels, AlertLevel before, AlertPolicy policy) {
        return forecast(time, DutyAge.calendar(ageHours), since, horizons, channels, before, policy);
    }

    /**
     * The forecast of a component whose age is counted in duty ({@link DutyAge}): the Weibull is taken in
     * effective hours (an accelerated-life model), so P(failure within h) is evaluated from the effective age
     * over {@code h * rate} effective hours, and the remaining-life quantiles in effective hours are divided by
     * the rate to give calendar hours. A part worked below its nominal duty has aged less and ages more slowly:
     * a longer remaining life and a lower probability than the same calendar age at nominal duty.
     */
    public ComponentHealth forecast(Instant time, DutyAge age, String since, List<Horizon> horizons,
                                    List<ChannelCondition> channels, AlertLevel before, AlertPolicy policy) {
        double ageHours = age.effectiveAgeHours();
        double rate = age.rate();
        double multiplier = 1;
        double health = 100;
        List<ComponentHealth.Signal> signals = new ArrayList<>();
        List<ChannelCondition> abnormal = new ArrayList<>();
        for (ChannelCondition c : channels) {
            switch (c.state()) {
                case HIGH_ALARM, LOW_ALARM -> {
                    multiplier = Math.max(multiplier, ALARM_HAZARD);
                    health -= ALARM_PENALTY;
                    abnormal.add(c);
                }
                case HIGH_WARNING, LOW_WARNING -> {
                    multiplier = Math.max(multiplier, WARNING_HAZARD);
                    health -= WARNING_PENALTY;
                    abnormal.add(c);
                }
                default -> {
                }
            }
        }
        health = Math.max(0, health);
        boolean known = !Double.isNaN(ageHours);
        final double m = multiplier;
        java.util.function.DoubleUnaryOperator quantile = q -> (known ? residualQuantile(ageHours, q, m)
                : equilibriumResidualQuantile(q, m)) / rate;
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (Horizon h : horizons) {
            double hours = rate * h.length().toMillis() / 3_600_000.0;
            probabilities.put(h.name(), round(known ? failureProbability(ageHours, hours, m)
                    : equilibriumFailureProbability(hours, m), 4));
        }
        double median = round(quantile.applyAsDouble(0.5), 1);
        var rul = new ComponentHealth.Rul(median, Math.min(median, round(quantile.applyAsDouble(LOWER_QUANTILE), 1)),
                Math.max(median, round(quantile.applyAsDouble(UPPER_QUANTILE), 1)));
        // Signals: the age against the type's life, then each channel beyond a limit, sharing the weight.
        double share = 1.0 / (1 + abnormal.size());
        signals.add(new ComponentHealth.Signal("prior.age", known
                ? String.format(Locale.ROOT, "age %s since %s%s against a typical life of %s (%s)",
                        hours(age.calendarAgeHours()), since, age.describe(), hours(scaleHours), source)
                : String.format(Locale.ROOT, "age unknown (no renewal on record since %s%s); typical life %s (%s)",
                        since, age.describe(), hours(scaleHours), source), round(share, 3)));
        for (ChannelCondition c : abnormal) {
            signals.add(new ComponentHealth.Signal("prior.limit." + c.channel(), c.channel() + " at its "
                    + c.state().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " limit", round(share, 3)));
        }
        double pShort = probabilities.isEmpty() ? 0 : probabilities.values().iterator().next();
        double pLong = probabilities.isEmpty() ? 0 : new ArrayList<>(probabilities.values()).get(probabilities.size() - 1);
        AlertLevel level = policy.next(before.compareTo(AlertLevel.WATCH) > 0 ? AlertLevel.WATCH : before, pShort, pLong,
                health);
        if (level.compareTo(AlertLevel.WATCH) > 0) {
            level = AlertLevel.WATCH;
        }
        String version = String.format(Locale.ROOT, "prior: Weibull shape %.2f, scale %.0f h (%s)%s", shape, scaleHours,
                source, age.spec().map(d -> ", aged by " + d.channel()).orElse(""));
        return new ComponentHealth(time, round(health, 1), probabilities, Optional.of(rul), level, signals, version,
                ComponentHealth.Basis.PRIOR);
    }

    static String hours(double h) {
        if (h >= 2 * 8766) {
            return String.format(Locale.ROOT, "%.1f years", h / 8766);
        }
        return String.format(Locale.ROOT, "%,.0f h", h);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
