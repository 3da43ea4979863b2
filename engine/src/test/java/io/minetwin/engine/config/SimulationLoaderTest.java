package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.TRUCK;
import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.TwinId;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.TwinSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationLoaderTest {

    @TempDir
    Path dir;
    Map<String, AssetType> types;

    /** Line numbers matter: errors point at them. */
    private static final String FLEET = """
            namespace: baiyun
            site: Baiyun iron mine
            simulation:
              seed: 42
              start: 2025-03-01
              ageing: 25
              random-faults-per-year: 0.3
              sensor-faults-per-year: 1
              preventive-interval: 500h
              initial-wear: 0.8
              climate: {mean: 2.5, seasonal-amplitude: 25, daily-amplitude: 6, weather-amplitude: 2, utc-offset: 8}
              supplier-life: {"Substitute Co": 0.5}
            twins:
              truck-01:
                type: haul-truck
                simulation: {utilisation: 0.85, haul-km: 3.2, haul-grade: 9, life-factor: 1, initial-wear: 0.2}
              truck-02:
                type: haul-truck
            """;

    @BeforeEach
    void types() {
        AssetType truck = AssetTypeLoader.load(write(dir, "types/haul-truck.yaml", TRUCK));
        types = Map.of(truck.name(), truck);
    }

    private String error(String yaml) {
        Path f = write(dir, "fleet.yaml", yaml);
        return assertThrows(ConfigException.class, () -> SimulationLoader.load(f, types)).getMessage();
    }

    private String at(int line, int column) {
        return dir.resolve("fleet.yaml") + ":" + line + ":" + column + ": ";
    }

    @Test
    void fleetAndTwinSectionsLoad() {
        SimulationPlan plan = SimulationLoader.load(write(dir, "fleet.yaml", FLEET), types);
        assertEquals(OptionalLong.of(42), plan.seed());
        assertEquals(Instant.parse("2025-03-01T00:00:00Z"), plan.settings().start());
        assertEquals(25, plan.settings().ageing());
        assertEquals(0.3, plan.settings().randomFaultsPerYear());
        assertEquals(500, plan.settings().preventiveIntervalHours());
        assertEquals(8, plan.settings().climate().utcOffsetHours());
        assertEquals(Map.of("Substitute Co", 0.5), plan.settings().supplierLife());
        TwinSettings t = plan.twins().get(TwinId.parse("baiyun:truck-01"));
        assertEquals(0.85, t.utilisation());
        assertEquals(3.2, t.haulKm());
        assertEquals(0.2, t.initialWear().orElseThrow());
        assertEquals(Map.of(TwinId.parse("baiyun:truck-01"), t), plan.twins(), "twins without a section use defaults");
    }

    @Test
    void withoutSimulationSectionsTheDefaultsApply() {
        SimulationPlan plan = SimulationLoader.load(write(dir, "fleet.yaml", """
                namespace: baiyun
                twins:
                  truck-01: {type: haul-truck}
                """), types);
        assertEquals(OptionalLong.empty(), plan.seed());
        assertEquals(io.minetwin.simulator.SimulationSettings.DEFAULTS, plan.settings());
        assertTrue(plan.twins().isEmpty());
    }

    @Test
    void unknownAssetTypeNamesTheLineAndTheKnownTypes() {
        String msg = error(FLEET.replace("truck-02:\n    type: haul-truck", "truck-02:\n    type: haul-truk"));
        assertEquals(at(18, 11) + "twins.truck-02.type: asset type 'haul-truk' is not declared; did you mean"
                + " 'haul-truck'? known types: haul-truck (declare new types in the asset-types folder)", msg);
    }

    @Test
    void missingTypeSaysWhatToAdd() {
        String msg = error(FLEET.replace("  truck-02:\n    type: haul-truck\n", "  truck-02:\n    model: DE-290\n"));
        assertTrue(msg.startsWith(at(18, 5) + "twins.truck-02.type: missing; add it, e.g. 'type: haul-truck'"), msg);
    }

    @Test
    void missingNamespaceAndTwinsAreReported() {
        String msg = error("site: Baiyun iron mine\nsimulation: {seed: 1}\n");
        assertTrue(msg.contains("namespace: missing; add it, e.g. 'namespace: baiyun'"), msg);
        assertTrue(msg.contains("twins: missing; add it"), msg);
        assertTrue(msg.contains(dir.resolve("fleet.yaml") + ":1:1: "), msg);
    }

    @Test
    void negativeFleetRatesAreReportedWithTheAllowedRange() {
        String msg = error(FLEET.replace("random-faults-per-year: 0.3", "random-faults-per-year: -1")
                .replace("sensor-faults-per-year: 1", "sensor-faults-per-year: -2"));
        assertTrue(msg.contains(at(7, 27) + "simulation.random-faults-per-year: -1 is negative; give a number from 0"
                + " to 1000, per machine, e.g. 0.3; 0 for none"), msg);
        assertTrue(msg.contains(at(8, 27) + "simulation.sensor-faults-per-year: -2 is negative; give a number from 0"
                + " to 1000, per machine, e.g. 1; 0 for none"), msg);
    }

    @Test
    void negativeOrZeroAgeingAndWearAreRefused() {
        String msg = error(FLEET.replace("ageing: 25", "ageing: 0").replace("initial-wear: 0.8", "initial-wear: -0.1"));
        assertTrue(msg.contains(at(6, 11) + "simulation.ageing: 0 is out of range; give a number from 0.001 to"
                + " 1000000, e.g. 25 so a year holds dozens of failures"), msg);
        assertTrue(msg.contains(at(10, 17) + "simulation.initial-wear: -0.1 is negative; give a number from 0 to"
                + " 0.95"), msg);
    }

    @Test
    void negativeTwinValuesAreEachReported() {
        String msg = error(FLEET.replace("utilisation: 0.85, haul-km: 3.2", "utilisation: -0.2, haul-km: -3"));
        assertTrue(msg.contains(at(16, 31) + "twins.truck-01.simulation.utilisation: -0.2 is negative; give a number"
                + " from 0 to 1, the share of scheduled time at work, e.g. 0.85"), msg);
        assertTrue(msg.contains("twins.truck-01.simulation.haul-km: -3 is negative; give a number from 0.1 to 50,"
                + " one-way haul in km, e.g. 3.2"), msg);
    }

    @Test
    void negativeSupplierLifeAndClimateOutOfRangeAreRefused() {
        String msg = error(FLEET.replace("\"Substitute Co\": 0.5", "\"Substitute Co\": -0.5")
                .replace("daily-amplitude: 6", "daily-amplitude: -6"));
        assertTrue(msg.contains(at(12, 36) + "simulation.supplier-life.Substitute Co: -0.5 is not a life factor;"
                + " give a number above 0, e.g. 0.6 for parts that last 60 % as long"), msg);
        assertTrue(msg.contains("simulation.climate.daily-amplitude: -6 is negative; give a number from 0 to 30"), msg);
    }

    @Test
    void misspelledKeySuggestsTheKnownOne() {
        String msg = error(FLEET.replace("  ageing: 25", "  ageng: 25"));
        assertTrue(msg.startsWith(at(6, 3) + "simulation.ageng: unknown key; did you mean 'ageing'?"), msg);
        String twin = error(FLEET.replace("haul-km: 3.2", "haul-kms: 3.2"));
        assertTrue(twin.contains("twins.truck-01.simulation.haul-kms: unknown key; did you mean 'haul-km'?"), twin);
    }

    @Test
    void badSeedStartAndIntervalSayTheFormat() {
        String msg = error(FLEET.replace("seed: 42", "seed: forty-two").replace("2025-03-01", "01/03/2025")
                .replace("500h", "30m"));
        assertTrue(msg.contains(at(4, 9) + "simulation.seed: 'forty-two' is not a whole number; give a seed such as"
                + " 42"), msg);
        assertTrue(msg.contains(at(5, 10) + "simulation.start: '01/03/2025' is not a date or instant; write"
                + " 2025-01-01 or 2025-01-01T00:00:00Z"), msg);
        assertTrue(msg.contains(at(9, 24) + "simulation.preventive-interval: 30m is shorter than an hour; give"
                + " operating hours between services, e.g. 500h"), msg);
    }

    @Test
    void sectionThatIsNotAMappingIsReported() {
        String msg = error(FLEET.replace("    simulation: {utilisation", "    simulation: 5\n    x-old: {utilisation"));
        assertTrue(msg.contains(at(16, 17) + "twins.truck-01.simulation: expected a mapping of keys to values but found"
                + " the number 5"), msg);
    }
}
