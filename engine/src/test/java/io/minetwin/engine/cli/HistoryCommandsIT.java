package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandsIT {

    @TempDir
    Path dir;

    @Test
    void importedHistoryIsQueriedBackRawAndAsRollups() throws IOException {
        StringBuilder csv = new StringBuilder("time,twin,component,channel,value\n");
        Instant t0 = Instant.parse("2026-03-01T08:00:00Z");
        for (int i = 0; i < 180; i++) { // three minutes at 1 Hz
            csv.append(t0.plusSeconds(i)).append(",baiyun:shovel-07,hoist-motor,winding-temp,")
                    .append(90 + (i / 60)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("in.csv"), csv);
        Path data = dir.resolve("data");

        CliRun refused = CliRun.of("history", "import", "--data", data.toString(), "--json", file.toString());
        assertEquals(2, refused.exitCode(), "rows of March 2026 lie before the default raw retention of 90 days: "
                + refused.out() + refused.err());
        JsonNode refusal = new ObjectMapper().readTree(refused.out());
        assertEquals(0, refusal.get("stored").asLong());
        assertEquals(180, refusal.get("before_retention").asLong());
        assertTrue(refusal.get("reason").asText().contains("--keep-older"), refusal.toString());
        CliRun none = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-07",
                "--channel", "hoist-motor.winding-temp");
        assertEquals(1, none.exitCode(), "nothing stored: " + none.out());
        CliRun text = CliRun.of("history", "import", "--data", data.toString(), file.toString());
        assertEquals(2, text.exitCode());
        assertTrue(text.err().contains("180 rows (from 2026-03-01T08:00:00Z) lie before the raw retention of 90d and"
                + " would be removed by the next sweep; use --keep-older"), text.err());

        CliRun imported = CliRun.of("history", "import", "--data", data.toString(), "--keep-older", "--json",
                file.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        JsonNode report = new ObjectMapper().readTree(imported.out());
        assertEquals(180, report.get("stored").asLong());

        CliRun raw = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-07",
                "--channel", "hoist-motor.winding-temp", "--from", "2026-03-01T08:00:59Z",
                "--to", "2026-03-01T08:01:01Z");
        assertEquals(0, raw.exitCode(), raw.err());
        assertEquals("time,value,quality\n"
                + "2026-03-01T08:00:59Z,90,good\n"
                + "2026-03-01T08:01:00Z,91,good\n", raw.out());

        CliRun minutes = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-07",
                "--channel", "hoist-motor.winding-temp", "--step", "1m", "--json");
        assertEquals(0, minutes.exitCode(), minutes.err());
        JsonNode points = new ObjectMapper().readTree(minutes.out()).get("points");
        assertEquals(3, points.size());
        assertEquals("2026-03-01T08:02:00Z", points.get(2).get("time").asText());
        assertEquals(92.0, points.get(2).get("mean").asDouble());
        assertEquals(60, points.get(2).get("count").asLong());
    }

    @Test
    void rejectedImportListsBadLinesAndStoresNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), """
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-03-01T08:00:01Z,baiyun:shovel-07,hoist-motor,winding-temp,warm
                2026-03-01T08:00:02Z,baiyun:shovel-07,hoist-motor,winding-temp,95.7
                """);
        Path data = dir.resolve("data");

        CliRun run = CliRun.of("history", "import", "--data", data.toString(), file.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("rejected, nothing stored: 1 bad row of 3"), run.err());
        assertTrue(run.err().contains("line 3: value 'warm' is not a number"), run.err());
        CliRun query = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-07",
                "--channel", "hoist-motor.winding-temp");
        assertEquals(1, query.exitCode());
        assertTrue(query.err().contains("no history for baiyun:shovel-07/hoist-motor.winding-temp"), query.err());
    }

    @Test
    void importListsTwinsThatTheConfiguredFleetDoesNotDeclare() throws IOException {
        Path file = Files.writeString(dir.resolve("in.csv"), """
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-01,hoist-motor,winding-temp,95.5
                2026-03-01T08:00:00Z,baiyun:retired-truck-9,engine,coolant-temp,88
                """);
        Path config = Path.of("..", "config", "minetwin.yaml");

        CliRun run = CliRun.of("history", "import", "--config", config.toString(),
                "--data", dir.resolve("data").toString(), "--keep-older", file.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("imported 2 samples of 2 series"), run.out());
        assertTrue(run.out().contains("twins not in the configured fleet (1, history stored all the same):"
                + " baiyun:retired-truck-9"), run.out());
    }

    @Test
    void missingConfigFileIsNamed() {
        CliRun run = CliRun.of("history", "series", "--config", dir.resolve("nope.yaml").toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--config " + dir.resolve("nope.yaml") + ": no such file"), run.err());
    }

    @Test
    void queryOfAMissingDataDirectorySaysSoInsteadOfCreatingIt() {
        Path data = dir.resolve("nowhere");

        CliRun run = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-07",
                "--channel", "hoist-motor.winding-temp");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("no minetwin data directory at " + data), run.err());
        assertTrue(Files.notExists(data));
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : new String[][] {{"--help"}, {"history", "--help"}, {"history", "import", "--help"},
                {"history", "query", "--help"}, {"history", "series", "--help"}, {"bench", "--help"}, {"bench", "ingest", "--help"}, {"bench", "query", "--help"},
                }) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), String.join(" ", args));
            assertTrue(run.out().contains("Usage:"), String.join(" ", args));
        }
    }
}
