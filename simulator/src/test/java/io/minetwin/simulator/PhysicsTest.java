package io.minetwin.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhysicsTest {

    private static final long STEP = 600_000;
    private static final long DAY = 86_400_000;

    /** Constant ambient, no random or sensor faults, half-worn parts and fast ageing: only wear-out. */
    private static SimulationSettings wearOnly(double ageing) {
        return SimulationSettings.DEFAULTS.withClimate(Climate.constant(15)).withFaultRates(0, 0).withAgeing(ageing)
                .withPreventiveInterval(1e6);
    }

    private static Recorder run(SimulationSettings settings, Map<TwinId, TwinSettings> twins, long seed, int days) {
        var rec = new Recorder();
        var sim = new FleetSimulation(TestFleets.fleet(), settings, twins, seed, rec);
        rec.watchAll(sim.series());
        long start = settings.start().toEpochMilli();
        for (long t = start; t < start + days * DAY; t += STEP) {
            sim.step(t, rec);
        }
        return rec;
    }

    private static Map<TwinId, TwinSettings> halfWorn() {
        var m = new java.util.HashMap<TwinId, TwinSettings>();
        for (TwinId id : TestFleets.fleet().twins().keySet()) {
            m.put(id, TwinSettings.DEFAULTS.withInitialWear(0.5));
        }
        return m;
    }

    @Test
    void eachWearOutModeTrendsMonotonicallyInItsPrecursorBeforeFailure() {
        Recorder rec = run(wearOnly(8), halfWorn(), 7, 900);
        Set<String> checked = new HashSet<>();
        for (Records.Failure f : rec.failures) {
            assertEquals(Records.Cause.WEAR_OUT, f.cause(), "only wear-out is switched on: " + f);
            if (f.precursor().isEmpty() || !checked.add(f.mode())) {
                continue;
            }
            SeriesKey key = SeriesKey.of(f.twin(), f.precursor());
            Recorder.Series s = rec.series(key);
            Recorder.Series state = rec.series(new SeriesKey(f.twin(), "machine", "state"));
            // The last 30 % of the component's life in three windows, running samples only.
            long from = f.time() - (long) (0.3 * (f.time() - f.wearStart()));
            double[] means = new double[3];
            for (int w = 0; w < 3; w++) {
                long a = from + w * (f.time() - from) / 3;
                long b = from + (w + 1) * (f.time() - from) / 3;
                double sum = 0;
                int count = 0;
                for (int i = 0; i < s.size; i++) {
                    if (s.times[i] >= a && s.times[i] < b && state.at(s.times[i]) == 0) {
                        sum += s.values[i];
                        count++;
                    }
                }
                assertTrue(count > 10, "too few running samples of " + key + " in window " + w + " before " + f);
                means[w] = sum / count;
            }
            boolean falling = f.precursor().endsWith("fan-speed") || f.precursor().endsWith("oil-pressure")
                    || f.precursor().endsWith("capacitance");
            for (int w = 1; w < 3; w++) {
                String msg = f.mode() + " on " + f.twin() + ": " + f.precursor() + " window means "
                        + java.util.Arrays.toString(means);
                assertTrue(falling ? means[w] < means[w - 1] : means[w] > means[w - 1], msg);
            }
        }
        assertTrue(checked.containsAll(Set.of("bearing-wear", "insulation-ageing", "gear-pitting", "cooling-fouling",
                "turbo-wear", "engine-bearing-wear", "bond-wire-lift-off", "capacitor-ageing", "fan-wear")),
                "modes that failed with a precursor: " + checked);
    }

    @Test
    void bearingVibrationGrowsExponentiallyAndBearingTemperatureRisesOnlyLate() {
        Recorder rec = run(wearOnly(8), halfWorn(), 7, 900);
        Records.Failure f = rec.failures.stream()
                .filter(x -> x.mode().equals("bearing-wear") && x.precursor().endsWith("de-bearing-vibration"))
                .findFirst().orElseThrow();
        Recorder.Series vib = rec.series(SeriesKey.of(f.twin(), f.precursor()));
        Recorder.Series temp = rec.series(SeriesKey.of(f.twin(), "hoist-motor.bearing-temp"));
        long life = f.time() - f.wearStart();
        double vibMid = vib.at(f.time() - life / 2);
        double vibEnd = max(vib, f.time() - 2 * DAY, f.time());
        assertTrue(vibEnd > 7.1, "vibration reaches ISO zone D before failure: " + vibEnd);
        assertTrue(vibMid < 3, "vibration is still low at mid-life: " + vibMid);
        // When vibration first crosses into zone C (4.5 mm/s) the bearing is barely warmer than at mid-life.
        long zoneC = -1;
        for (int i = 0; i < vib.size && vib.times[i] < f.time(); i++) {
            if (vib.times[i] > f.time() - life / 2 && vib.values[i] > 4.5) {
                zoneC = vib.times[i];
                break;
            }
        }
        assertTrue(zoneC > 0, "vibration crossed 4.5 mm/s before failure");
        double tempMid = max(temp, f.time() - life / 2 - DAY, f.time() - life / 2);
        double tempAtZoneC = max(temp, zoneC - DAY, zoneC);
        double tempEnd = max(temp, f.time() - DAY, f.time());
        assertTrue(tempAtZoneC - tempMid < 5, "bearing temperature lags vibration: " + tempMid + " -> " + tempAtZoneC);
        assertTrue(tempEnd - tempMid > 15, "bearing temperature rises at the end: " + tempMid + " -> " + tempEnd);
        assertTrue(zoneC < f.time() - 3 * DAY, "vibration warns days ahead");
    }

    private static double max(Recorder.Series s, long from, long to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < s.size; i++) {
            if (s.times[i] >= from && s.times[i] < to) {
                m = Math.max(m, s.values[i]);
            }
        }
        return m;
    }

    @Test
    void randomFaultsComeWithoutPrecursor() {
        var settings = SimulationSettings.DEFAULTS.withClimate(Climate.constant(15)).withFaultRates(12, 0)
                .withAgeing(0.001).withInitialWear(0);
        Recorder rec = run(settings, Map.of(), 3, 200);
        assertTrue(rec.failures.size() >= 10, "random faults happened: " + rec.failures.size());
        for (Records.Failure f : rec.failures) {
            assertEquals(Records.Cause.RANDOM, f.cause());
            assertFalse(f.predictable());
            assertEquals("", f.precursor());
        }
        // Nothing wears, so the channels of a failed component look the same a day and a week before.
        var sim = new FleetSimulation(TestFleets.fleet(), settings, Map.of(), 3, new Records.Listener() { });
        int compared = 0;
        for (Records.Failure f : rec.failures) {
            if (f.time() - 8 * DAY < settings.start().toEpochMilli()) {
                continue;
            }
            for (SeriesKey key : sim.series()) {
                if (!key.twin().equals(f.twin()) || !key.component().equals(f.component())) {
                    continue;
                }
                ChannelSpec spec = TestFleets.fleet().twins().get(f.twin()).type()
                        .channel(key.component(), key.channel()).orElseThrow();
                if (spec.type() != ValueType.NUMBER || key.channel().equals("operating-hours")
                        || key.channel().equals("tonnage")) {
                    continue;
                }
                Recorder.Series s = rec.series(key);
                Recorder.Series state = rec.series(new SeriesKey(f.twin(), "machine", "state"));
                double before = runningMean(s, state, f.time() - DAY, f.time());
                double weekBefore = runningMean(s, state, f.time() - 8 * DAY, f.time() - 7 * DAY);
                double spread = runningStd(s, state);
                assertTrue(Math.abs(before - weekBefore) < 0.3 * spread + 0.02 * Math.abs(weekBefore) + 1e-9,
                        key + " changed before a random fault: " + weekBefore + " -> " + before + " (spread "
                                + spread + ")");
                compared++;
            }
        }
        assertTrue(compared > 0, "some random faults were compared");
    }

    private static double runningStd(Recorder.Series s, Recorder.Series state) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (int i = 0; i < s.size; i++) {
            if (state.at(s.times[i]) == 0) {
                sum += s.values[i];
                sq += s.values[i] * s.values[i];
                n++;
            }
        }
        double m = sum / n;
        return Math.sqrt(Math.max(0, sq / n - m * m));
    }

    private static double runningMean(Recorder.Series s, Recorder.Series state, long from, long to) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < s.size; i++) {
            if (s.times[i] >= from && s.times[i] < to && state.at(s.times[i]) == 0) {
                sum += s.values[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    @Test
    void sensorFaultsChangeReadingsButNeverTheMachine() {
        var quiet = wearOnly(8);
        var faulty = quiet.withFaultRates(0, 40);
        Recorder a = run(quiet, halfWorn(), 11, 400);
        Recorder b = run(faulty, halfWorn(), 11, 400);
        assertTrue(b.sensorFaults.size() > 20, "sensor faults happened: " + b.sensorFaults.size());
        assertEquals(EnumSet.allOf(Records.SensorFaultKind.class),
                EnumSet.copyOf(b.sensorFaults.stream().map(Records.SensorFault::kind).toList()));
        assertEquals(a.failures, b.failures, "sensor faults must not change failures");
        assertEquals(a.maintenance, b.maintenance, "sensor faults must not change maintenance");
        assertNotEquals(a.hash, b.hash, "sensor faults show in the readings");
        assertTrue(b.samples < a.samples, "dropouts leave samples out");
    }

    @Test
    void sameSeedGivesTheSameOutputAndAnotherSeedDoesNot() {
        var settings = SimulationSettings.DEFAULTS.withAgeing(10).withFaultRates(2, 4);
        Recorder a = run(settings, Map.of(), 5, 60);
        Recorder b = run(settings, Map.of(), 5, 60);
        Recorder c = run(settings, Map.of(), 6, 60);
        assertEquals(a.hash, b.hash);
        assertEquals(a.failures, b.failures);
        assertEquals(a.maintenance, b.maintenance);
        assertEquals(a.sensorFaults, b.sensorFaults);
        assertNotEquals(a.hash, c.hash);
    }

    @Test
    void everyValueIsFiniteAndInsideItsChannelsPhysicalRange() {
        var settings = SimulationSettings.DEFAULTS.withAgeing(20).withFaultRates(3, 6);
        var fleet = TestFleets.fleet();
        var sim = new FleetSimulation(fleet, settings, Map.of(), 9, new Records.Listener() { });
        var specs = sim.series().stream()
                .map(k -> fleet.twins().get(k.twin()).type().channel(k.component(), k.channel()).orElseThrow())
                .toArray(ChannelSpec[]::new);
        long start = settings.start().toEpochMilli();
        int[] bad = {0};
        StringBuilder first = new StringBuilder();
        for (long t = start; t < start + 120 * DAY; t += STEP) {
            sim.step(t, (series, time, value) -> {
                ChannelSpec s = specs[series];
                boolean ok = switch (s.type()) {
                    case NUMBER, INTEGER -> Double.isFinite(value) && s.physical().contains(value);
                    case BOOLEAN -> value == 0 || value == 1;
                    case STATE -> value == Math.rint(value) && value >= 0 && value < s.states().size();
                };
                if (!ok && bad[0]++ == 0) {
                    first.append(sim.series().get(series)).append(" = ").append(value);
                }
            });
        }
        assertEquals(0, bad[0], "first bad value: " + first);
    }

    @Test
    void machinesGoDownOnFailureAndReturnToServiceAfterRepair() {
        Recorder rec = run(wearOnly(8).withPreventiveInterval(300), halfWorn(), 7, 400);
        Records.Failure f = rec.failures.get(0);
        Recorder.Series state = rec.series(new SeriesKey(f.twin(), "machine", "state"));
        assertEquals(2, state.at(f.time() + STEP), "down right after the failure");
        Records.Maintenance order = rec.maintenance.stream()
                .filter(m -> m.twin().equals(f.twin()) && m.time() == f.time() && m.mode().equals(f.mode()))
                .findFirst().orElseThrow(() -> new AssertionError("no work order at the failure time"));
        assertEquals(Records.Action.FAILURE_REPAIR, order.action(), "a breakdown is recorded as a failure repair");
        var back = java.util.regex.Pattern.compile("back in service (\\S+)\\)").matcher(order.notes());
        assertTrue(back.find(), order.notes());
        long backInService = java.time.Instant.parse(back.group(1)).toEpochMilli();
        assertTrue(backInService > f.time());
        assertEquals(3, state.at(backInService - STEP), "in maintenance while being repaired");
        assertTrue(state.at(backInService + 2 * STEP) <= 1, "back in service after the repair");
        assertTrue(rec.maintenance.stream().anyMatch(m -> m.action() == Records.Action.PREVENTIVE));
    }

    @Test
    void ambientFollowsDayAndSeasonWithinTheSitesRange() {
        Climate c = Climate.INNER_MONGOLIA;
        long start = SimulationSettings.DEFAULT_START.toEpochMilli();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long t = start; t < start + 365 * DAY; t += 3_600_000) {
            min = Math.min(min, c.temperature(t));
            max = Math.max(max, c.temperature(t));
        }
        assertTrue(min < -25 && min >= -31, "winter nights: " + min);
        assertTrue(max > 30 && max <= 36, "summer afternoons: " + max);
        assertTrue(c.temperature(start + 195 * DAY) > c.temperature(start + 15 * DAY) + 30, "July is warmer");
    }
}
