package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minetwin simulate generate|serve} through the command line: the shipped demo fleet generates a
 * dataset the history commands read, and a broken copy of it fails with file:line, the key and the fix.
 */
class SimulateCommandIT {

    static final Path DEMO = Path.of("..", "config", "fleets", "demo.yaml");
    static final Path ASSET_TYPES = Path.of("..", "config", "asset-types");

    @TempDir
    Path dir;

    /** The demo fleet with {@code from} (which must occur) replaced by {@code to}, written to a file of its own. */
    private Path brokenDemo(String from, String to) throws IOException {
        String text = Files.readString(DEMO);
        assertTrue(text.contains(from), "the demo fleet no longer contains '" + from + "'; update this test");
        return Files.writeString(dir.resolve("broken.yaml"), text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }

    /** 1-based line of the first line of {@code file} that contains {@code text}. */
    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private CliRun generate(Path fleet, String... more) {
        var args = new java.util.ArrayList<>(List.of("simulate", "generate", "--fleet", fleet.toString(),
                "--asset-types", ASSET_TYPES.toString(), "--out", dir.resolve("out").toString()));
        args.addAll(List.of(more));
        if (!args.contains("--days")) {
            args.addAll(List.of("--days", "1"));
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void demoFleetGeneratesADatasetTheHistoryCommandsRead() throws IOException {
        CliRun run = generate(DEMO, "--days", "1", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertTrue(report.get("samples").asLong() > 100_000, run.out());
        assertTrue(report.get("samples_per_s").asLong() > 0, run.out());
        assertTrue(report.has("failures"), run.out());
        assertEquals(42, report.get("seed").asLong(), "the fleet file's seed: " + run.out());
        Path out = dir.resolve("out");
        assertTrue(Files.readString(out.resolve("maintenance.csv")).startsWith("time,twin,component,action,mode,notes"));
        assertTrue(Files.isRegularFile(out.resolve("ground-truth.csv")));

        CliRun query = CliRun.of("history", "query", "--data", out.toString(), "--twin", "baiyun:truck-01",
                "--channel", "engine.coolant-temp");
        assertEquals(0, query.exitCode(), query.err());
        List<String> rows = query.out().lines().toList();
        assertEquals("time,value,quality", rows.get(0));
        assertEquals(1 + 144, rows.size(), "a day every 10 minutes:\n" + query.out());
        assertTrue(rows.get(1).startsWith("2025-01-01T00:00:00Z,"), rows.get(1));
    }

    @Test
    void unknownAssetTypeFailsWithFileLineAndTheKnownTypes() throws IOException {
        Path fleet = brokenDemo("type: haul-truck", "type: haul-truk");
        CliRun run = generate(fleet);
        assertEquals(1, run.exitCode(), run.out());
        int line = lineOf(fleet, "haul-truk");
        assertTrue(run.err().startsWith("error: " + fleet + ":" + line + ":11: twins.truck-01.type: asset type"
                + " 'haul-truk' is not declared; did you mean 'haul-truck'? known types: crusher, drill-rig,"
                + " drive-inverter, electric-shovel, haul-truck (declare new types in the asset-types folder)"),
                run.err());
        assertFalse(Files.exists(dir.resolve("out")), "nothing is written for a broken fleet");
    }

    @Test
    void missingTypeFailsWithFileLineAndWhatToAdd() throws IOException {
        Path fleet = brokenDemo("  crusher-01:\n    type: crusher\n", "  crusher-01:\n");
        CliRun run = generate(fleet);
        assertEquals(1, run.exitCode(), run.out());
        int line = lineOf(fleet, "crusher-01:") + 1;
        assertTrue(run.err().startsWith("error: " + fleet + ":" + line + ":5: twins.crusher-01.type: missing; add it,"
                + " e.g. 'type: "), run.err());
    }

    @Test
    void negativeSimulationValuesFailWithFileLineAndTheAllowedRange() throws IOException {
        Path fleet = brokenDemo("random-faults-per-year: 0.15", "random-faults-per-year: -0.15");
        CliRun run = generate(fleet);
        assertEquals(1, run.exitCode(), run.out());
        int line = lineOf(fleet, "random-faults-per-year");
        assertEquals("error: " + fleet + ":" + line + ":27: simulation.random-faults-per-year: -0.15 is negative;"
                + " give a number from 0 to 1000, per machine, e.g. 0.3; 0 for none", run.err().strip());

        Path twin = brokenDemo("  truck-01:\n", "  truck-01:\n    simulation: {utilisation: -0.5, haul-km: 3}\n");
        CliRun twinRun = generate(twin);
        assertEquals(1, twinRun.exitCode(), twinRun.out());
        assertTrue(twinRun.err().startsWith("error: " + twin + ":" + lineOf(twin, "utilisation: -0.5")
                + ":31: twins.truck-01.simulation.utilisation: -0.5 is negative; give a number from 0 to 1"),
                twinRun.err());
    }

    @Test
    void misspelledSimulationKeyFailsWithTheKnownKeys() throws IOException {
        Path fleet = brokenDemo("  ageing: 2", "  ageng: 2");
        CliRun run = generate(fleet);
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("error: " + fleet + ":" + lineOf(fleet, "ageng")
                + ":3: simulation.ageng: unknown key; did you mean 'ageing'? known keys: seed, start, ageing,"),
                run.err());
    }

    @Test
    void nonPositiveDaysAndMissingFleetFileSayWhatToGive() {
        CliRun days = generate(DEMO, "--days", "-5");
        assertEquals(2, days.exitCode(), days.out());
        assertEquals("error: --days -5: give at least 1 day", days.err().strip());

        CliRun missing = generate(dir.resolve("nope.yaml"));
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("--fleet " + dir.resolve("nope.yaml") + ": no such file; give a fleet file"
                + " such as config/fleets/demo.yaml"), missing.err());
    }

    @Test
    void serveRefusesABrokenFleetBeforeListening() throws IOException {
        Path fleet = brokenDemo("  ageing: 2", "  ageing: -2");
        CliRun run = CliRun.of("simulate", "serve", "--fleet", fleet.toString(), "--asset-types",
                ASSET_TYPES.toString(), "--port", "0");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().startsWith("error: " + fleet + ":" + lineOf(fleet, "ageing: -2")
                + ":11: simulation.ageing: -2 is negative; give a number from 0.001 to 1000000, e.g. 25 so a year holds"
                + " dozens of failures"), run.err());
        assertFalse(run.out().contains("serving"), run.out());
    }

    @Test
    void serveRefusesBadUsersAndSpeedWithTheFormat() {
        CliRun user = CliRun.of("simulate", "serve", "--fleet", DEMO.toString(), "--asset-types",
                ASSET_TYPES.toString(), "--secure", "--user", "operator");
        assertEquals(2, user.exitCode(), user.out());
        assertEquals("error: --user operator: write NAME:PASSWORD, e.g. operator:s3cret", user.err().strip());

        CliRun speed = CliRun.of("simulate", "serve", "--fleet", DEMO.toString(), "--asset-types",
                ASSET_TYPES.toString(), "--speed", "-60");
        assertEquals(2, speed.exitCode(), speed.out());
        assertEquals("error: --speed -60.0: give a positive factor, e.g. 1 or 3600", speed.err().strip());
    }
}
