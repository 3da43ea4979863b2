package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesData;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Availability, MTBF, MTTR, planned share, energy per tonne and downtime avoided, worked out by hand. */
class KpisTest {

    static final Kpis.StateCodes CODES = new Kpis.StateCodes(0, 1, 2, 3);
    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");

    private static Instant at(int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    /**
     * Running 00:00-04:00, down at 04:00, maintenance 04:30-05:30, running 05:30-07:30 (last sample 07:30,
     * held one hour: the gap to 10:00 is unobserved), idle from 10:00 to 11:00 (the last sample's hold).
     */
    private static long[][] history(List<Double> states) {
        List<Long> times = new ArrayList<>();
        for (int m = 0; m <= 210; m += 30) {
            times.add(at(m).toEpochMilli());
            states.add(0.0);
        }
        times.add(at(240).toEpochMilli());
        states.add(2.0);
        times.add(at(270).toEpochMilli());
        states.add(3.0);
        times.add(at(300).toEpochMilli());
        states.add(3.0);
        for (int m = 330; m <= 450; m += 30) {
            times.add(at(m).toEpochMilli());
            states.add(0.0);
        }
        times.add(at(600).toEpochMilli());
        states.add(1.0);
        return new long[][] {times.stream().mapToLong(Long::longValue).toArray()};
    }

    @Test
    void figuresFollowFromTheStateHistoryAndTheRecords() {
        List<Double> s = new ArrayList<>();
        long[] times = history(s)[0];
        double[] states = s.stream().mapToDouble(Double::doubleValue).toArray();
        List<Event> events = List.of(
                new Event(at(240), TRUCK, "engine", EventKind.FAILURE, Map.of("action", "failure-repair")),
                new Event(at(540), TRUCK, "engine", EventKind.MAINTENANCE, Map.of("action", "preventive")),
                // a CMMS repair record with its finish: 45 minutes to restore
                new Event(at(660), TRUCK, "brakes", EventKind.FAILURE, Map.of("action", "failure-repair",
                        "finish", at(705).toString())),
                new Event(at(780), TRUCK, "engine", EventKind.MAINTENANCE, Map.of("action", "inspection")));

        Kpis.Totals k = Kpis.asset(times, states, times.length, CODES, events, at(0), at(720));

        assertEquals(12.0, k.periodHours(), 1e-9);
        assertEquals(7.0, k.runningHours(), 1e-9);   // 4 h + 05:30-08:30 (07:30 plus its hour)
        assertEquals(0.5, k.downHours(), 1e-9);
        assertEquals(1.0, k.maintenanceHours(), 1e-9);
        assertEquals(1.0, k.idleHours(), 1e-9);       // 10:00 held one hour
        assertEquals(9.5, k.observedHours(), 1e-9);
        assertEquals(8.0 / 9.5, k.availability(), 1e-9);
        assertEquals(7.0 / 9.5, k.utilisation(), 1e-9);
        assertEquals(2, k.failures(), "the inspection at 13:00 is after the period");
        assertEquals(8.0 / 2, k.mtbfHours(), 1e-9);
        // 04:00 until running again at 05:30 (1.5 h) and the record's 0.75 h
        assertEquals(2, k.repairsTimed());
        assertEquals((1.5 + 0.75) / 2, k.mttrHours(), 1e-9);
        assertEquals(1, k.planned());
        assertEquals(2, k.unplanned());
        assertEquals(1.0 / 3, k.plannedShare(), 1e-9);
    }

    @Test
    void groupsSumHoursAndCountsRatherThanAveragingRatios() {
        List<Double> s = new ArrayList<>();
        long[] times = history(s)[0];
        double[] states = s.stream().mapToDouble(Double::doubleValue).toArray();
        Kpis.Totals busy = Kpis.asset(times, states, times.length, CODES, List.of(), at(0), at(720));
        // a second asset observed for one hour, all down
        Kpis.Totals idle = Kpis.asset(new long[] {at(0).toEpochMilli()}, new double[] {2}, 1, CODES, List.of(),
                at(0), at(720));
        Kpis.Totals both = busy.plus(idle);
        assertEquals(8.0 / 10.5, both.availability(), 1e-9);
        assertNull(both.mtbfHours(), "no failures, no MTBF");
        assertNull(both.plannedShare());
    }

    @Test
    void withoutStateHistoryMtbfUsesCalendarHoursAndAvailabilityIsUnknown() {
        List<Event> events = List.of(
                new Event(at(60), TRUCK, "engine", EventKind.FAILURE, Map.of("action", "failure-repair")),
                new Event(at(600), TRUCK, "engine", EventKind.FAILURE, Map.of("action", "failure-repair")));
        Kpis.Totals k = Kpis.asset(new long[0], new double[0], 0, CODES, events, at(0), at(720));
        assertNull(k.availability());
        assertEquals(6.0, k.mtbfHours(), 1e-9);
        assertNull(k.mttrHours(), "neither a finish nor a state history times the repairs");
    }

    @Test
    void aFailureWhoseOwnSampleStillShowsRunningIsTimedFromTheStatesThatFollow() {
        long[] times = new long[8];
        for (int i = 0; i < times.length; i++) {
            times[i] = at(i * 10).toEpochMilli();
        }
        // running at 00:20 (taken before the failure in that step), down at 00:30, maintenance, running at 00:50
        double[] states = {0, 0, 0, 2, 3, 0, 0, 0};
        List<Event> events = List.of(
                new Event(at(20), TRUCK, "engine", EventKind.FAILURE, Map.of("action", "failure-repair")),
                // the machine kept running after this one: no restore time to measure
                new Event(at(60), TRUCK, "body", EventKind.FAILURE, Map.of("action", "failure-repair")));
        Kpis.Totals k = Kpis.asset(times, states, times.length, CODES, events, at(0), at(80));
        assertEquals(2, k.failures());
        assertEquals(1, k.repairsTimed());
        assertEquals(0.5, k.mttrHours(), 1e-9);
    }

    private static SeriesData series(int stepMinutes, double... values) {
        long[] times = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            times[i] = at(i * stepMinutes).toEpochMilli();
        }
        return SeriesData.good(times, values, values.length);
    }

