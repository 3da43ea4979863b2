package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.TRUCK;
import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetLoaderTest {

    @TempDir
    Path dir;
    Map<String, AssetType> types;

    private static final String FLEET = """
            namespace: baiyun
            site: Baiyun iron mine
            simulation: {seed: 42}
            twins:
              truck-01:
                type: haul-truck
                model: DE-290
                serial: HT-290-2037
                commissioned: 2017-06-08
                suppliers: {engine: Cummins}
                simulation: {ambient: -30}
                x-cost-centre: 4711
              truck-01-copy:
                type: haul-truck
                parent: {twin: truck-01, component: engine, position: front}
            """;

    @BeforeEach
    void types() {
        AssetType truck = AssetTypeLoader.load(write(dir, "types/haul-truck.yaml", TRUCK));
        types = Map.of(truck.name(), truck);
    }

    private String error(String yaml) {
        Path f = write(dir, "fleet.yaml", yaml);
        return assertThrows(ConfigException.class, () -> FleetLoader.load(f, types)).getMessage();
    }

    @Test
    void fleetLoadsWithReservedAndExtensionKeysIgnored() {
        Fleet fleet = FleetLoader.load(write(dir, "fleet.yaml", FLEET), types);
        var truck = fleet.twin(TwinId.parse("baiyun:truck-01")).orElseThrow();
        assertEquals("DE-290", truck.attributes().model());
        assertEquals("Baiyun iron mine", truck.attributes().site());
        assertEquals(Optional.of(LocalDate.of(2017, 6, 8)), truck.attributes().commissioned());
        assertEquals(Map.of("engine", "Cummins"), truck.attributes().suppliers());
        var copy = fleet.twin(TwinId.parse("baiyun:truck-01-copy")).orElseThrow();
        assertEquals("front", copy.attributes().parent().orElseThrow().position());
    }

    @Test
    void undeclaredTypeNamesTheKnownTypes() {
        String msg = error(FLEET.replace("type: haul-truck\n    model", "type: haul-truk\n    model"));
        assertEquals(dir.resolve("fleet.yaml") + ":6:11: twins.truck-01.type: asset type 'haul-truk' is not declared;"
                + " did you mean 'haul-truck'? known types: haul-truck (declare new types in the asset-types folder)", msg);
    }

    @Test
    void unknownTwinKeyIsAnErrorButSimulationIsNot() {
        String msg = error(FLEET.replace("serial:", "serail:"));
        assertTrue(msg.contains(":8:5: twins.truck-01.serail: unknown key; did you mean 'serial'?"), msg);
    }

    @Test
    void parentMustBeInTheFleet() {
        String msg = error(FLEET.replace("{twin: truck-01,", "{twin: truck-02,"));
        assertTrue(msg.contains(":15:20: twins.truck-01-copy.parent.twin: twin baiyun:truck-02 is not in this fleet;"
                + " did you mean 'baiyun:truck-01'?"), msg);
    }

    @Test
    void parentComponentMustBeAComponentOfTheParentsType() {
        String msg = error(FLEET.replace("component: engine", "component: engin"));
        assertTrue(msg.contains("twins.truck-01-copy.parent.component: asset type 'haul-truck' of baiyun:truck-01 has"
                + " no component 'engin'; did you mean 'engine'?"), msg);
    }

    @Test
    void supplierOfAnUnknownComponentIsReported() {
        String msg = error(FLEET.replace("{engine: Cummins}", "{engines: Cummins}"));
        assertTrue(msg.contains(":10:17: twins.truck-01.suppliers.engines: asset type 'haul-truck' has no component"
                + " 'engines'; did you mean 'engine'?"), msg);
    }

    @Test
    void badDateSaysTheFormat() {
        String msg = error(FLEET.replace("2017-06-08", "08/06/2017"));
        assertTrue(msg.contains(":9:19: twins.truck-01.commissioned: '08/06/2017' is not a date; write it as"
                + " YYYY-MM-DD"), msg);
    }

    @Test
    void missingTypeIsReported() {
        String msg = error(FLEET.replace("    type: haul-truck\n    parent", "    parent"));
        assertTrue(msg.contains("twins.truck-01-copy.type: missing; add it, e.g. 'type: haul-truck'"), msg);
    }

    @Test
    void parentCycleIsReported() {
        String msg = error(FLEET.replace("    suppliers: {engine: Cummins}",
                "    suppliers: {engine: Cummins}\n    parent: {twin: truck-01-copy, component: engine}"));
        assertTrue(msg.contains("break the cycle"), msg);
    }
}
