package io.minetwin.engine.cmms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.config.CmmsMappingLoader;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SAP PM- and Maximo-shaped exports read through the shipped mappings of the demo fleet. */
class CmmsImportTest {

    static final Path CMMS = Path.of("..", "config", "cmms");
    static final CmmsMapping SAP = CmmsMappingLoader.load(CMMS.resolve("sap-pm-demo.yaml"));
    static final CmmsMapping MAXIMO = CmmsMappingLoader.load(CMMS.resolve("maximo-demo.yaml"));

    /** What a record means, without the CMMS's own references. */
    record Meaning(Instant time, TwinId twin, String component, EventKind kind, String action, String mode,
                   String finish) {
        static Meaning of(Event e) {
            return new Meaning(e.time(), e.twin(), e.component(), e.kind(), e.details().get("action"),
                    e.details().get("mode"), e.details().get("finish"));
        }
    }

    static final List<Meaning> EXPECTED = List.of(
            new Meaning(Instant.parse("2025-03-14T00:30:00Z"), TwinId.parse("baiyun:shovel-01"), "hoist-motor",
                    EventKind.FAILURE, "failure-repair", "bearing-wear", "2025-03-14T14:15:00Z"),
            new Meaning(Instant.parse("2025-04-01T23:00:00Z"), TwinId.parse("baiyun:truck-07"), "engine",
                    EventKind.MAINTENANCE, "preventive", null, "2025-04-02T05:00:00Z"),
            new Meaning(Instant.parse("2025-04-19T07:40:00Z"), TwinId.parse("baiyun:truck-13-left-inverter"), "igbt",
                    EventKind.FAILURE, "failure-repair", "bond-wire-lift-off", "2025-04-19T19:10:00Z"),
            new Meaning(Instant.parse("2025-05-05T01:00:00Z"), TwinId.parse("baiyun:crusher-02"), "mantle",
                    EventKind.MAINTENANCE, "inspection", null, "2025-05-05T03:00:00Z"),
            new Meaning(Instant.parse("2025-05-27T23:30:00Z"), TwinId.parse("baiyun:shovel-02"), "hoist-rope",
                    EventKind.MAINTENANCE, "replacement", "rope-wear", "2025-05-28T17:00:00Z"));

    @Test
    void aSapPmExportLandsAsTheRightEvents() {
        CmmsImport.Result r = new CmmsImport(SAP).read(CMMS.resolve("examples/sap-pm-orders.csv"));
        assertEquals(0, r.parsed().badRows(), r.parsed().problems().toString());
        assertEquals(7, r.parsed().rows());
        assertEquals(2, r.skipped(), "the DLFL order and the haul road are skipped");
        assertEquals(EXPECTED, r.parsed().events().stream().map(Meaning::of).toList());
        Map<String, String> first = r.parsed().events().get(0).details();
        assertEquals("4000123", first.get("order"));
        assertEquals("10004567", first.get("notification"));
        assertEquals("sap-pm", first.get("source"));
        assertEquals("LUBR", first.get("cause"));
        assertEquals("Hoist motor DE bearing noisy, replaced", first.get("notes"));
    }

    @Test
    void aMaximoExportOfTheSameWorkLandsAsTheSameEvents() {
        CmmsImport.Result r = new CmmsImport(MAXIMO).read(CMMS.resolve("examples/maximo-workorders.csv"));
        assertEquals(0, r.parsed().badRows(), r.parsed().problems().toString());
        assertEquals(2, r.skipped(), "the cancelled order and the light vehicle are skipped");
        assertEquals(EXPECTED, r.parsed().events().stream().map(Meaning::of).toList());
        Map<String, String> third = r.parsed().events().get(2).details();
        assertEquals("1043", third.get("order"));
        assertEquals("maximo", third.get("source"));
        assertEquals("THERMCYC", third.get("cause"));
        assertEquals("REPLMOD", third.get("remedy"));
        assertEquals("HT13-LINV-IGBT", third.get("cmms-object"));
    }

