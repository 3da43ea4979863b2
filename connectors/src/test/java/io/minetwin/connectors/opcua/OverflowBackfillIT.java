package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.testkit.opcua.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine stops taking samples for a while (its store is full, say): the connector waits in the sink, the
 * server's queue of each item overflows and drops the oldest values. Once the sink takes samples again, the
 * connector reads the dropped values back with HistoryRead, delivers them late, and records a gap event per
 * twin naming the overflow.
 */
class OverflowBackfillIT {

    private static final String PATH = "baiyun/truck-01/engine/coolant-temp";
    private static final SeriesKey KEY = SeriesKey.of(TwinId.parse("baiyun:truck-01"), "engine.coolant-temp");

    @TempDir
    Path dir;

    @Test
    void valuesAQueueOverflowDroppedAreBackfilledAndTheGapIsRecorded() throws Exception {
        var set = java.util.Collections.synchronizedList(new ArrayList<Instant>());
        var running = new AtomicBoolean(true);
        var blocked = new AtomicBoolean();
        var release = new CountDownLatch(1);
        var sink = new RecordingSink() {
            @Override
            public void accept(List<Sample> batch) {
                if (blocked.get()) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.accept(batch);
            }
        };
        try (var server = new TestServer(Map.of(PATH, "degC"), true)) {
            Thread ticker = new Thread(() -> {
                double v = 0;
                Instant last = Instant.EPOCH;
                while (running.get()) {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    if (now.isAfter(last)) {
                        server.set(PATH, ++v, now);
                        set.add(now);
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
                var config = EndpointConfig.of("pit", server.url(), dir.resolve("pki"), List.of(PatternMappingIT.pattern()))
                        .withPublishing(50, 1000);
                ChannelCatalog catalog = k -> k.equals(KEY) ? Optional.of("degC") : Optional.empty();
                try (var connector = new OpcUaConnector(config, catalog, sink, Clock.systemUTC())) {
                    connector.start();
                    RecordingSink.await(Duration.ofSeconds(30), () -> sink.samples(KEY).size() > 20,
                            () -> connector.status().toString());
                    // The sink stops taking samples for far longer than the server's queue of 10 values at 50 ms.
                    blocked.set(true);
                    Instant since = Instant.now();
                    RecordingSink.await(Duration.ofSeconds(10),
                            () -> Duration.between(since, Instant.now()).toMillis() > 2_000, () -> "time");
                    blocked.set(false);
                    release.countDown();
                    RecordingSink.await(Duration.ofSeconds(30), () -> !sink.gaps().isEmpty()
                                    && connector.status().backfilled() > 0,
                            () -> connector.status() + " gaps " + sink.gaps());

                    RecordingSink.Gap gap = sink.gaps().get(0);
                    assertEquals(TwinId.parse("baiyun:truck-01"), gap.twin());
                    assertTrue(gap.details().get("reason").contains("overflowed"), gap.toString());
                    assertTrue(Long.parseLong(gap.details().get("backfilled")) > 0, gap.toString());
                    // Every value the server had strictly inside the gap was delivered, once.
                    Set<Instant> delivered = sink.samples(KEY).stream().map(Sample::sourceTime).collect(Collectors.toSet());
                    List<Instant> inside;
                    synchronized (set) {
                        inside = set.stream().filter(t -> t.isAfter(gap.from()) && t.isBefore(gap.to())).toList();
                    }
                    assertTrue(inside.size() > 10, "the gap holds more than the queue: " + inside.size() + " " + gap);
                    for (Instant t : inside) {
                        assertTrue(delivered.contains(t), "value of " + t + " inside " + gap + " was not delivered");
                    }
                    List<Sample> all = sink.samples(KEY);
                    var seen = new java.util.HashSet<Instant>();
                    List<String> twice = all.stream().filter(x -> !seen.add(x.sourceTime()))
                            .map(x -> x.sourceTime() + "=" + x.value()).toList();
                    assertEquals(List.of(), twice, "values delivered twice; gap " + gap + ", status "
                            + connector.status() + ", all " + all.stream().map(x -> x.sourceTime() + "=" + x.value()).toList());
                }
            } finally {
                running.set(false);
                ticker.join();
            }
        }
    }
}
