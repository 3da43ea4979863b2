package io.minetwin.connectors.opcua;

import io.minetwin.testkit.opcua.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconnectIT {

    @TempDir
    Path dir;

    @Test
    void reconnectRecreatesSubscriptionsRecordsGapsBackfillsAndDeliversNoDuplicates() throws Exception {
        var units = new LinkedHashMap<String, String>();
        var channels = new HashMap<SeriesKey, String>();
        for (String truck : List.of("truck-01", "truck-02")) {
            for (String ch : List.of("coolant-temp", "oil-temp")) {
                units.put("baiyun/" + truck + "/engine/" + ch, "degC");
                channels.put(SeriesKey.of(TwinId.parse("baiyun:" + truck), "engine." + ch), "degC");
            }
        }
        ChannelCatalog catalog = k -> Optional.ofNullable(channels.get(k));
        var running = new AtomicBoolean(true);
        try (var server = new TestServer(units, true)) {
            // The device keeps measuring (and keeping history) while its server is down.
            Thread ticker = new Thread(() -> {
                double v = 0;
                Instant last = Instant.EPOCH;
                while (running.get()) {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    if (now.isAfter(last)) {
                        v += 1;
                        for (String p : units.keySet()) {
                            server.set(p, v, now);
                        }
                        last = now;
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "ticker");
            ticker.start();
            try {
                var sink = new RecordingSink();
                var config = EndpointConfig.of("pit", server.url(), dir.resolve("pki"),
                                List.of(PatternMappingIT.pattern()))
                        .withPublishing(50, 1000).withKeepAlive(Duration.ofMillis(500));
                try (var connector = new OpcUaConnector(config, catalog, sink, Clock.systemUTC())) {
                    connector.start();
                    RecordingSink.await(Duration.ofSeconds(30), () -> sink.samples().size() > 40,
                            () -> connector.status().toString());

                    server.stop();
                    RecordingSink.await(Duration.ofSeconds(20),
                            () -> connector.status().state() == EndpointStatus.State.RECONNECTING,
                            () -> connector.status().toString());
                    int before = sink.samples().size();
                    // Let the device produce values the engine cannot see live.
                    Instant downSince = Instant.now();
                    RecordingSink.await(Duration.ofSeconds(5),
                            () -> Duration.between(downSince, Instant.now()).toMillis() > 500, () -> "time");
                    server.start();

                    RecordingSink.await(Duration.ofSeconds(60), () -> connector.status().subscriptionsRecreated() >= 1
                                    && sink.gaps().size() == 2 && sink.samples().size() > before + 40,
                            () -> connector.status() + " gaps " + sink.gaps());

                    EndpointStatus st = connector.status();
                    assertEquals(EndpointStatus.State.CONNECTED, st.state());
                    assertEquals(4, st.monitoredItems());
                    assertTrue(st.reconnects() >= 1, st.toString());
                    assertTrue(st.backfilled() > 0, "values of the outage come back through HistoryRead: " + st);

                    // One gap per affected twin, naming the endpoint and the outage.
                    var gapTwins = sink.gaps().stream().map(RecordingSink.Gap::twin).sorted().toList();
                    assertEquals(List.of(TwinId.parse("baiyun:truck-01"), TwinId.parse("baiyun:truck-02")), gapTwins);
                    for (var g : sink.gaps()) {
                        assertEquals("pit", g.details().get("endpoint"));
                        assertTrue(g.from().isBefore(g.to()), g.toString());
                    }
                    assertNoDuplicates(sink.samples());
                }
            } finally {
                running.set(false);
                ticker.join();
            }
        }
    }

    /**
     * No value was delivered twice: every series' source times are distinct. (Values a subscription skipped
     * are read back and delivered late, so they need not arrive in time order.)
     */
    static void assertNoDuplicates(List<Sample> samples) {
        Map<SeriesKey, java.util.Set<Instant>> seen = new HashMap<>();
        for (Sample s : samples) {
            assertTrue(seen.computeIfAbsent(s.series(), k -> new java.util.HashSet<>()).add(s.sourceTime()),
                    s.series() + ": " + s.sourceTime() + " delivered twice");
        }
    }
}