    @Test
    void theImportedTwinsAndComponentsAreInTheDemoFleet() {
        Fleet fleet = EngineConfig.load(Path.of("..", "config", "minetwin.yaml")).loadFleet();
        for (Meaning m : EXPECTED) {
            var twin = fleet.twin(m.twin()).orElseThrow(() -> new AssertionError(m.twin() + " not in the fleet"));
            assertTrue(twin.type().component(m.component()).isPresent(), m.twin() + "." + m.component());
        }
    }

    @Test
    void badRowsAreListedWithLineColumnAndFix() throws IOException {
        String text = Files.readString(CMMS.resolve("examples/sap-pm-orders.csv"))
                .replace("BYIM-OP-HL-TRK13-TDL", "BYIM-OP-HL-TRK13-TDX")
                .replace("05.05.2025,09:00:00", "31.02.2025,09:00:00")
                .replace(",PM03,", ",PM07,");
        CmmsImport.Result r = new CmmsImport(SAP).parse("orders.csv", text);
        assertEquals(3, r.parsed().badRows());
        var problems = r.parsed().problems();
        assertEquals(List.of(4L, 5L, 8L), problems.stream().map(p -> p.line()).toList());
        assertTrue(problems.get(0).message().startsWith("column 'Functional Location': 'BYIM-OP-HL-TRK13-TDX' matches"
                + " no entry under 'assets:'"), problems.get(0).message());
        assertTrue(problems.get(0).message().contains("add one, e.g. '- {match: BYIM-OP-HL-TRK13-TDX, twin:"),
                problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("column 'Basic Start Date': '31.02.2025' is not a date written"
                + " dd.MM.yyyy"), problems.get(1).message());
        assertTrue(problems.get(2).message().startsWith("column 'Order Type': 'PM07' is not under 'actions:'"),
                problems.get(2).message());
    }

    @Test
    void aHeaderWithoutARequiredColumnNamesItAndTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CmmsImport(MAXIMO).parse("wo.csv",
                "WONUM,ASSETNUM,ACTSTART\n1,SHV01-HM,3/14/25 8:30 AM\n"));
        assertTrue(e.getMessage().startsWith("wo.csv:1: the header has no column 'WORKTYPE' (order-type)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("under 'columns:'"), e.getMessage());
    }

    @Test
    void anOrderListedTwiceIsReadOnce() {
        String text = """
                WONUM,WORKTYPE,STATUS,ASSETNUM,PROBLEMCODE,ACTSTART
                1041,CM,CLOSE,SHV01-HM,BRGWEAR,2025-03-14T08:30:00+08:00
                1041,CM,CLOSE,SHV01-HM,BRGWEAR,2025-03-14T08:30:00+08:00
                1048,PM,COMP,HT02-LINV-COOL,,2025-03-15T10:00:00
                """;
        CmmsMapping iso = new CmmsMapping(MAXIMO.file(), MAXIMO.format(), MAXIMO.zone(), MAXIMO.columns(),
                CmmsFormat.MAXIMO.datePattern(), null, MAXIMO.assets(), MAXIMO.components(), MAXIMO.modes(),
                null, MAXIMO.actions(), null, MAXIMO.skipStatus(), "PDM", null);
        CmmsImport.Result r = new CmmsImport(iso).parse("wo.csv", text);
        assertEquals(0, r.parsed().badRows(), r.parsed().problems().toString());
        assertEquals(1, r.duplicates());
        assertEquals(2, r.parsed().events().size());
        assertEquals(Instant.parse("2025-03-14T00:30:00Z"), r.parsed().events().get(0).time());
        assertEquals(Instant.parse("2025-03-15T02:00:00Z"), r.parsed().events().get(1).time(),
                "a date without an offset is in the mapping's time zone");
        assertEquals("cooling", r.parsed().events().get(1).component());
    }
}