    @Test
    void loadingCountsTheCyclesBetweenSamplesAtTheSampledCyclesPayloadAndEnergy() {
        // cycle counter every 10 minutes: +18, +19, no rise (machine stopped), then a reset
        SeriesData cycles = series(10, 100, 118, 137, 137, 5);
        SeriesData payload = series(10, 90, 100, 110, 0, 95);
        SeriesData energy = series(10, 15, 16, 17, 0, 15.5);
        Kpis.Energy e = Kpis.loading(payload, energy, cycles, at(0), at(60));
        assertEquals(37, e.cycles());
        assertEquals(18 * 100 + 19 * 110, e.loadingTonnes(), 1e-9);
        assertEquals(18 * 16 + 19 * 17, e.loadingKwh(), 1e-9);
        assertEquals((18 * 16 + 19 * 17) / (18 * 100.0 + 19 * 110), e.loadingKwhPerTonne(), 1e-12);
        assertEquals(e.loadingKwhPerTonne(), e.kwhPerTonne(), 1e-12, "no haulage: the energy per tonne is loading's");
        assertNull(e.haulLitresPerTonne());

        Kpis.Energy later = Kpis.loading(payload, energy, cycles, at(15), at(60));
        assertEquals(19, later.cycles(), "only the counter's rise seen within the period");

        Kpis.Energy noCounter = Kpis.loading(payload, energy, SeriesData.EMPTY, at(0), at(60));
        assertEquals(4, noCounter.cycles(), "every sampled cycle with a payload");
        assertEquals(90 + 100 + 110 + 95, noCounter.loadingTonnes(), 1e-9);
        assertEquals(15 + 16 + 17 + 15.5, noCounter.loadingKwh(), 1e-9);
    }

