package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minetwin kpi} on a data directory with state history and CMMS records of the demo fleet. */
class KpiCommandIT {

    static final Path CONFIG = Path.of("..", "config", "minetwin.yaml").toAbsolutePath().normalize();
    static final Path CMMS = Path.of("..", "config", "cmms").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void figuresPerAssetTypeSiteAndFleetFromStatesAndCmmsRecords() throws Exception {
        Path data = dir.resolve("data");
        // shovel-01: running every 10 minutes for March 2025, down 14 March 00:30 until 14:20 (a state of
        // the electric-shovel type: running 0, idle 1, down 2, maintenance 3)
        Instant start = Instant.parse("2025-03-01T00:00:00Z");
        Instant downFrom = Instant.parse("2025-03-14T00:30:00Z");
        Instant backAt = Instant.parse("2025-03-14T14:20:00Z");
        List<Point> points = new ArrayList<>();
        SeriesKey state = new SeriesKey(TwinId.parse("baiyun:shovel-01"), "machine", "state");
        for (Instant t = start; t.isBefore(Instant.parse("2025-04-01T00:00:00Z")); t = t.plus(Duration.ofMinutes(10))) {
            double s = !t.isBefore(downFrom) && t.isBefore(backAt) ? 2 : 0;
            points.add(Point.good(state, t.toEpochMilli(), s));
        }
        try (Store store = Store.open(data, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            store.history().append(points);
        }
        CliRun imported = CliRun.of("import", "maintenance", "--data", data.toString(), "--mapping",
                CMMS.resolve("sap-pm-demo.yaml").toString(), CMMS.resolve("examples/sap-pm-orders.csv").toString());
        assertEquals(0, imported.exitCode(), imported.err());

        CliRun run = CliRun.of("kpi", "--config", CONFIG.toString(), "--data", data.toString(), "--from",
                "2025-03-01T00:00:00Z", "--to", "2025-04-01T00:00:00Z", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        JsonNode shovel = null;
        for (JsonNode a : json.get("assets")) {
            if (a.get("twin").asText().equals("baiyun:shovel-01")) {
                shovel = a;
            }
        }
        assertTrue(shovel != null, run.out());
        double down = Duration.between(downFrom, backAt).toMinutes() / 60.0;
        assertEquals(31 * 24.0, shovel.get("observed_hours").asDouble(), 1e-6);
        assertEquals(down, shovel.get("down_hours").asDouble(), 0.005);
        assertEquals(1 - down / (31 * 24), shovel.get("availability").asDouble(), 1e-4);
        assertEquals(1, shovel.get("failures").asInt());
        assertEquals((31 * 24 - down) / 1, shovel.get("mtbf_hours").asDouble(), 0.01);
        // the SAP order's actual finish (14.03.2025 22:15 Shanghai = 14:15 UTC) times the repair: 13.75 h
        assertEquals(13.75, shovel.get("mttr_hours").asDouble(), 1e-6);
        // in March only the shovel's order is in the period: April and May orders are left out
        assertEquals(1, json.at("/fleet/failures").asInt());
        assertEquals(0, json.at("/fleet/planned_maintenance").asInt());
        // in March only shovel-01 has data: its type, site and the fleet have its figures
        assertEquals(1, json.get("types").size(), run.out());
        assertEquals("electric-shovel", json.at("/types/0/type").asText());
        assertEquals(shovel.get("availability").asDouble(), json.at("/types/0/availability").asDouble());
        assertEquals(shovel.get("availability").asDouble(), json.at("/fleet/availability").asDouble());
        assertEquals("Baiyun iron mine", json.at("/sites/0/site").asText());
        assertTrue(json.at("/definitions/availability").asText().contains("observed hours"), run.out());

        CliRun year = CliRun.of("kpi", "--config", CONFIG.toString(), "--data", data.toString(), "--json");
        JsonNode all = new ObjectMapper().readTree(year.out());
        assertEquals(2, all.at("/fleet/failures").asInt(), year.out());
        assertEquals(3, all.at("/fleet/planned_maintenance").asInt());
        assertEquals(0.6, all.at("/fleet/planned_share").asDouble(), 1e-9);

        CliRun text = CliRun.of("kpi", "--config", CONFIG.toString(), "--data", data.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("baiyun:shovel-01"), text.out());

        CliRun backwards = CliRun.of("kpi", "--config", CONFIG.toString(), "--data", data.toString(), "--from",
                "2025-04-01T00:00:00Z", "--to", "2025-03-01T00:00:00Z");
        assertEquals(2, backwards.exitCode());
        assertTrue(backwards.err().contains("is not before --to"), backwards.err());
    }
}
