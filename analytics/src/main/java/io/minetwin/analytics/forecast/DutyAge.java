package io.minetwin.analytics.forecast;

import io.minetwin.model.DutySpec;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import java.util.Locale;
import java.util.Optional;

/**
 * A component's age counted in duty, as an accelerated-life model counts it: each hour at a duty channel's mean
 * {@code x} ages the part by {@code (x / nominal)^exponent} hours, so the effective age is the integral of that
 * ratio over the time since the part's renewal, and the part goes on ageing at its recent ratio (its
 * {@linkplain #rate() rate}, the mean ratio over the last {@link #RECENT_HOURS} hours).
 *
 * <p>Hours without a sample of the channel (before the history begins, a connection lost) count at the nominal
 * duty, one hour per hour, as an age counted in calendar hours would. The rate is at least {@link #MIN_RATE}: a
 * machine stood down this week is not taken to stand forever.
 *
 * @param effectiveAgeHours the duty-weighted age in hours, NaN where the age is not known
 * @param calendarAgeHours  the age in calendar hours, NaN where it is not known
 * @param rate              effective hours per calendar hour from now on
 * @param spec              the duty counted in, empty for calendar hours
 */
public record DutyAge(double effectiveAgeHours, double calendarAgeHours, double rate, Optional<DutySpec> spec) {

    /** The window the rate is measured over: the last week. */
    public static final double RECENT_HOURS = 168;
    /** The least rate a forecast assumes: a tenth of the nominal duty. */
    public static final double MIN_RATE = 0.1;
    /** The most rate a forecast assumes: five times the nominal duty. */
    public static final double MAX_RATE = 5;
    private static final long HOUR = 3_600_000L;

    public DutyAge {
        if (!(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("duty rate " + rate + " must be finite and above 0");
        }
    }

    /** An age counted in calendar hours (no duty declared): effective age = age, rate 1. */
    public static DutyAge calendar(double ageHours) {
        return new DutyAge(ageHours, ageHours, 1, Optional.empty());
    }

    /**
     * The duty-weighted age of a part renewed at {@code fromMillis}, at {@code nowMillis}, from the hourly rollups
     * of {@code series} (its duty channel) in {@code history}. With {@code ageKnown} false the age is not known
     * (no renewal on record): only the rate is measured.
     */
    public static DutyAge measure(SeriesReader history, SeriesKey series, DutySpec spec, long fromMillis,
                                  long nowMillis, boolean ageKnown) {
        long recentFrom = nowMillis - (long) (RECENT_HOURS * HOUR);
        long readFrom = Math.floorDiv(ageKnown ? Math.min(fromMillis, recentFrom) : recentFrom, HOUR) * HOUR;
        RollupData rollup = history.readRollup(series, Resolution.HOUR, readFrom, nowMillis);
        double effective = 0;
        double covered = 0;
        double recentEffective = 0;
        double recentCovered = 0;
        for (int i = 0; i < rollup.size(); i++) {
            double mean = rollup.mean(i);
            if (!Double.isFinite(mean)) {
                continue;
            }
            double ratio = Math.pow(Math.max(0, mean) / spec.nominal(), spec.exponent());
            long start = rollup.starts()[i];
            long end = start + HOUR;
            double life = overlapHours(start, end, fromMillis, nowMillis);
            effective += ratio * life;
            covered += life;
            double recent = overlapHours(start, end, recentFrom, nowMillis);
            recentEffective += ratio * recent;
            recentCovered += recent;
        }
        double rate = recentCovered > 0 ? recentEffective / recentCovered : 1;
        rate = Math.min(MAX_RATE, Math.max(MIN_RATE, rate));
        if (!ageKnown) {
            return new DutyAge(Double.NaN, Double.NaN, rate, Optional.of(spec));
        }
        double age = Math.max(0, (nowMillis - fromMillis) / (double) HOUR);
        return new DutyAge(effective + Math.max(0, age - covered), age, rate, Optional.of(spec));
    }

    private static double overlapHours(long start, long end, long from, long to) {
        return Math.max(0, Math.min(end, to) - Math.max(start, from)) / (double) HOUR;
    }

    /** Whether the age is known. */
    public boolean known() {
        return !Double.isNaN(effectiveAgeHours);
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** How the age was counted, for the forecast's signals; empty for calendar hours. */
    String describe() {
        if (spec.isEmpty()) {
            return "";
        }
        DutySpec d = spec.get();
        String exponent = d.exponent() == 1 ? "" : "^" + plain(d.exponent());
        return (known() ? String.format(Locale.ROOT, "; %s duty-weighted (%s / %s%s)",
                LifePrior.hours(effectiveAgeHours), d.channel(), plain(d.nominal()), exponent)
                : String.format(Locale.ROOT, "; aged by %s / %s%s", d.channel(), plain(d.nominal()), exponent))
                + String.format(Locale.ROOT, ", recent duty %.0f %% of nominal", 100 * rate);
    }
}
