package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minetwin demo} end to end: simulator, OPC UA ingestion, history, tokens. */
class DemoCommandIT {

    @TempDir
    Path dir;

    @Test
    void demoSeedsHistoryIngestsTheLiveFleetAndWritesTokens() throws Exception {
        Path data = dir.resolve("demo");

        CliRun run = CliRun.of("demo", "--home", "..", "--data", data.toString(), "--for", "8s",
                "--opcua-port", "0", "--http-port", "0", "--scada-port", "0", "--history-days", "1", "--status-every", "1m",
                "--no-train-models");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("seeded "), run.out());
        Matcher applied = Pattern.compile("demo stopped: ([\\d,]+) samples applied to 72 twins").matcher(run.out());
        assertTrue(applied.find(), run.out());
        assertTrue(Long.parseLong(applied.group(1).replace(",", "")) > 0, "live samples were ingested: " + run.out());
        JsonNode tokens = new ObjectMapper().readTree(Files.readString(data.resolve("demo-tokens.json")));
        for (String role : new String[] {"viewer", "planner", "engineer", "scada", "admin"}) {
            assertTrue(tokens.path(role).asText().length() >= 40, role);
        }
        assertTrue(Files.isRegularFile(data.resolve("maintenance.csv")));
        assertTrue(run.out().contains("OPC UA server for SCADA systems at opc.tcp://127.0.0.1:")
                && run.out().contains("OPC UA for SCADA: ") && run.out().contains("None, anonymous, read-only"), run.out());
        JsonNode scada = new ObjectMapper().readTree(Files.readString(data.resolve("demo-scada.json")));
        assertTrue(scada.path("password").asText().length() >= 16 && scada.path("user").asText().equals("scada"),
                scada.toString());

        CliRun query = CliRun.of("history", "query", "--data", data.toString(), "--twin", "baiyun:shovel-01",
                "--channel", "hoist-motor.winding-temp", "--step", "1h", "--json");
        assertEquals(0, query.exitCode(), query.err());
        assertTrue(new ObjectMapper().readTree(query.out()).get("points").size() >= 20, "a day of hourly rollups");
    }
}
