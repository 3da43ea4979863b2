package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.testkit.opcua.TestServer;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minetwin run} against a real OPC UA server: twins fill through a pattern mapping and history holds them. */
class RunCommandIT {

    @TempDir
    Path dir;

    @Test
    void runIngestsMappedNodesIntoHistoryAndStopsCleanly() throws Exception {
        var units = new LinkedHashMap<String, String>();
        units.put("baiyun/truck-01/engine/coolant-temp", "degF");
        units.put("baiyun/truck-01/engine/oil-pressure", "kPa");
        units.put("baiyun/shovel-01/hoist-motor/winding-temp", "degC");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        try (var server = new TestServer(units, false)) {
            server.set("baiyun/truck-01/engine/coolant-temp", 194.0, t0);
            server.set("baiyun/truck-01/engine/oil-pressure", 420.0, t0);
            server.set("baiyun/shovel-01/hoist-motor/winding-temp", 97.0, t0);
            Path config = RunConfig.write(dir, server.url(), "");
            CliRun run = CliRun.of("run", "--config", config.toString(), "--for", "4s", "--status-every", "1s");
            String out = run.out();
            assertEquals(0, run.exitCode(), out + "\n" + run.err());
            assertTrue(out.contains("endpoint sim: " + server.url()), out);
            assertTrue(out.contains("sim " + server.url() + " CONNECTED: 3 items"), out);
            assertTrue(out.contains("stopped cleanly"), out);

            try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults())) {
                var coolant = store.history().read(SeriesKey.of(TwinId.parse("baiyun:truck-01"),
                        "engine.coolant-temp"), 0, Long.MAX_VALUE);
                assertEquals(1, coolant.size());
                assertEquals(t0.toEpochMilli(), coolant.time(0));
                assertEquals(90.0, coolant.value(0), 1e-9);
                assertEquals(1, store.history().read(SeriesKey.of(TwinId.parse("baiyun:shovel-01"),
                        "hoist-motor.winding-temp"), 0, Long.MAX_VALUE).size());
                assertTrue(store.events().query(Optional.empty(), Instant.EPOCH, Instant.now()).stream()
                        .noneMatch(e -> e.kind() == EventKind.GAP));
                assertTrue(store.snapshots().loadAll().containsKey(TwinId.parse("baiyun:truck-01")));
            }
        }
    }
}
