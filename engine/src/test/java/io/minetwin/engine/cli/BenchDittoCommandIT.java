package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.testkit.ditto.DittoTestEndpoint;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;

/** {@code minetwin bench ditto} against the Ditto-protocol test endpoint. */
class BenchDittoCommandIT {

    @Test
    void mirrorsTheThingsAndReportsCoalescing() throws Exception {
        try (var ditto = new DittoTestEndpoint("bench", "pw").start(0)) {
            CliRun run = CliRun.of("bench", "ditto", "--endpoint", ditto.uri(), "--user", "bench:pw", "--things", "40",
                    "--rounds", "3", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertEquals(40, json.get("things").asInt());
            assertEquals(3 * 40 * 10, json.get("updates_in").asLong());
            long commands = json.get("commands_out").asLong();
            assertTrue(commands >= 40 && commands < 3 * 40 * 10, "coalesced into " + commands + " commands");
            assertEquals(0, json.get("errors").asLong(), run.out());
            assertTrue(json.get("things_per_s").asDouble() > 0 && json.get("bare_things_per_s").asDouble() > 0);
            assertEquals(120, ditto.thingCount(), "warm-up, bare and synced things");
            assertTrue(ditto.thing(ThingId.of("bench", "asset-000039")).orElseThrow()
                    .getValue("features/drive/properties/load/value").isPresent());
            assertTrue(run.err().contains("initial sync: 40 things"), run.err());
        }
    }

    @Test
    void anUnreachableEndpointIsExplained() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of("bench", "ditto", "--endpoint", "ws://127.0.0.1:" + port, "--things", "5");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("cannot connect to Ditto at ws://127.0.0.1:" + port), run.err());
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void aWrongEndpointIsAUsageError() {
        CliRun run = CliRun.of("bench", "ditto", "--endpoint", "http://localhost:8080");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("ws://host:port"), run.err());
    }
}
