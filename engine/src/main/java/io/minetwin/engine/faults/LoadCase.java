package io.minetwin.engine.faults;

import io.minetwin.model.Point;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Case {@code load}: the engine ingests while planners read a year of raw history (a series seeded with one
 * sample a minute for 365 days, read whole in one request, over and over) and a storm of SSE clients opens
 * {@code /api/stream}. The ingest rate ({@code ingest.applied} of {@code /api/status} per second) is measured
 * without the load (after a warm-up), then with it, in the same run; the ratio must stay at or above 0.9. The
 * rate after the load and the backlog the load left are reported too.
 * Also reports the reads (count, points, mean time), the streams admitted and refused by the live feed's
 * limits, the events they received, and the acknowledged samples lost (must be 0).
 */
final class LoadCase {

    private static final int TOKENS_FOR_STREAMS = 50;

    private final Duration window;
    private final int readers;
    private final int sseClients;

    LoadCase(Duration window, int readers, int sseClients) {
        this.window = window;
        this.readers = readers;
        this.sseClients = sseClients;
    }

    Map<String, Object> run(Path work, FaultLayout layout, Consumer<String> progress) throws Exception {
        var run = new CaseRun("load", work, layout, progress);
        Path data = run.dir.resolve("data");
        SeriesKey year = layout.series().get(0);
        long yearEnd = layout.t0() - 60_000;
        long yearStart = yearEnd - 365L * 24 * 3_600_000;
        run.figures.put("year_points_seeded", seedYear(data, year, yearStart, yearEnd));
        var ack = new Acknowledged(layout);
        int exit;
        try (var equipment = EquipmentProcess.start(layout, EquipmentProcess.freePort(), run.history,
                run.dir.resolve("equipment.log"))) {
            FaultConfig config = FaultConfig.write(run.dir, data, layout, equipment.url(),
                    1 + Math.max(1, Math.min(TOKENS_FOR_STREAMS, sseClients)));
            try (EngineProcess engine = EngineProcess.start(config, run.dir.resolve("engine.log"))) {
                engine.awaitApi(CaseRun.DEADLINE);
                CaseRun.await("every series has samples", CaseRun.DEADLINE, () -> ack.poll(engine) != Long.MIN_VALUE);
                // Warm-up: the backlog of the start is applied and the JIT has compiled the ingest path.
                CaseRun.pollFor(Duration.ofSeconds(Math.max(5, window.toSeconds() / 2)), ack, engine);
                CaseRun.await("the backlog of the start is applied", CaseRun.DEADLINE,
                        () -> engine.status().path("ingest").path("notStored").asLong() < layout.items() * 10L);
                double before = rate(engine, ack);
                run.say(String.format(java.util.Locale.ROOT, "ingest without load: %.0f samples/s", before));

                var stop = new AtomicBoolean();
                var reads = new LongAdder();
                var readBytes = new LongAdder();
                var readNanos = new LongAdder();
                var readErrors = new AtomicLong();
                var readerThreads = new ArrayList<Thread>();
                String path = "/api/twins/" + year.twin() + "/history?channel=" + year.component() + "." + year.channel()
                        + "&from=" + Instant.ofEpochMilli(yearStart) + "&to=" + Instant.ofEpochMilli(yearEnd + 1);
                for (int r = 0; r < readers; r++) {
                    Thread t = new Thread(() -> {
                        while (!stop.get()) {
                            long t0 = System.nanoTime();
                            try {
                                readBytes.add(engine.drain(path));
                                reads.increment();
                                readNanos.add(System.nanoTime() - t0);
                            } catch (Exception e) {
                                readErrors.incrementAndGet();
                                if (readErrors.get() == 1) {
                                    run.say("year read failed: " + e.getMessage());
                                }
                            }
                        }
                    }, "fault-year-reader-" + r);
                    t.setDaemon(true);
                    readerThreads.add(t);
                }
                Storm storm = new Storm(engine.baseUrl(), config.tokens().subList(1, config.tokens().size()), sseClients);
                readerThreads.forEach(Thread::start);
                storm.open();
                double loaded;
                try {
                    storm.awaitAnswers(Duration.ofSeconds(60));
                    loaded = rate(engine, ack);
                } finally {
                    stop.set(true);
                    storm.close();
                    for (Thread t : readerThreads) {
                        t.join(60_000);
                    }
                }
                run.say(String.format(java.util.Locale.ROOT, "ingest under load: %.0f samples/s", loaded));
                long backlog = engine.status().path("ingest").path("notStored").asLong();
                CaseRun.pollFor(Duration.ofSeconds(2), ack, engine);
                double after = rate(engine, ack);
                run.say(String.format(java.util.Locale.ROOT, "ingest after load: %.0f samples/s", after));
                // The baseline is the window before the load: the one after includes catching up on what the
                // load left queued, so it is reported, not compared against.
                run.figures.put("ingest_per_s_without_load", CaseRun.round(before, 1));
                run.figures.put("ingest_per_s_with_load", CaseRun.round(loaded, 1));
                run.figures.put("ratio", CaseRun.round(loaded / before, 3));
                run.figures.put("ingest_per_s_after_load", CaseRun.round(after, 1));
                run.figures.put("backlog_after_load", backlog);
                run.figures.put("produced_per_s", CaseRun.round(layout.items() * 1000.0 / layout.tickMs(), 1));
                run.figures.put("window_s", window.toSeconds());
                run.figures.put("year_reads", reads.sum());
                run.figures.put("year_read_mb", CaseRun.round(readBytes.sum() / 1e6, 1));
                run.figures.put("year_read_mean_ms", reads.sum() == 0 ? 0 : readNanos.sum() / reads.sum() / 1_000_000);
                run.figures.put("year_read_errors", readErrors.get());
                run.figures.put("sse_clients", sseClients);
                run.figures.put("sse_admitted", storm.admitted.sum());
                run.figures.put("sse_refused", storm.refused.sum());
                run.figures.put("sse_failed", storm.failed.sum());
                run.figures.put("sse_events", storm.events.sum());
                exit = engine.stop(CaseRun.DEADLINE);
                ack.endLife();
            }
        }
        HistoryAudit audit = HistoryAudit.read(layout, data, run.history);
        run.figures.put("lost", audit.lost(ack.ranges()));
        run.figures.put("acknowledged_samples", audit.acknowledged(ack.ranges()));
        run.figures.put("duplicates", audit.duplicates());
        run.figures.put("misplaced", audit.misplaced());
        run.figures.put("not_in_history", audit.holesInside());
        run.figures.put("final_stop_exit_code", exit);
        run.figures.put("items", layout.items());
        run.figures.put("tick_ms", layout.tickMs());
        return run.figures;
    }

