package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.DutySpec;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A prior counted in duty: a part worked below its nominal duty ages more slowly than the calendar. */
class DutyAgeTest {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final long HOUR = 3_600_000L;
    static final SeriesKey FUEL = new SeriesKey(new TwinId("baiyun", "truck-01"), "engine", "fuel-rate");
    static final DutySpec DUTY = new DutySpec("fuel-rate", 100, 1);
    static final List<Horizon> HORIZONS = List.of(Horizon.parse("72h"), Horizon.parse("7d"));

    /** Hourly rollups of one series: {@code mean(hoursAgo)} for each of the last {@code hours} hours. */
    static SeriesReader hourly(int hours, java.util.function.IntToDoubleFunction mean) {
        return new SeriesReader() {
            @Override
            public SeriesData read(SeriesKey series, long from, long to) {
                return SeriesData.EMPTY;
            }

            @Override
            public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
                long[] starts = new long[hours];
                double[] sum = new double[hours];
                long[] count = new long[hours];
                int n = 0;
                for (int ago = hours; ago >= 1; ago--) {
                    long start = NOW.toEpochMilli() - ago * HOUR;
                    if (start >= from && start < to) {
                        starts[n] = start;
                        sum[n] = 6 * mean.applyAsDouble(ago);
                        count[n] = 6;
                        n++;
                    }
                }
                double[] nan = new double[n];
                Arrays.fill(nan, Double.NaN);
                return new RollupData(Resolution.HOUR, starts, nan, nan, sum, count, n);
            }

            @Override
            public Set<SeriesKey> series() {
                return Set.of(FUEL);
            }
        };
    }

    static DutyAge measure(SeriesReader history, double ageHours) {
        return DutyAge.measure(history, FUEL, DUTY, NOW.toEpochMilli() - (long) (ageHours * HOUR), NOW.toEpochMilli(),
                true);
    }

    @Test
    void effectiveAgeIsTheIntegralOfTheDutyRatioWithUnmeasuredHoursAtNominal() {
        // 20,000 h since renewal; the last 1,000 h measured at 70 % of nominal, the hours before unmeasured.
        DutyAge age = measure(hourly(1_000, ago -> 70), 20_000);
        assertEquals(19_000 + 0.7 * 1_000, age.effectiveAgeHours(), 1e-6);
        assertEquals(20_000, age.calendarAgeHours(), 1e-6);
        assertEquals(0.7, age.rate(), 1e-9);
        // An exponent of 3 (bearings against load): 0.7^3 per hour.
        DutyAge cubic = DutyAge.measure(hourly(1_000, ago -> 70), FUEL, new DutySpec("fuel-rate", 100, 3),
                NOW.toEpochMilli() - 20_000 * HOUR, NOW.toEpochMilli(), true);
        assertEquals(19_000 + Math.pow(0.7, 3) * 1_000, cubic.effectiveAgeHours(), 1e-6);
        // The rate is the last week's: a derate 48 h ago shows in full in 48 of its 168 hours.
        DutyAge recent = measure(hourly(1_000, ago -> ago <= 48 ? 70 : 100), 20_000);
        assertEquals((120 + 0.7 * 48) / 168, recent.rate(), 1e-9);
        // A machine stood down all week is not taken to stand forever.
        assertEquals(DutyAge.MIN_RATE, measure(hourly(1_000, ago -> 0), 20_000).rate(), 1e-12);
        // Where the age is not known, only the rate is measured.
        DutyAge unknown = DutyAge.measure(hourly(1_000, ago -> 70), FUEL, DUTY, 0, NOW.toEpochMilli(), false);
        assertFalse(unknown.known());
        assertEquals(0.7, unknown.rate(), 1e-9);
    }

    @Test
    void aPriorForecastOfAComponentWithNoFailuresGivesALongerLifeAtLowerDuty() {
        // A declared life (no failures on record, so no fit): the engine's Weibull.
        var prior = new LifePrior(1.6, 25_000, "declared in the asset type");
        double age = 30_000;
        DutyAge nominal = measure(hourly(2_000, ago -> 100), age);
        DutyAge derated = measure(hourly(2_000, ago -> 70), age);
        assertEquals(age, nominal.effectiveAgeHours(), 1e-6, "at nominal duty the effective age is the calendar age");
        ComponentHealth atNominal = prior.forecast(NOW, nominal, "the last renewal", HORIZONS, List.of(), AlertLevel.OK,
                AlertPolicy.defaults());
        ComponentHealth atLower = prior.forecast(NOW, derated, "the last renewal", HORIZONS, List.of(), AlertLevel.OK,
                AlertPolicy.defaults());
        assertEquals(ComponentHealth.Basis.PRIOR, atNominal.basis());
        assertEquals(ComponentHealth.Basis.PRIOR, atLower.basis());
        // At nominal duty the forecast is the calendar-hours forecast of today.
        ComponentHealth calendar = prior.forecast(NOW, age, "the last renewal", HORIZONS, List.of(), AlertLevel.OK,
                AlertPolicy.defaults());
        assertEquals(calendar.probability("7d").orElseThrow(), atNominal.probability("7d").orElseThrow(), 1e-4);
        assertEquals(calendar.rul().orElseThrow().hours(), atNominal.rul().orElseThrow().hours(), 0.1);
        // Lower duty: longer remaining life, lower probability within 7 days, as the accelerated-life model gives.
        double rulNominal = atNominal.rul().orElseThrow().hours();
        double rulLower = atLower.rul().orElseThrow().hours();
        assertTrue(rulLower > rulNominal * 1.2, rulLower + " h at 70 % duty against " + rulNominal + " h at nominal");
        assertEquals(prior.residualQuantile(age - 600, 0.5, 1) / 0.7, rulLower, 0.1);
        double pNominal = atNominal.probability("7d").orElseThrow();
        double pLower = atLower.probability("7d").orElseThrow();
        assertTrue(pLower < pNominal, pLower + " at 70 % duty against " + pNominal + " at nominal");
        assertEquals(prior.failureProbability(age - 600, 0.7 * 168, 1), pLower, 1e-4);
        assertTrue(atLower.topSignals().get(0).label().contains("duty-weighted (fuel-rate / 100)"),
                atLower.topSignals().toString());
        assertTrue(atLower.topSignals().get(0).label().contains("recent duty 70 % of nominal"),
                atLower.topSignals().toString());
        assertTrue(atLower.modelVersion().startsWith("prior:") && atLower.modelVersion().endsWith("aged by fuel-rate"),
                atLower.modelVersion());
        // A prior still raises at most a watch, however old the part.
        ComponentHealth worn = prior.forecast(NOW, measure(hourly(2_000, ago -> 100), 200_000), "the last renewal",
                HORIZONS, List.of(), AlertLevel.OK, AlertPolicy.defaults());
        assertTrue(worn.alert().compareTo(AlertLevel.WATCH) <= 0, worn.alert().toString());
    }
}
