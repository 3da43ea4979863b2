package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.testkit.ditto.DittoTestEndpoint;
import io.minetwin.testkit.opcua.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minetwin run} with a {@code ditto} section: OPC UA values reach the Ditto things, status shows the sync. */
class RunWithDittoIT {

    @TempDir
    Path dir;

    @Test
    void runMirrorsTheFleetAndItsLiveValuesIntoDitto() throws Exception {
        var units = new LinkedHashMap<String, String>();
        units.put("baiyun/truck-01/engine/coolant-temp", "degF");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(5);
        try (var server = new TestServer(units, false); var ditto = new DittoTestEndpoint("ditto", "pw").start(0)) {
            server.set("baiyun/truck-01/engine/coolant-temp", 194.0, t0);
            Path config = RunConfig.write(dir, server.url(), "ditto:\n"
                    + "  endpoint: " + ditto.uri() + "\n"
                    + "  user: ditto\n"
                    + "  password: pw\n"
                    + "  policy: baiyun:minetwin\n");
            CliRun run = CliRun.of("run", "--config", config.toString(), "--for", "4s", "--status-every", "1s");
            String out = run.out();
            assertEquals(0, run.exitCode(), out + "\n" + run.err());
            assertTrue(out.contains("ditto: mirroring twins to " + ditto.uri()), out);
            assertTrue(out.contains("ditto " + ditto.uri() + ": connected"), out);
            assertTrue(out.contains("stopped cleanly"), out);

            var truck = ditto.awaitThing(ThingId.of("baiyun", "truck-01"),
                    t -> t.getValue("features/engine/properties/coolant-temp/value").isPresent(), Duration.ofSeconds(1));
            assertEquals(90.0, truck.getValue("features/engine/properties/coolant-temp/value")
                    .map(JsonValue::asDouble).orElseThrow(), 1e-9);
            assertEquals("baiyun:minetwin", truck.getValue("policyId").orElseThrow().asString());
            assertTrue(ditto.thingCount() > 1, "the whole fleet is mirrored: " + ditto.thingIds());
        }
    }
}
