package io.minetwin.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Fleet;
import io.minetwin.model.Limits;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Locks the simulator's output down: a short deterministic simulation of a fleet that has every channel
 * physics, every failure mode, random faults, sensor faults and services must hash to the digest
 * recorded when the physics still lived in one switch. A change of physics, of the order of random
 * draws, or of maintenance changes the digest; a refactoring must not.
 *
 * <p>If the simulator's behaviour is changed on purpose, record the new digests from this test's
 * failure message and say so in the commit.
 */
class GoldenSimulationTest {

    /** Digest of every sample (series index, time, value bits) of {@link #run}, recorded before the split. */
    private static final String SAMPLES = "a4dd3f47d93336df5ede22d86c6b8e8f543155fbbd1e6bcf1f1c2a4320d5de7e";
    /** Digest of the failures, maintenance records and sensor faults, in the order they were reported. */
    private static final String RECORDS = "f6c1fd89121961dbb283795fbb124593cd95ef136c79ba8ccc4e47122a1e9750";

    private static final long STEP = 600_000;
    private static final long DAY = 86_400_000;

    @Test
    void aShortSimulationOfEveryPhysicsGivesTheRecordedOutput() throws NoSuchAlgorithmException {
        Recorded r = run();
        assertTrue(r.failures > 0 && r.maintenance > 0 && r.sensorFaults > 0,
                "the run must exercise failures, maintenance and sensor faults: " + r);
        assertEquals(SAMPLES, r.samples, "samples changed: " + r);
        assertEquals(RECORDS, r.records, "records changed: " + r);
    }

    private record Recorded(String samples, String records, long count, int failures, int maintenance,
                            int sensorFaults) {
    }

