package io.minetwin.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A written set point is what its channel reports, and the machine responds: less load, heat and wear. */
class SetPointsTest {

    private static final long STEP = 600_000;
    private static final long DAY = 86_400_000;
    private static final TwinId SHOVEL = TestFleets.id("shovel-01");
    private static final TwinId TRUCK = TestFleets.id("truck-01");
    private static final TwinId CONVEYOR = TestFleets.id("conveyor-01");

    private static SimulationSettings settings() {
        return SimulationSettings.DEFAULTS.withClimate(Climate.constant(15)).withFaultRates(0, 0)
                .withPreventiveInterval(1e6);
    }

    /** Runs {@code days} with the given set points written at the start; returns the recorder and the simulation. */
    private static Object[] run(int days, double speedLimit, double derate) {
        Fleet fleet = TestFleets.writableFleet();
        var rec = new Recorder();
        var sim = new FleetSimulation(fleet, settings(), Map.of(), 11, rec);
        rec.watchAll(sim.series());
        sim.setPoint(SHOVEL, "hoist-motor.speed-limit", speedLimit);
        sim.setPoint(TRUCK, "engine.derate", derate);
        long start = settings().start().toEpochMilli();
        for (long t = start; t < start + days * DAY; t += STEP) {
            sim.step(t, rec);
        }
        return new Object[] {rec, sim};
    }

    private static double runningMean(Recorder rec, TwinId twin, String channel) {
        Recorder.Series s = rec.series(SeriesKey.of(twin, channel));
        Recorder.Series state = rec.series(new SeriesKey(twin, "machine", "state"));
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.size; i++) {
            if (state.at(s.times[i]) == 0) {
                sum += Math.abs(s.values[i]);
                n++;
            }
        }
        assertTrue(n > 100, "too few running samples of " + twin + " " + channel);
        return sum / n;
    }

    @Test
    void unwrittenSetPointsReportNoLimitationAndOnlySetPointsAreWritable() {
        Fleet fleet = TestFleets.writableFleet();
        var sim = new FleetSimulation(fleet, settings(), Map.of(), 11, new Records.Listener() { });
        assertEquals(100, sim.setPoint(SHOVEL, "hoist-motor.speed-limit"));
        assertEquals(0, sim.setPoint(TRUCK, "engine.derate"));
        assertTrue(sim.isSetPoint(SHOVEL, "hoist-motor.speed-limit"));
        assertTrue(!sim.isSetPoint(SHOVEL, "hoist-motor.winding-temp"));
        assertThrows(IllegalArgumentException.class, () -> sim.setPoint(SHOVEL, "hoist-motor.winding-temp", 50));
    }

    @Test
    void aLowerSpeedLimitAndADerateLowerLoadHeatAndWear() {
        Object[] full = run(30, 100, 0);
        Object[] limited = run(30, 60, 30);
        Recorder a = (Recorder) full[0];
        Recorder b = (Recorder) limited[0];
        FleetSimulation fa = (FleetSimulation) full[1];
        FleetSimulation fb = (FleetSimulation) limited[1];

        assertEquals(60, b.series(SeriesKey.of(SHOVEL, "hoist-motor.speed-limit")).values[10], "the channel reports"
                + " the set point");
        double currentFull = runningMean(a, SHOVEL, "hoist-motor.current");
        double currentLimited = runningMean(b, SHOVEL, "hoist-motor.current");
        assertTrue(currentLimited < 0.8 * currentFull, "hoist current " + currentLimited + " vs " + currentFull);
        double windingFull = runningMean(a, SHOVEL, "hoist-motor.winding-temp");
        double windingLimited = runningMean(b, SHOVEL, "hoist-motor.winding-temp");
        assertTrue(windingLimited < windingFull - 3, "winding " + windingLimited + " vs " + windingFull);
        double coolantFull = runningMean(a, TRUCK, "engine.coolant-temp");
        double coolantLimited = runningMean(b, TRUCK, "engine.coolant-temp");
        assertTrue(coolantLimited < coolantFull, "coolant " + coolantLimited + " vs " + coolantFull);

        // Wear: the same units (same seed) wear slower under the limits; 30 days of wear since the start.
        double start = ((FleetSimulation) run(0, 100, 0)[1]).damage(SHOVEL, "hoist-motor", "bearing-wear");
        double bearingFull = fa.damage(SHOVEL, "hoist-motor", "bearing-wear") - start;
        double bearingLimited = fb.damage(SHOVEL, "hoist-motor", "bearing-wear") - start;
        assertTrue(bearingLimited < 0.8 * bearingFull, "bearing wear " + bearingLimited + " vs " + bearingFull);
        double truckStart = ((FleetSimulation) run(0, 100, 0)[1]).damage(TRUCK, "engine", "engine-bearing-wear");
        double engineFull = fa.damage(TRUCK, "engine", "engine-bearing-wear") - truckStart;
        double engineLimited = fb.damage(TRUCK, "engine", "engine-bearing-wear") - truckStart;
        assertTrue(engineLimited < 0.9 * engineFull, "engine bearing wear " + engineLimited + " vs " + engineFull);

        // A machine without set points simulates exactly as before.
        assertEquals(fa.damage(CONVEYOR, "drive", "bearing-wear"), fb.damage(CONVEYOR, "drive", "bearing-wear"));
    }
}
