package io.minetwin.engine.cmms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.config.CmmsMappingLoader;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped CMMS mappings cover the demo fleet both ways, and a bad mapping file is reported by line. */
class CmmsMappingTest {

    static final Path CMMS = Path.of("..", "config", "cmms");

    @TempDir
    Path dir;

    @Test
    void everyComponentOfTheDemoFleetMapsToTheCmmsAndBack() {
        Fleet fleet = EngineConfig.load(Path.of("..", "config", "minetwin.yaml")).loadFleet();
        for (String file : List.of("sap-pm-demo.yaml", "maximo-demo.yaml")) {
            CmmsMapping m = CmmsMappingLoader.load(CMMS.resolve(file));
            List<String> missing = new ArrayList<>();
            int checked = 0;
            for (TwinDefinition d : fleet.twins().values()) {
                for (String component : d.type().componentNames()) {
                    var place = m.identifier(d.id(), component);
                    if (place.isEmpty()) {
                        missing.add(d.id() + "." + component);
                        continue;
                    }
                    CmmsMapping.Target back = m.resolve(place.get().identifier()).orElseThrow();
                    assertEquals(d.id(), back.twin(), file + " " + place.get());
                    String part = back.part() != null ? back.part() : place.get().objectPart();
                    String resolved = back.component() != null ? back.component() : m.components().get(part);
                    assertEquals(component, resolved, file + " " + place.get());
                    checked++;
                }
            }
            assertEquals(List.of(), missing, file);
            assertTrue(checked > 500, file + ": " + checked);
        }
    }

    @Test
    void theSapMappingReadsFunctionalLocationsAsTheirTwins() {
        CmmsMapping m = CmmsMappingLoader.load(CMMS.resolve("sap-pm-demo.yaml"));
        assertEquals(CmmsFormat.SAP_PM, m.format());
        assertEquals(TwinId.parse("baiyun:truck-13-left-inverter"), m.resolve("BYIM-OP-HL-TRK13-TDL").orElseThrow().twin());
        assertEquals(TwinId.parse("baiyun:truck-13"), m.resolve("BYIM-OP-HL-TRK13").orElseThrow().twin());
        assertTrue(m.resolve("BYIM-OP-HL-ROAD2").orElseThrow().ignored());
        assertTrue(m.resolve("BYIM-OP-HL-TRK13-XYZ").isEmpty());
        assertEquals(new CmmsMapping.Reverse("BYIM-OP-LD-SHV02-SDRV", "DCL"),
                m.identifier(TwinId.parse("baiyun:shovel-02-swing-inverter"), "dc-link").orElseThrow());
        assertEquals("BWLO", m.code("bond-wire-lift-off").orElseThrow());
        assertFalse(m.identifier(TwinId.parse("baiyun:truck-01"), "no-such-part").isPresent());
    }

    @Test
    void theShippedConfigurationNamesOneMappingPerFormat() {
        EngineConfig config = EngineConfig.load(Path.of("..", "config", "minetwin.yaml"));
        List<CmmsMapping> mappings = CmmsMappingLoader.fromSection(config.sections().get("cmms"), config.file());
        assertEquals(List.of(CmmsFormat.SAP_PM, CmmsFormat.MAXIMO), mappings.stream().map(CmmsMapping::format).toList());
        ConfigException twice = assertThrows(ConfigException.class, () -> CmmsMappingLoader.fromSection(
                java.util.Map.of("mappings", List.of("cmms/sap-pm-demo.yaml", "cmms/sap-pm-demo.yaml")),
                config.file()));
        assertTrue(twice.getMessage().contains("both map sap-pm exports; keep one per format"), twice.getMessage());
        ConfigException shape = assertThrows(ConfigException.class, () -> CmmsMappingLoader.fromSection(
                "cmms/sap-pm-demo.yaml", config.file()));
        assertTrue(shape.getMessage().contains("cmms: {mappings: ["), shape.getMessage());
    }

    @Test
    void aBadMappingFileIsReportedWithLineAndKey() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                format: sap-pm
                timezone: Mars/Olympus
                assets:
                  - {match: "A-{n}", twin: "baiyun:truck-{m}"}
                actions:
                  PM01: repaired
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> CmmsMappingLoader.load(file));
        String message = e.getMessage();
        assertTrue(message.contains(file + ":2:") && message.contains("'Mars/Olympus' is not a time zone"), message);
        assertTrue(message.contains(":4:") && message.contains("'{m}'"), message);
        assertTrue(message.contains("actions.PM01") && message.contains("'repaired' is not one of"), message);
    }
}
