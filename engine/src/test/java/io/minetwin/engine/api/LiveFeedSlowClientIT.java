package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live-feed client that stops reading (a socket with a tiny receive buffer that is never read) is dropped once
 * its outbox is full, while a client that reads keeps getting every interval's events, before and after.
 */
class LiveFeedSlowClientIT {

    @TempDir
    Path data;

    @Test
    void aClientThatStopsReadingIsDroppedAndTheOthersAreNotDelayed() throws Exception {
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofDays(3650));
        List<ChannelSpec> specs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            specs.add(new ChannelSpec("ch-" + i, "degC", ValueType.NUMBER, null, null, null, List.of(), ""));
        }
        var type = new AssetType("feed-asset", "", List.of(new ComponentType("part", "", specs)));
        List<SeriesKey> keys = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            var id = new TwinId("feed", String.format(Locale.ROOT, "asset-%03d", t));
            repo.register(new TwinDefinition(id, type, TwinAttributes.NONE));
            for (ChannelSpec s : specs) {
                keys.add(new SeriesKey(id, "part", s.name()));
            }
        }
        var clock = Clock.systemUTC();
        var tokens = new TokenFile(data, clock);
        String viewer = tokens.create("wallboards", Role.VIEWER, Optional.empty()).secret();
        try (Store store = Store.inMemory(StoreOptions.defaults())) {
            var backend = new ApiBackend(repo, store.history(), store.events(), Map::of, new ObjectMapper())
                    .withLiveInterval(Duration.ofMillis(50));
            var server = new ApiServer(backend, new AccessTokens(List.of(), Optional.of(tokens), clock),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            int port = server.start("127.0.0.1", 0);
            AtomicBoolean feeding = new AtomicBoolean(true);
            AtomicReference<Double> marker = new AtomicReference<>(null);
            Thread feeder = new Thread(() -> {
                long round = 0;
                while (feeding.get()) {
                    var batch = new ArrayList<Sample>(keys.size());
                    Instant at = Instant.parse("2026-01-01T00:00:00Z").plusMillis(round * 10);
                    Double m = marker.get();
                    for (int i = 0; i < keys.size(); i++) {
                        batch.add(Sample.good(keys.get(i), at, i == 0 && m != null ? m : 20 + (round % 1000) / 10.0
                                + i * 1e-4));
                    }
                    repo.apply(batch);
                    round++;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "feeder");
            HttpClient http = HttpClient.newHttpClient();
            Socket slow = new Socket();
            try {
                // the reading client
                var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/stream"))
                        .header("Authorization", "Bearer " + viewer).header("Accept", "text/event-stream").GET()
                        .build();
                HttpResponse<java.io.InputStream> fast = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, fast.statusCode());
                AtomicInteger fastEvents = new AtomicInteger();
                AtomicReference<String> fastLast = new AtomicReference<>("");
                Thread reader = new Thread(() -> {
                    try (var in = new BufferedReader(new InputStreamReader(fast.body(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            if (line.startsWith("event: changes")) {
                                fastEvents.incrementAndGet();
                            } else if (line.startsWith("data: ")) {
                                fastLast.set(line);
                            }
                        }
                    } catch (java.io.IOException closed) {
                        // the test ends
                    }
                }, "fast-reader");
                reader.setDaemon(true);
                reader.start();

                // the client that stops reading: a tiny receive window, never read
                slow.setReceiveBufferSize(1024);
                slow.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                OutputStream out = slow.getOutputStream();
                out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
                        + viewer + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                LiveFeed feed = server.liveFeed();
                await(Duration.ofSeconds(10), () -> feed.clients() == 2, () -> feed.clients() + " clients");

                feeder.start();
                await(Duration.ofSeconds(60), () -> feed.droppedSlow() == 1,
                        () -> "slow client not dropped; fast client got " + fastEvents.get() + " events");
                int eventsWhileStalled = fastEvents.get();
                assertEquals(1, feed.clients(), "the reading client stays");
                assertTrue(eventsWhileStalled >= OUTBOX_EVENTS, "the reading client kept getting events while the"
                        + " other stalled: " + eventsWhileStalled);

                // after the drop, the reading client still follows the latest values
                marker.set(98765.25);
                await(Duration.ofSeconds(20), () -> fastLast.get().contains("98765.25"),
                        () -> "the marker value never reached the reading client");
                assertEquals(1, feed.clients());
            } finally {
                feeding.set(false);
                feeder.interrupt();
                slow.close();
                server.close();
            }
        }
    }

    /** The reading client gets at least as many events as the stalled one's outbox holds before it is dropped. */
    private static final int OUTBOX_EVENTS = LiveFeed.OUTBOX;

    private static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + state.get());
            }
            Thread.sleep(20);
        }
    }
}
