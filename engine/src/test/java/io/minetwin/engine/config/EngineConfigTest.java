package io.minetwin.engine.config;

import static io.minetwin.engine.config.ConfigFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.EventKind;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {

    @TempDir
    Path dir;

    private String error(String yaml) {
        Path f = write(dir, "minetwin.yaml", yaml);
        return assertThrows(ConfigException.class, () -> EngineConfig.load(f)).getMessage();
    }

    @Test
    void onlyTheFleetIsRequiredAndTheRestHasDefaults() {
        EngineConfig c = EngineConfig.load(write(dir, "minetwin.yaml", "fleet: fleets/demo.yaml\n"));
        assertEquals(dir.resolve("data"), c.dataDir());
        assertEquals(dir.resolve("asset-types"), c.assetTypesDir());
        assertEquals(dir.resolve("fleets/demo.yaml"), c.fleetFile());
        assertEquals(RetentionPolicy.DEFAULT, c.retention());
        assertEquals(Duration.ofMinutes(5), c.farFutureTolerance());
        assertEquals(Duration.ofMinutes(1), c.snapshotInterval());
    }

    @Test
    void durabilityIsAcknowledgedByDefaultAndProcessOnRequest() {
        assertEquals(Durability.ACKNOWLEDGED, EngineConfig.load(write(dir, "minetwin.yaml", "fleet: f.yaml\n")).durability());
        EngineConfig c = EngineConfig.load(write(dir, "minetwin.yaml", "fleet: f.yaml\nhistory: {durability: process}\n"));
        assertEquals(Durability.PROCESS, c.durability());
    }

    @Test
    void unknownDurabilityNamesTheKeyAndBothValues() {
        String msg = error("fleet: f.yaml\nhistory:\n  durability: fast\n");
        assertTrue(msg.contains(":3:") && msg.contains("history.durability") && msg.contains("'acknowledged'")
                && msg.contains("'process'") && msg.contains("'fast'"), msg);
    }

    @Test
    void retentionTiersTakeDurationsAndForever() {
        EngineConfig c = EngineConfig.load(write(dir, "minetwin.yaml", """
                fleet: f.yaml
                history:
                  retention: {raw: 30d, 1m: 1y, 1h: forever}
                ingest: {far-future-tolerance: 90s}
                """));
        assertEquals(new RetentionPolicy(Duration.ofDays(30), Duration.ofDays(365), Duration.ZERO), c.retention());
        assertEquals(Duration.ofSeconds(90), c.farFutureTolerance());
    }

    @Test
    void eventRetentionIsPerKindAndKeepsLabelsForeverByDefault() {
        EngineConfig defaults = EngineConfig.load(write(dir, "minetwin.yaml", "fleet: f.yaml\n"));
        assertEquals(Duration.ofDays(730), defaults.retention().of(EventKind.ALERT));
        assertEquals(Duration.ZERO, defaults.retention().of(EventKind.MAINTENANCE));
        assertEquals(Duration.ZERO, defaults.retention().of(EventKind.FAILURE));
        assertEquals(Duration.ZERO, defaults.retention().of(EventKind.AUDIT));
        EngineConfig c = EngineConfig.load(write(dir, "minetwin.yaml", """
                fleet: f.yaml
                history:
                  retention: {raw: 30d}
                events:
                  retention: {alert: 1y, gap: forever, audit: 10y}
                """));
        assertEquals(Duration.ofDays(30), c.retention().raw());
        assertEquals(Duration.ofDays(365), c.retention().of(EventKind.ALERT));
        assertEquals(Duration.ZERO, c.retention().of(EventKind.GAP));
        assertEquals(Duration.ofDays(3650), c.retention().of(EventKind.AUDIT));
        assertEquals(Duration.ZERO, c.retention().of(EventKind.MAINTENANCE));
    }

    @Test
    void badEventRetentionNamesTheKindAndTheKnownOnes() {
        String msg = error("fleet: f.yaml\nevents:\n  retention:\n    alerts: 1y\n");
        assertTrue(msg.contains(":4:") && msg.contains("events.retention") && msg.contains("alert"), msg);
        msg = error("fleet: f.yaml\nevents:\n  retention: {alert: 2 years}\n");
        assertTrue(msg.contains("events.retention.alert: '2 years' is not a duration"), msg);
    }

    @Test
    void badDurationIsReportedWithTheSyntax() {
        String msg = error("fleet: f.yaml\nhistory:\n  retention:\n    raw: 90 days\n");
        assertEquals(dir.resolve("minetwin.yaml") + ":4:10: history.retention.raw: '90 days' is not a duration;"
                + " write a whole number and a unit (ms, s, m, h, d, w, y), e.g. 90d, or 'forever'", msg);
    }

    @Test
    void foreverIsNotAToleranceAndZeroIsNotARetention() {
        assertTrue(error("fleet: f.yaml\ningest: {far-future-tolerance: forever}\n")
                .contains("ingest.far-future-tolerance: 'forever' is not allowed here"));
        assertTrue(error("fleet: f.yaml\nhistory: {retention: {raw: 0d}}\n")
                .contains("history.retention.raw: '0d' would keep nothing"));
    }

    @Test
    void unknownTopLevelKeySuggestsTheKnownOne() {
        String msg = error("fleets: f.yaml\n");
        assertTrue(msg.contains(":1:1: fleets: unknown key; did you mean 'fleet'?"), msg);
        assertTrue(msg.contains("fleet: missing"), msg);
    }

    @Test
    void reservedSectionsAreKeptForTheirOwners() {
        EngineConfig c = EngineConfig.load(write(dir, "minetwin.yaml", """
                fleet: f.yaml
                http: {port: 8080, bind: 127.0.0.1}
                x-site-note: anything
                """));
        assertEquals(Map.of("http", Map.of("port", 8080L, "bind", "127.0.0.1")), c.sections());
    }

    @Test
    void missingFileIsReported() {
        var e = assertThrows(ConfigException.class, () -> EngineConfig.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("nope.yaml: file not found"), e.getMessage());
    }

    @Test
    void durationsRoundTrip() {
        for (String s : new String[] {"500ms", "30s", "5m", "12h", "90d", "2w", "2y", "forever"}) {
            assertEquals(s, Durations.format(Durations.parse(s, true)));
        }
    }
}
