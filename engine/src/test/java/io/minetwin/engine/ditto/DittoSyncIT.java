package io.minetwin.engine.ditto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.testkit.ditto.DittoTestEndpoint;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.model.Value;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine side of the sync: the status map, and a bounded buffer while Ditto is unreachable. */
class DittoSyncIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void whileDittoIsUnreachableChangesCoalesceAndTheStatusSaysWhy() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        InMemoryTwinRepository repo = TwinFixtures.repository(Clock.systemUTC());
        var settings = DittoSettings.of(URI.create("ws://127.0.0.1:" + port), new DittoSettings.Auth.Basic("u", "p"))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        DittoSync sync = DittoSync.start(settings, repo);
        try {
            DittoTestEndpoint.await(() -> sync.status().errorCount() >= 2, WAIT, "connection attempts: "
                    + sync.status());
            Instant t0 = Instant.now().minusSeconds(600);
            var batch = new ArrayList<Sample>();
            for (int i = 0; i < 10_000; i++) {
                batch.add(Sample.good(TwinFixtures.WINDING_TEMP, t0.plusMillis(i), Value.of(90 + i * 0.001)));
                batch.add(Sample.good(TwinFixtures.HEATSINK_TEMP, t0.plusMillis(i), Value.of(60 + i * 0.001)));
            }
            repo.apply(batch);

            Map<String, Object> m = sync.statusMap();
            assertEquals("disconnected", m.get("state"), m.toString());
            assertEquals(2, m.get("things"));
            assertEquals(0, m.get("synced"));
            assertEquals(0L, m.get("commandsSent"));
            assertEquals(20_000L, m.get("changesIn"));
            // Two things waiting for their first full put: the 20,000 changes are in it, nothing queues up.
            assertEquals(2L, m.get("pendingUpdates"), m.toString());
            @SuppressWarnings("unchecked")
            Map<String, Long> errors = (Map<String, Long>) m.get("errors");
            assertTrue(errors.get("connection") >= 2, m.toString());
            assertTrue(String.valueOf(m.get("lastError")).contains("cannot connect to Ditto at ws://127.0.0.1:" + port),
                    m.toString());
        } finally {
            long start = System.nanoTime();
            sync.close();
            assertTrue(System.nanoTime() - start < DittoSync.FLUSH_ON_CLOSE.plusSeconds(5).toNanos(),
                    "close gives up on an unreachable Ditto");
        }
    }
}
