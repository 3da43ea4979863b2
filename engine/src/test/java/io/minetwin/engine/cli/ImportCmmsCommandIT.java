package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.Event;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import maintenance --mapping}: CMMS exports into a real data directory. */
class ImportCmmsCommandIT {

    static final Path CMMS = Path.of("..", "config", "cmms").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private List<Event> stored(Path data) {
        try (Store store = Store.open(data, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            return store.events().query(Optional.empty(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
        }
    }

    @Test
    void aSapPmExportIsStoredOnceThoughImportedAgainWithEditedText() throws IOException {
        Path data = dir.resolve("data");
        Path orders = CMMS.resolve("examples/sap-pm-orders.csv");
        CliRun first = CliRun.of("import", "maintenance", "--data", data.toString(), "--mapping",
                CMMS.resolve("sap-pm-demo.yaml").toString(), "--json", orders.toString());
        assertEquals(0, first.exitCode(), first.err());
        JsonNode json = new ObjectMapper().readTree(first.out());
        assertEquals("sap-pm", json.get("format").asText());
        assertEquals(5, json.get("stored").asInt());
        assertEquals(2, json.get("failures").asInt());
        assertEquals(2, json.get("skipped").asInt());
        assertEquals(5, stored(data).size());

        // the CMMS exports the same orders again, one description edited since: still stored once
        Path again = Files.writeString(dir.resolve("again.csv"), Files.readString(orders)
                .replace("500 h engine service", "500 h engine service and oil sample"));
        CliRun second = CliRun.of("import", "maintenance", "--data", data.toString(), "--format", "sap-pm",
                "--mapping", CMMS.resolve("sap-pm-demo.yaml").toString(), again.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("0 new, 5 already stored"), second.out());
        assertTrue(second.out().contains("2 of 7 rows skipped by the mapping"), second.out());
        assertEquals(5, stored(data).size());
    }

    @Test
    void aBadRowRejectsTheWholeExportByLineAndNothingIsStored() throws IOException {
        Path data = dir.resolve("data");
        Path bad = Files.writeString(dir.resolve("wo.csv"), Files.readString(CMMS.resolve(
                "examples/maximo-workorders.csv")).replace("HT13-LINV-IGBT", "HT13-XINV-IGBT"));
        CliRun run = CliRun.of("import", "maintenance", "--data", data.toString(), "--mapping",
                CMMS.resolve("maximo-demo.yaml").toString(), bad.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("rejected, nothing stored: 1 bad row of 7"), run.err());
        assertTrue(run.err().contains("line 4: column 'ASSETNUM': 'HT13-XINV-IGBT' matches no entry under"
                + " 'assets:' in " + CMMS.resolve("maximo-demo.yaml")), run.err());
        assertTrue(run.err().contains("ignore: true"), run.err());
        assertEquals(0, stored(data).size());
    }

    @Test
    void aFormatWithoutAMappingOrAgainstItIsABadUsage() {
        Path data = dir.resolve("data");
        String orders = CMMS.resolve("examples/sap-pm-orders.csv").toString();
        CliRun none = CliRun.of("import", "maintenance", "--data", data.toString(), "--format", "maximo", orders);
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("--format maximo needs --mapping FILE.yaml"), none.err());
        CliRun against = CliRun.of("import", "maintenance", "--data", data.toString(), "--format", "maximo",
                "--mapping", CMMS.resolve("sap-pm-demo.yaml").toString(), orders);
        assertEquals(2, against.exitCode());
        assertTrue(against.err().contains("disagrees with"), against.err());
        CliRun unknown = CliRun.of("import", "maintenance", "--data", data.toString(), "--format", "oracle", orders);
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("not one of native, sap-pm, maximo"), unknown.err());
    }
}
