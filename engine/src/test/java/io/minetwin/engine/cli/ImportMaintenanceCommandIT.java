package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.EventKind;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportMaintenanceCommandIT {

    @TempDir
    Path dir;

    private int storedEvents(Path data) {
        try (Store store = Store.open(data, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            return store.events().query(Optional.empty(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")).size();
        }
    }

    @Test
    void importingTheSameRecordsTwiceStoresThemOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("maintenance.csv"), """
                time,twin,component,action,mode,notes
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,failure-repair,bearing-wear,DE bearing seized
                2026-03-05T08:00:00Z,baiyun:shovel-07,hoist-motor,preventive,,grease
                2026-03-06T08:00:00Z,baiyun:truck-01,engine,inspection,,
                """);
        Path data = dir.resolve("data");
        CliRun first = CliRun.of("import", "maintenance", "--data", data.toString(), "--json", file.toString());
        assertEquals(0, first.exitCode(), first.err());
        JsonNode json = new ObjectMapper().readTree(first.out());
        assertEquals(3, json.get("stored").asInt());
        assertEquals(1, json.get("failures").asInt());

        CliRun second = CliRun.of("import", "maintenance", "--data", data.toString(), file.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("0 new, 3 already stored"), second.out());
        assertEquals(3, storedEvents(data));
        try (Store store = Store.open(data, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            var events = store.events().query(Optional.empty(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
            assertEquals(EventKind.FAILURE, events.get(0).kind());
            assertEquals("bearing-wear", events.get(0).details().get("mode"));
        }
    }

    @Test
    void aFileWithBadRowsIsRejectedWithLineNumbersAndNothingStored() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), """
                time,twin,component,action,mode,notes
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,failure-repair,bearing-wear,
                2026-03-02T08:00:00Z,baiyun:shovel-07,hoist-motor,repainted,,
                """);
        Path data = dir.resolve("data");
        CliRun run = CliRun.of("import", "maintenance", "--data", data.toString(), file.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("line 3: action 'repainted' is not one of"), run.err());
        assertTrue(run.err().contains("nothing stored"), run.err());
        assertEquals(0, storedEvents(data));
    }
}
