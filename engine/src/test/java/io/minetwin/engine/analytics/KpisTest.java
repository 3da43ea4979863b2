package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Availability, MTBF, MTTR and planned share of one asset with a breakdown, worked out by hand. */
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
}
