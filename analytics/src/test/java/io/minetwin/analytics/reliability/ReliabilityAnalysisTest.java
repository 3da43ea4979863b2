package io.minetwin.analytics.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.WeibullDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class ReliabilityAnalysisTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    static Instant at(double hours) {
        return T0.plusMillis(Math.round(hours * 3_600_000));
    }

    static Event failure(TwinId twin, String component, double hours) {
        return new Event(at(hours), twin, component, EventKind.FAILURE, Map.of("action", "failure-repair"));
    }

    static Event maintenance(TwinId twin, String component, double hours, String action) {
        return new Event(at(hours), twin, component, EventKind.MAINTENANCE, Map.of("action", action));
    }

    static UnitHistory unit(String name, String supplier, double hours, List<Event> events) {
        return new UnitHistory(TwinId.parse("site:" + name), "drive-inverter", "igbt", Optional.ofNullable(supplier),
                T0, at(hours), events);
    }

    @Test
    void failuresEndIntervalsAndReplacementsCensorThem() {
        TwinId t = TwinId.parse("site:inv-1");
        UnitHistory u = unit("inv-1", "Infineon", 1_000, List.of(
                maintenance(t, "igbt", 500, "replacement"),
                failure(t, "igbt", 100),
                maintenance(t, "igbt", 300, "inspection"),
                maintenance(t, "igbt", 350, "preventive"),
                failure(t, "igbt", 800)));
        UnitHistory.Intervals intervals = u.intervals();
        assertEquals(List.of(Observation.failure(100), Observation.censored(400), Observation.failure(300),
                Observation.censored(200)), intervals.observations());
        assertEquals(0, intervals.outside());
        assertEquals(1_000, u.exposureHours(), 1e-9);
    }

    @Test
    void aComponentWithoutRecordsIsOneCensoredInterval() {
        assertEquals(List.of(Observation.censored(8_760)), unit("inv-2", null, 8_760, List.of()).intervals()
                .observations());
    }

    @Test
    void recordsOutsideThePeriodAndZeroLengthIntervalsAreLeftOutAndCounted() {
        TwinId t = TwinId.parse("site:inv-1");
        UnitHistory u = unit("inv-1", null, 1_000, List.of(failure(t, "igbt", -5), failure(t, "igbt", 200),
                maintenance(t, "igbt", 200, "replacement"), failure(t, "igbt", 1_200)));
        UnitHistory.Intervals intervals = u.intervals();
        assertEquals(List.of(Observation.failure(200), Observation.censored(800)), intervals.observations());
        assertEquals(2, intervals.outside());
        assertEquals(1, intervals.zeroLength());
    }

    @Test
    void poolsPerSupplierAndSaysWhenThereAreTooFewFailures() {
        TwinId a = TwinId.parse("site:inv-a");
        TwinId b = TwinId.parse("site:inv-b");
        TwinId c = TwinId.parse("site:inv-c");
        List<UnitHistory> units = List.of(
                unit("inv-a", "Infineon", 5_000, List.of(failure(a, "igbt", 1_000), failure(a, "igbt", 2_500),
                        failure(a, "igbt", 3_700))),
                unit("inv-b", "Infineon", 5_000, List.of(failure(b, "igbt", 1_800))),
                unit("inv-c", "CRRC", 5_000, List.of(failure(c, "igbt", 900))),
                unit("inv-d", null, 5_000, List.of()));

        ReliabilityReport byComponent = new ReliabilityAnalysis(ReliabilityAnalysis.GroupBy.COMPONENT, 0.9)
                .analyse(units);
        assertEquals(1, byComponent.groups().size());
        ReliabilityReport.Group all = byComponent.groups().get(0);
        assertEquals(4, all.units());
        assertEquals(5, all.failures());
        assertEquals(4, all.censored());
        assertTrue(all.fit().isPresent(), all.note());
        assertEquals(4_000, all.observedMtbfHours().getAsDouble(), 1e-9);

        ReliabilityReport bySupplier = new ReliabilityAnalysis(ReliabilityAnalysis.GroupBy.SUPPLIER, 0.9)
                .analyse(units);
        assertEquals(List.of("CRRC", "Infineon", "unspecified"), bySupplier.groups().stream()
                .map(g -> g.supplier().orElseThrow()).toList());
        ReliabilityReport.Group crrc = bySupplier.groups().get(0);
        assertTrue(crrc.fit().isEmpty());
        assertEquals("too few failures for a fit (1; at least 2 needed)", crrc.note());
        ReliabilityReport.Group infineon = bySupplier.groups().get(1);
        assertEquals(4, infineon.failures());
        assertTrue(infineon.fit().isPresent(), infineon.note());
        ReliabilityReport.Group unspecified = bySupplier.groups().get(2);
        assertTrue(unspecified.note().startsWith("no failures in 5,000 h observed"), unspecified.note());
    }

    /**
     * A fleet run as a renewal process: each unit's components live Weibull(2.2, 3,000 h), are replaced
     * on failure and sometimes replaced early, and are watched for 10,000 h. Pooled and fitted, the
     * intervals must give back the lives' parameters, which needs the early replacements and the
     * running intervals at the end to be treated as censored.
     */
    @Test
    void aSimulatedRenewalFleetGivesBackItsLifeDistribution() {
        var rng = new Well19937c(42);
        var life = new WeibullDistribution(rng, 2.2, 3_000);
        List<UnitHistory> units = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            TwinId twin = TwinId.parse("site:inv-" + i);
            List<Event> events = new ArrayList<>();
            double t = 0;
            while (true) {
                double next = t + life.sample();
                double early = t + 500 + rng.nextDouble() * 10_000;
                if (Math.min(next, early) >= 10_000) {
                    break;
                }
                if (next <= early) {
                    events.add(failure(twin, "igbt", next));
                    t = next;
                } else {
                    events.add(maintenance(twin, "igbt", early, "replacement"));
                    t = early;
                }
            }
            units.add(unit("inv-" + i, "Infineon", 10_000, events));
        }
        ReliabilityReport.Group g = new ReliabilityAnalysis(ReliabilityAnalysis.GroupBy.COMPONENT, 0.9)
                .analyse(units).groups().get(0);
        WeibullFit fit = g.fit().orElseThrow(() -> new AssertionError(g.note()));
        assertTrue(g.censored() > 60, "early replacements and running intervals: " + g.censored());
        assertTrue(fit.shape().contains(2.2), "beta " + fit.shape());
        assertTrue(fit.scale().contains(3_000), "eta " + fit.scale());
        assertEquals(WeibullFit.Pattern.WEAR_OUT, fit.pattern());
    }

    @Test
    void badSettingsAndPeriodsAreRefused() {
        var level = assertThrows(IllegalArgumentException.class,
                () -> new ReliabilityAnalysis(ReliabilityAnalysis.GroupBy.COMPONENT, 1.5));
        assertTrue(level.getMessage().contains("between 0 and 1"), level.getMessage());
        var period = assertThrows(IllegalArgumentException.class, () -> unit("inv-1", null, -1, List.of()));
        assertTrue(period.getMessage().contains("ends"), period.getMessage());
    }
}
