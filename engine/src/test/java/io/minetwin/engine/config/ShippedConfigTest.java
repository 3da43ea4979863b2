package io.minetwin.engine.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import io.minetwin.store.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration shipped in the repository's {@code config/} folder loads and says what it should. */
class ShippedConfigTest {

    static final Path CONFIG = Path.of("..", "config", "minetwin.yaml");

    @Test
    void engineConfigResolvesPathsAgainstItsFolder() {
        EngineConfig c = EngineConfig.load(CONFIG);
        assertEquals(Path.of("..", "data").normalize(), c.dataDir());
        assertEquals(Path.of("..", "config", "asset-types"), c.assetTypesDir());
        assertEquals(Path.of("..", "config", "fleets", "demo.yaml"), c.fleetFile());
        assertEquals(new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(730), Duration.ZERO), c.retention());
        assertEquals(Duration.ofMinutes(5), c.farFutureTolerance());
        assertEquals(Duration.ofMinutes(1), c.snapshotInterval());
    }

    @Test
    void everyAssetTypeLoadsAndHasAMachineState() {
        Map<String, AssetType> types = EngineConfig.load(CONFIG).loadAssetTypes();
        assertEquals(List.of("crusher", "drill-rig", "drive-inverter", "electric-shovel", "haul-truck"),
                List.copyOf(types.keySet()));
        for (AssetType t : types.values()) {
            var state = t.channel("machine", "state").orElseThrow(() -> new AssertionError(t.name()));
            assertEquals(ValueType.STATE, state.type());
            assertTrue(state.states().containsAll(List.of("running", "idle", "down", "maintenance")), t.name());
        }
    }

    @Test
    void assetTypesCarryTheDomainLimits() {
        var types = EngineConfig.load(CONFIG).loadAssetTypes();
        var coolant = types.get("haul-truck").channel("engine", "coolant-temp").orElseThrow();
        assertEquals(102, coolant.limits().highWarning().getAsDouble());
        assertEquals(107, coolant.limits().highAlarm().getAsDouble());
        var winding = types.get("electric-shovel").channel("hoist-motor-2", "winding-temp").orElseThrow();
        assertEquals(155, winding.limits().highAlarm().getAsDouble());
        assertEquals(6, types.get("haul-truck").componentNames().stream().filter(n -> n.startsWith("tyre-")).count());
    }

    @Test
    void demoFleetHasTheMachinesAndTheirInverters() {
        Fleet fleet = EngineConfig.load(CONFIG).loadFleet();
        assertEquals("baiyun", fleet.namespace());
        assertEquals(4, fleet.ofType("electric-shovel").size());
        assertEquals(16, fleet.ofType("haul-truck").size());
        assertEquals(28, fleet.twins().size() - fleet.ofType("drive-inverter").size());
        assertEquals(4 * 3 + 16 * 2, fleet.ofType("drive-inverter").size());
        var hoist = fleet.twin(TwinId.parse("baiyun:shovel-01-hoist-inverter")).orElseThrow();
        var parent = hoist.attributes().parent().orElseThrow();
        assertEquals(TwinId.parse("baiyun:shovel-01"), parent.twin());
        assertEquals("hoist-motor", parent.component());
        assertEquals(3, fleet.children(TwinId.parse("baiyun:shovel-04")).size());
        // Every machine works in an area of the mine (the fleet tree groups by it); drives go with their machine.
        assertEquals("South pit", fleet.twin(TwinId.parse("baiyun:shovel-04")).orElseThrow().attributes().area());
        assertEquals(28, fleet.twins().values().stream().filter(d -> !d.attributes().area().isEmpty()).count());
    }

    @Test
    void someTrucksRunDomesticSubstituteInverters() {
        Fleet fleet = EngineConfig.load(CONFIG).loadFleet();
        long domestic = fleet.ofType("drive-inverter").stream()
                .filter(d -> d.attributes().suppliers().getOrDefault("igbt", "").contains("domestic substitute"))
                .count();
        assertEquals(8, domestic);
        assertEquals("Baiyun iron mine", fleet.twin(TwinId.parse("baiyun:truck-16")).orElseThrow().attributes().site());
    }
}
