package io.minetwin.analytics.forecast;

import io.minetwin.model.AlertLevel;

/**
 * Turns forecasts into alert levels, with hysteresis so that a probability hovering at a threshold does
 * not make the level flap: a level is entered when its threshold is reached and left only when the
 * figure falls {@code hysteresis} below it.
 *
 * <ul>
 *   <li>critical: failure within the shortest horizon at least {@code critical};</li>
 *   <li>warning: failure within the longest horizon at least {@code warning}, or health below
 *       {@code warningHealth} (a component far from every healthy state it was trained on, whatever the
 *       classifiers say: degradation faster or different from the failures they learnt);</li>
 *   <li>watch: failure within the longest horizon at least {@code watch}, or health below {@code watchHealth}.</li>
 * </ul>
 *
 * @param watch       probability for watch (longest horizon)
 * @param warning     probability for warning (longest horizon)
 * @param critical    probability for critical (shortest horizon)
 * @param watchHealth health score (0-100) under which a component is watched
 * @param hysteresis  how far below a probability threshold (and above the health one, times 100) a
 *                    figure must fall before the level eases
 * @param flag        the level from which a forecast counts as flagged in backtests and work orders
 * @param warningHealth health score (0-100) under which a component is at warning; 0 turns it off
 */
public record AlertPolicy(double watch, double warning, double critical, double watchHealth, double hysteresis,
                          AlertLevel flag, double warningHealth) {

    public AlertPolicy {
        if (!(0 < watch && watch <= warning && warning <= 1 && 0 < critical && critical <= 1)) {
            throw new IllegalArgumentException("alert thresholds must satisfy 0 < watch <= warning <= 1 and"
                    + " 0 < critical <= 1; got watch " + watch + ", warning " + warning + ", critical " + critical);
        }
        if (!(watchHealth >= 0 && watchHealth <= 100)) {
            throw new IllegalArgumentException("watchHealth must be within 0..100, got " + watchHealth);
        }
        if (!(hysteresis >= 0 && hysteresis < watch)) {
            throw new IllegalArgumentException("hysteresis must be at least 0 and below the watch threshold " + watch
                    + ", got " + hysteresis);
        }
        if (flag == null || flag == AlertLevel.OK) {
            throw new IllegalArgumentException("the flag level must be watch, warning or critical");
        }
        if (!(warningHealth >= 0 && warningHealth <= watchHealth)) {
            throw new IllegalArgumentException("warningHealth must be within 0..watchHealth (" + watchHealth
                    + "), got " + warningHealth);
        }
    }

    /** A policy without a health threshold for warnings. */
    public AlertPolicy(double watch, double warning, double critical, double watchHealth, double hysteresis,
                       AlertLevel flag) {
        this(watch, warning, critical, watchHealth, hysteresis, flag, 0);
    }

    /** This policy with warnings also from health below {@code value} (0: off). */
    public AlertPolicy withWarningHealth(double value) {
        return new AlertPolicy(watch, warning, critical, watchHealth, hysteresis, flag, value);
    }

    /**
     * Watch from a 10% chance of failure within the longest horizon (or health under 30), warning from 20%,
     * critical from a 30% chance within the shortest horizon; levels ease 9 points below their threshold
     * ({@link #DEADBAND} of the warning threshold).
     * Chosen from backtests on simulated fleets: a planner would rather check a component with a one-in-five
     * chance of failing this week than miss it (see the README's analytics figures).
     */
    public static AlertPolicy defaults() {
        return new AlertPolicy(0.1, 0.2, 0.3, 30, 0.2 * DEADBAND, AlertLevel.WARNING);
    }

    /**
     * Share of a threshold a figure must fall below it before its level eases: a wide deadband, as alarm
     * management practice (ISA-18.2) asks for noisy signals. Forecast probabilities wander from score to score;
     * with a narrow band (a quarter) an alert that should have stayed on cleared and was raised again, and each
     * raise counted as another alarm.
     */
    public static final double DEADBAND = 0.45;

    /**
     * The policy with warning threshold {@code warning}: watch at half of it, critical at {@code base}'s
     * critical threshold or the warning one if higher, and a deadband of {@link #DEADBAND} of the warning
     * threshold; health and flag levels from {@code base}.
     */
    public static AlertPolicy forWarning(double warning, AlertPolicy base) {
        return new AlertPolicy(warning / 2, warning, Math.max(warning, base.critical()), base.watchHealth(),
                warning * DEADBAND, base.flag(), base.warningHealth());
    }

    /** The level without memory: which thresholds the figures reach. */
    public AlertLevel level(double pShort, double pLong, double health) {
        return level(pShort, pLong, health, 0);
    }

    /** The next level from {@code current}, for the new figures. */
    public AlertLevel next(AlertLevel current, double pShort, double pLong, double health) {
        AlertLevel entered = level(pShort, pLong, health, 0);
        if (entered.compareTo(current) >= 0) {
            return entered;
        }
        AlertLevel kept = level(pShort, pLong, health, hysteresis);
        return kept.compareTo(current) < 0 ? kept : current;
    }

    private AlertLevel level(double pShort, double pLong, double health, double margin) {
        if (pShort >= critical - margin) {
            return AlertLevel.CRITICAL;
        }
        if (pLong >= warning - margin || health < warningHealth + margin * 100) {
            return AlertLevel.WARNING;
        }
        if (pLong >= watch - margin || health < watchHealth + margin * 100) {
            return AlertLevel.WATCH;
        }
        return AlertLevel.OK;
    }
}
