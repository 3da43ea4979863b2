package io.minetwin.engine.cmms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.engine.config.CmmsMappingLoader;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Work-order requests written in the Maximo and SAP PM shapes with the shipped mappings in reverse. */
class CmmsExportTest {

    static final Path CMMS = Path.of("..", "config", "cmms");

    static final List<CmmsExport.Request> REQUESTS = List.of(
            new CmmsExport.Request("alert-41", TwinId.parse("baiyun:truck-13-left-inverter"), "igbt", 1,
                    "Repair or replace igbt on truck-13-left-inverter: 81% failure probability within 72h, with a"
                            + " long tail to make the text too long for the CMMS",
                    Instant.parse("2025-06-01T02:00:00Z"), Instant.parse("2025-06-03T20:30:00Z"), "bond-wire-lift-off",
                    List.of("igbt heatsink-temp: mean over 6 h (weight 0.70)", "=cmd|' /C calc'!A0")),
            new CmmsExport.Request("baiyun:shovel-02.hoist-gearbox.1748743200000", TwinId.parse("baiyun:shovel-02"),
                    "hoist-gearbox", 2, "Inspect hoist-gearbox on shovel-02", Instant.parse("2025-06-01T02:00:00Z"),
                    Instant.parse("2025-06-12T02:00:00Z"), null, List.of()),
            new CmmsExport.Request("x", TwinId.parse("baiyun:loader-01"), "bucket", 3, "Inspect bucket on loader-01",
                    Instant.parse("2025-06-01T02:00:00Z"), Instant.parse("2025-06-12T02:00:00Z"), null, List.of()));

    private static List<String> column(List<MaintenanceRecords.Row> rows, String name) {
        int i = rows.get(0).fields().indexOf(name);
        return rows.subList(1, rows.size()).stream().map(r -> r.fields().get(i)).toList();
    }

    @Test
    void maximoRequestsCarryTheAssetNumbersAndCodesOfTheMapping() {
        CmmsMapping mapping = CmmsMappingLoader.load(CMMS.resolve("maximo-demo.yaml"));
        CmmsExport.Result r = new CmmsExport(mapping).write(REQUESTS);
        assertEquals(2, r.rows());
        assertEquals(List.of("baiyun:loader-01.bucket"), r.unmapped());
        var rows = MaintenanceRecords.csvRows(r.csv().strip());
        assertEquals(CmmsFormat.MAXIMO.requestColumns(), rows.get(0).fields());
        assertEquals(List.of("HT13-LINV-IGBT", "SHV02-HG"), column(rows, "ASSETNUM"));
        assertEquals(List.of("IGBTFAIL", ""), column(rows, "PROBLEMCODE"));
        assertEquals(List.of("PDM", "PDM"), column(rows, "WORKTYPE"));
        assertEquals(List.of("WAPPR", "WAPPR"), column(rows, "STATUS"));
        assertEquals(List.of("BYIM", "BYIM"), column(rows, "SITEID"));
        assertEquals(List.of("1", "2"), column(rows, "WOPRIORITY"));
        // the mapping's date format, in its time zone (UTC+8)
        assertEquals(List.of("6/4/25 4:30 AM", "6/12/25 10:00 AM"), column(rows, "TARGCOMPDATE"));
        String description = column(rows, "DESCRIPTION").get(0);
        assertEquals(CmmsExport.MAXIMO_DESCRIPTION, description.length());
        String longText = column(rows, "DESCRIPTION_LONGDESCRIPTION").get(0);
        assertTrue(longText.contains("Evidence: igbt heatsink-temp"), longText);
        assertEquals(List.of("alert-41", "baiyun:shovel-02.hoist-gearbox.1748743200000"),
                column(rows, "EXTERNALREFID"));
        // the asset numbers read back through the same mapping name the requested twins and components
        for (int i = 0; i < 2; i++) {
            CmmsMapping.Target t = mapping.resolve(column(rows, "ASSETNUM").get(i)).orElseThrow();
            assertEquals(REQUESTS.get(i).twin(), t.twin());
            assertEquals(REQUESTS.get(i).component(), mapping.components().get(t.part()));
        }
    }

    @Test
    void sapPmRequestsCarryFunctionalLocationAndObjectPart() {
        CmmsMapping mapping = CmmsMappingLoader.load(CMMS.resolve("sap-pm-demo.yaml"));
        CmmsExport.Result r = new CmmsExport(mapping).write(REQUESTS);
        var rows = MaintenanceRecords.csvRows(r.csv().strip());
        assertEquals(CmmsFormat.SAP_PM.requestColumns(), rows.get(0).fields());
        assertEquals(List.of("BYIM-OP-HL-TRK13-TDL", "BYIM-OP-LD-SHV02"), column(rows, "Functional Location"));
        assertEquals(List.of("IGBT", "HGBX"), column(rows, "Object Part"));
        assertEquals(List.of("BWLO", ""), column(rows, "Damage Code"));
        assertEquals(List.of("M1", "M1"), column(rows, "Notification Type"));
        assertEquals(List.of("01.06.2025", "01.06.2025"), column(rows, "Required Start"));
        assertEquals(List.of("04.06.2025", "12.06.2025"), column(rows, "Required End"));
        assertEquals(CmmsExport.SAP_SHORT_TEXT, column(rows, "Description").get(0).length());
        assertEquals("'=cmd|' /C calc'!A0", CmmsExport.csv("=cmd|' /C calc'!A0"),
                "a cell starting with = is kept from running as a formula");
        assertEquals("-12.5", CmmsExport.csv("-12.5"));
        assertEquals("\"a, b\"", CmmsExport.csv("a, b"));
    }
}