    private static Recorded run() throws NoSuchAlgorithmException {
        MessageDigest samples = MessageDigest.getInstance("SHA-256");
        StringBuilder records = new StringBuilder();
        int[] counts = new int[3];
        Records.Listener listener = new Records.Listener() {
            @Override
            public void maintenance(Records.Maintenance m) {
                records.append(m).append('\n');
                counts[1]++;
            }

            @Override
            public void failure(Records.Failure f) {
                records.append(f).append('\n');
                counts[0]++;
            }

            @Override
            public void sensorFault(Records.SensorFault s) {
                records.append(s).append('\n');
                counts[2]++;
            }
        };
        SimulationSettings settings = SimulationSettings.DEFAULTS.withAgeing(30).withFaultRates(4, 12)
                .withPreventiveInterval(250).withInitialWear(0.9);
        var sim = new FleetSimulation(fleet(), settings, Map.of(), 11, listener);
        ByteBuffer buf = ByteBuffer.allocate(20);
        long[] count = new long[1];
        SampleSink sink = (s, t, v) -> {
            buf.clear();
            buf.putInt(s).putLong(t).putLong(Double.doubleToRawLongBits(v));
            samples.update(buf.array());
            count[0]++;
        };
        long start = settings.start().toEpochMilli();
        for (long t = start; t < start + 120 * DAY; t += STEP) {
            sim.step(t, sink);
        }
        String recordDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(records.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return new Recorded(HexFormat.of().formatHex(samples.digest()), recordDigest, count[0], counts[0], counts[1],
                counts[2]);
    }

    private static ChannelSpec num(String name, String unit, double min, double max) {
        return TestFleets.num(name, unit, min, max);
    }

    /** A truck with every channel of the shipped one (brakes, fuel, a wheel motor each side). */
    private static AssetType fullTruck() {
        return new AssetType("haul-truck", "", List.of(
                TestFleets.component("engine",
                        num("coolant-temp", "degC", -50, 150).withNormal(80, 95).withLimits(Limits.high(102, 107)),
                        num("oil-pressure", "kPa", 0, 1500).withNormal(300, 550)
                                .withLimits(Limits.NONE.withLowAlarm(200).withLowWarning(250)),
                        num("oil-temp", "degC", -50, 200).withNormal(80, 105),
                        num("exhaust-temp-left", "degC", -50, 1000),
                        num("exhaust-temp-right", "degC", -50, 1000),
                        num("boost-pressure", "kPa", 0, 500),
                        num("speed", "rpm", 0, 3000),
                        num("fuel-rate", "L/h", 0, 500),
                        num("blow-by", "kPa", 0, 20)),
                TestFleets.component("wheel-motor-left",
                        num("stator-temp", "degC", -50, 300),
                        num("bearing-temp", "degC", -50, 250)),
                TestFleets.component("wheel-motor-right",
                        num("stator-temp", "degC", -50, 300),
                        num("bearing-temp", "degC", -50, 250)),
                TestFleets.component("tyre-1", num("pressure", "kPa", 0, 1500), num("temperature", "degC", -60, 200)),
                TestFleets.component("brakes", num("brake-oil-temp", "degC", -50, 200),
                        num("retarder-grid-temp", "degC", -50, 1200)),
                TestFleets.component("body", num("payload", "t", -10, 500), num("speed", "km/h", 0, 80),
                        num("grade", "%", -30, 30), ChannelSpec.state("load-state", List.of("empty", "loaded"))),
                TestFleets.component("machine", TestFleets.state(), num("operating-hours", "h", 0, 1_000_000))));
    }

    /** The shovel with its energy channel and a swing gearbox that shows bearing wear by vibration. */
    private static AssetType fullShovel() {
        var components = new java.util.ArrayList<>(TestFleets.shovel().components());
        components.add(TestFleets.component("swing-gearbox", num("oil-temp", "degC", -50, 200).withNormal(50, 80),
                num("vibration", "mm/s", 0, 100)));
        components.add(TestFleets.component("swing-motor", num("winding-temp", "degC", -50, 250),
                num("current", "A", -4000, 4000)));
        components.add(TestFleets.component("dipper-energy", num("energy-per-cycle", "kWh", 0, 100)));
        return new AssetType("electric-shovel", "", components);
    }

    private static AssetType crusher() {
        return new AssetType("crusher", "", List.of(
                TestFleets.component("mantle", num("css", "mm", 0, 400), num("position", "mm", 0, 500),
                        num("wear", "%", 0, 100).withNormal(0, 80)),
                TestFleets.component("eccentric-bearing",
                        num("temperature", "degC", -50, 200).withNormal(40, 70),
                        num("vibration", "mm/s", 0, 100).withNormal(0, 2.8)),
                TestFleets.component("lube-oil",
                        num("supply-temp", "degC", -50, 150).withNormal(35, 50),
                        num("pressure", "kPa", 0, 1000).withNormal(150, 250),
                        num("filter-dp", "kPa", 0, 1000).withNormal(0, 100)),
                TestFleets.component("motor", num("winding-temp", "degC", -50, 250).withNormal(60, 120),
                        num("current", "A", 0, 2000), num("power", "kW", 0, 1500)),
                TestFleets.component("feed", num("throughput", "t/h", 0, 5000), num("level", "%", 0, 100)),
                TestFleets.component("machine", TestFleets.state(), num("operating-hours", "h", 0, 1_000_000))));
    }

    private static AssetType drill() {
        return new AssetType("drill-rig", "", List.of(
                TestFleets.component("rotation", num("speed", "rpm", 0, 200), num("torque", "kN.m", 0, 50),
                        num("motor-temp", "degC", -50, 200)),
                TestFleets.component("compressor", num("discharge-temp", "degC", -50, 200),
                        num("oil-pressure", "kPa", 0, 1000)),
                TestFleets.component("engine", num("coolant-temp", "degC", -50, 150),
                        num("oil-pressure", "kPa", 0, 1500).withNormal(300, 550)),
                TestFleets.component("machine", TestFleets.state(), num("hole-depth", "m", 0, 100),
                        num("operating-hours", "h", 0, 1_000_000),
                        num("cycles", "", 0, 1e9).withType(ValueType.INTEGER))));
    }

    private static Fleet fleet() {
        var types = new LinkedHashMap<String, AssetType>();
        for (AssetType t : List.of(fullShovel(), fullTruck(), TestFleets.inverter(), TestFleets.conveyor(), crusher(),
                drill())) {
            types.put(t.name(), t);
        }
        var twins = new TreeMap<TwinId, TwinDefinition>();
        add(twins, "shovel-01", types.get("electric-shovel"), Map.of("hoist-motor", "Siemens"), null);
        add(twins, "shovel-01-hoist-inverter", types.get("drive-inverter"), Map.of("igbt", "Infineon"),
                new io.minetwin.model.ParentLink(TestFleets.id("shovel-01"), "hoist-motor", "hoist"));
        add(twins, "truck-01", types.get("haul-truck"), Map.of(), null);
        add(twins, "truck-01-left-inverter", types.get("drive-inverter"), Map.of(),
                new io.minetwin.model.ParentLink(TestFleets.id("truck-01"), "wheel-motor-left", "left"));
        add(twins, "truck-02", types.get("haul-truck"), Map.of(), null);
        add(twins, "conveyor-01", types.get("conveyor"), Map.of(), null);
        add(twins, "crusher-01", types.get("crusher"), Map.of(), null);
        add(twins, "drill-01", types.get("drill-rig"), Map.of(), null);
        return new Fleet("test", "Test pit", types, twins);
    }

    private static void add(Map<TwinId, TwinDefinition> twins, String name, AssetType type,
                            Map<String, String> suppliers, io.minetwin.model.ParentLink parent) {
        var attributes = new TwinAttributes("M-1", "Test pit", "SN-" + name, Optional.of(LocalDate.of(2019, 6, 1)),
                suppliers, Optional.ofNullable(parent));
        twins.put(TestFleets.id(name), new TwinDefinition(TestFleets.id(name), type, attributes));
    }
}