    @Test
    void haulageIntegratesFuelAndCountsLoadedRunsThatEndInADump() {
        SeriesData fuel = series(10, 240, 240, 240, 18, 18, 18);
        SeriesData loadState = series(10, 1, 1, 0, 1, 0, 1);
        SeriesData payload = series(10, 290, 300, 0.5, 280, -1, 270);
        Kpis.Energy e = Kpis.haulage(fuel, payload, loadState, 1, at(0), at(60));
        assertEquals(3 * 240 / 6.0 + 3 * 18 / 6.0, e.haulLitres(), 1e-9);
        assertEquals(2, e.trips(), "the last loaded run has not dumped within the period");
        assertEquals(295 + 280, e.haulTonnes(), 1e-9);
        assertEquals(e.haulLitres() / 575, e.haulLitresPerTonne(), 1e-12);
        assertEquals(e.haulLitres() * Kpis.DIESEL_KWH_PER_LITRE / 575, e.haulKwhPerTonne(), 1e-12);

        Kpis.Energy both = e.plus(new Kpis.Energy(600, 4000, 40, 0, 0, 0));
        assertEquals(0.15 + e.haulKwhPerTonne(), both.kwhPerTonne(), 1e-12, "a tonne is dug, then hauled");
    }

    private static Event alert(int hour, String component, int raisedHour, AlertEvent.Action action) {
        return new AlertEvent(at(hour * 60), TRUCK, component, AlertEvent.id(TRUCK, component, at(raisedHour * 60)),
                action, action == AlertEvent.Action.CLEARED ? AlertLevel.OK : AlertLevel.WARNING,
                action == AlertEvent.Action.CLEARED ? AlertLevel.WARNING : AlertLevel.OK, Map.of(), Optional.empty(),
                Optional.empty()).toEvent();
    }

    @Test
    void alertsFollowedByPlannedWorkWithoutAFailureAvoidDowntime() {
        List<Event> events = List.of(
                // engine: raised at 1 h, planned work at 20 h, cleared at 30 h: avoided
                alert(1, "engine", 1, AlertEvent.Action.RAISED),
                new Event(at(20 * 60), TRUCK, "engine", EventKind.MAINTENANCE, Map.of("action", "preventive")),
                alert(30, "engine", 1, AlertEvent.Action.CLEARED),
                // brakes: raised at 2 h, failed at 5 h before the replacement at 10 h: not avoided
                alert(2, "brakes", 2, AlertEvent.Action.RAISED),
                new Event(at(5 * 60), TRUCK, "brakes", EventKind.FAILURE, Map.of("action", "failure-repair")),
                new Event(at(10 * 60), TRUCK, "brakes", EventKind.MAINTENANCE, Map.of("action", "replacement")),
                // tyre: cleared at 4 h, work at 40 h is past the 24 h grace: not the alert's doing
                alert(3, "tyre-1", 3, AlertEvent.Action.RAISED),
                alert(4, "tyre-1", 3, AlertEvent.Action.CLEARED),
                new Event(at(40 * 60), TRUCK, "tyre-1", EventKind.MAINTENANCE, Map.of("action", "inspection")),
                // a second planned job on the engine: the alert counts once
                new Event(at(22 * 60), TRUCK, "engine", EventKind.MAINTENANCE, Map.of("action", "inspection")));
        Kpis.Avoided a = Kpis.avoided(events, at(0), at(48 * 60), 36, 12_000.0);
        assertEquals(1, a.alerts());
        assertEquals(36, a.downtimeHours(), 1e-9);
        assertEquals(36 * 12_000, a.costOrNull(), 1e-9);

        Kpis.Avoided uncosted = Kpis.avoided(events, at(0), at(48 * 60), 24, null);
        assertEquals(1, uncosted.alerts());
        assertNull(uncosted.costOrNull(), "no cost configured for the type");
        assertEquals(0, Kpis.avoided(events, at(23 * 60), at(48 * 60), 24, null).alerts(),
                "counted in the period of the planned work");
    }
}