    /** Samples applied per second over one window, from the engine's own counter; keeps polling acks. */
    private double rate(EngineProcess engine, Acknowledged ack) throws Exception {
        long a0 = engine.status().path("ingest").path("applied").asLong();
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < window.toNanos()) {
            ack.poll(engine);
            Thread.sleep(200);
        }
        long a1 = engine.status().path("ingest").path("applied").asLong();
        return (a1 - a0) * 1e9 / (System.nanoTime() - t0);
    }

    /** One sample a minute for a year, written before the engine starts (the engine holds the store's lock). */
    private static long seedYear(Path data, SeriesKey key, long from, long to) {
        long n = 0;
        try (Store store = Store.open(data, StoreOptions.defaults())) {
            var batch = new ArrayList<Point>(50_000);
            for (long t = from; t <= to; t += 60_000) {
                batch.add(Point.good(key, t, 50 + 10 * Math.sin(t / 8.64e7 * 2 * Math.PI)));
                if (batch.size() == 50_000) {
                    store.history().append(batch);
                    n += batch.size();
                    batch.clear();
                }
            }
            store.history().append(batch);
            n += batch.size();
        }
        return n;
    }

    /** The SSE storm: N clients on {@code /api/stream}, spread over the given tokens, counting what they get. */
    private static final class Storm implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        private final String base;
        private final List<String> tokens;
        private final int clients;
        private final List<CompletableFuture<HttpResponse<Void>>> responses = new ArrayList<>();
        private final List<Flow.Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();
        final LongAdder admitted = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder events = new LongAdder();

        Storm(String base, List<String> tokens, int clients) {
            this.base = base;
            this.tokens = tokens;
            this.clients = clients;
        }

        void open() {
            for (int i = 0; i < clients; i++) {
                String token = tokens.get(i % tokens.size());
                var request = HttpRequest.newBuilder(URI.create(base + "/api/stream?access_token="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).header("Accept", "text/event-stream").GET()
                        .build();
                responses.add(http.sendAsync(request, info -> {
                    if (info.statusCode() == 200) {
                        admitted.increment();
                        return HttpResponse.BodySubscribers.fromLineSubscriber(new Lines());
                    }
                    refused.increment();
                    return HttpResponse.BodySubscribers.discarding();
                }).whenComplete((r, e) -> {
                    if (e != null) {
                        failed.increment();
                    }
                }));
            }
        }

        /** Waits until every client has its answer (admitted, refused or failed). */
        void awaitAnswers(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (admitted.sum() + refused.sum() + failed.sum() < clients && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        private final class Lines implements Flow.Subscriber<String> {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscriptions.add(s);
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (line.startsWith("event:")) {
                    events.increment();
                }
            }

            @Override
            public void onError(Throwable t) {
                // the stream ended when the storm was closed
            }

            @Override
            public void onComplete() {
                // the engine closed the stream
            }
        }

        @Override
        public void close() {
            subscriptions.forEach(Flow.Subscription::cancel);
            responses.forEach(f -> f.cancel(true));
        }
    }
}
