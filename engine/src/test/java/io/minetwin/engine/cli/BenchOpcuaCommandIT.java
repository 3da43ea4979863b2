package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code bench opcua} end to end with tiny settings; checks the figures' shape and the store, not timing. */
class BenchOpcuaCommandIT {

    @TempDir
    Path dir;

    @Test
    void tinyRunPrintsEveryFigureAndStoresTheEngineSamples() throws Exception {
        Path work = dir.resolve("work");
        CliRun run = CliRun.of("bench", "opcua", "--items", "200", "--sampling-ms", "100", "--seconds", "2",
                "--dir", work.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        for (String field : List.of("items", "sampling_ms", "expected_per_s", "bare_milo_per_s", "engine_per_s",
                "ratio", "engine_cpu_pct", "engine_samples_applied", "samples_stored", "load_average_before")) {
            assertTrue(json.hasNonNull(field), field + " missing in " + run.out());
        }
        assertEquals(200, json.get("items").asInt());
        assertEquals(100, json.get("sampling_ms").asInt());
        // Four groups of 50 items at 100, 101, 102 and 103 ms.
        assertEquals(200 * 1000.0 / 101.5, json.get("expected_per_s").asDouble(), 1.0);
        assertTrue(json.get("bare_milo_per_s").asDouble() > 0, run.out());
        assertTrue(json.get("engine_per_s").asDouble() > 0, run.out());
        assertEquals(json.get("engine_per_s").asDouble() / json.get("bare_milo_per_s").asDouble(),
                json.get("ratio").asDouble(), 0.001);
        long applied = json.get("engine_samples_applied").asLong();
        // At least the initial read and a second of notifications reached the store. The store keeps
        // millisecond times, so a sample within the same millisecond as the one before (the initial read
        // and the first sample of a new subscription can be) replaces it: allow a few.
        assertTrue(applied > 200 * 10, run.out());
        long stored = json.get("samples_stored").asLong();
        assertTrue(stored <= applied && stored >= applied - 200, run.out());
        assertTrue(Files.isDirectory(work.resolve("data")), "the store is in the work directory");
        assertTrue(run.err().contains("server listening at opc.tcp://127.0.0.1:"), run.err());
    }
}
