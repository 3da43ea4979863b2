package io.minetwin.simulator;

/**
 * Ambient temperature at the site: a seasonal cycle (coldest mid-January), a daily cycle (coldest
 * before dawn, local time) and slow weather swings.
 *
 * @param meanC             yearly mean, degC
 * @param seasonalAmplitude half the summer-winter difference of daily means, K
 * @param dailyAmplitude    half the day-night difference, K
 * @param weatherAmplitude  amplitude of multi-day weather swings, K
 * @param utcOffsetHours    the site's offset from UTC, for the daily cycle and shifts
 */
public record Climate(double meanC, double seasonalAmplitude, double dailyAmplitude, double weatherAmplitude,
                      int utcOffsetHours) {

    /** Inner Mongolia: -30 degC on winter nights to +35 degC on summer afternoons, UTC+8. */
    public static final Climate INNER_MONGOLIA = new Climate(2.5, 25.0, 6.0, 2.0, 8);

    public Climate {
        for (double v : new double[] {meanC, seasonalAmplitude, dailyAmplitude, weatherAmplitude}) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("climate figures must be finite numbers, got " + v);
            }
        }
        if (seasonalAmplitude < 0 || dailyAmplitude < 0 || weatherAmplitude < 0) {
            throw new IllegalArgumentException("climate amplitudes must not be negative (seasonal "
                    + seasonalAmplitude + ", daily " + dailyAmplitude + ", weather " + weatherAmplitude + ")");
        }
        if (utcOffsetHours < -12 || utcOffsetHours > 14) {
            throw new IllegalArgumentException("utc offset " + utcOffsetHours + " h is not between -12 and +14");
        }
    }

    /** A constant temperature, for tests that need one operating point. */
    public static Climate constant(double c) {
        return new Climate(c, 0, 0, 0, 0);
    }

    private static final double DAY_MS = 86_400_000.0;
    private static final double YEAR_DAYS = 365.2425;

    /** Ambient temperature at {@code timeMs} (epoch milliseconds), degC. */
    public double temperature(long timeMs) {
        double localDays = (timeMs + utcOffsetHours * 3_600_000L) / DAY_MS;
        double dayOfYear = localDays % YEAR_DAYS;
        double hour = (localDays - Math.floor(localDays)) * 24;
        double seasonal = -seasonalAmplitude * Math.cos(2 * Math.PI * (dayOfYear - 15) / YEAR_DAYS);
        double daily = -dailyAmplitude * Math.cos(2 * Math.PI * (hour - 3) / 24);
        // Incommensurate periods of a few days: fronts passing, no randomness needed.
        double weather = weatherAmplitude * (0.6 * Math.sin(2 * Math.PI * localDays / 3.7)
                + 0.4 * Math.sin(2 * Math.PI * localDays / 9.3 + 1.3));
        return meanC + seasonal + daily + weather;
    }

    /** The local hour of day at {@code timeMs}, 0 to 24. */
    double localHour(long timeMs) {
        double localDays = (timeMs + utcOffsetHours * 3_600_000L) / DAY_MS;
        return (localDays - Math.floor(localDays)) * 24;
    }
}
