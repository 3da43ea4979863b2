package io.minetwin.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.ApiBackend;
import io.minetwin.engine.api.ApiServer;
import io.minetwin.engine.api.Role;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.TwinId;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * {@code bench events}: a large event log in a RocksDB store, and {@code GET /api/alerts} against it through the
 * REST API on the loopback interface (HTTP, JSON, the endpoint's indexed reads), timed per request.
 *
 * <p>The log spans two years of a fleet: about 40% alert events (each alert raised, changed, often acknowledged,
 * and cleared but for about 2% left open), the rest data gaps, audit records, maintenance and failures. The
 * baseline, measured in the same run on the same store, is the read the endpoint made before the log had an
 * index: the whole log scanned in time order and its alert events folded into alerts, open ones kept.
 */
public final class EventsBenchmark {

    public static final int DEFAULT_EVENTS = 1_000_000;
    public static final int DEFAULT_REQUESTS = 500;
    public static final int DEFAULT_BASELINE_RUNS = 3;
    public static final long DEFAULT_SEED = 14;

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final int TWINS = 200;
    private static final int BATCH = 10_000;

    private EventsBenchmark() {
    }

    /** The figures, in print order. */
    public record Result(Map<String, Object> figures) {
    }

    /**
     * Builds the log in {@code work}, then times {@code requests} requests of each form and {@code baselineRuns}
     * full scans.
     */
    public static Result run(Path work, int events, int requests, int baselineRuns, long seed) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO).withDurability(Durability.PROCESS);
        try (Store store = Store.open(work.resolve("data"), options)) {
            long t0 = System.nanoTime();
            Built built = build(store.events(), events, new Random(seed));
            out.put("events", built.events);
            out.put("alert_events", built.alertEvents);
            out.put("alerts", built.alerts);
            out.put("open_alerts", built.open);
            out.put("build_s", round((System.nanoTime() - t0) / 1e9));

            var repository = new InMemoryTwinRepository(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
            var backend = new ApiBackend(repository, store.history(), store.events(), Map::of, new ObjectMapper())
                    .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
            String token = "bench-viewer-token";
            var tokens = new AccessTokens(List.of(new AccessTokens.Entry("bench", Role.VIEWER, AccessTokens.hash(token))));
            try (ApiServer server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
                int port = server.start("127.0.0.1", 0);
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port;
                Timed open = timeRequests(client, base + "/api/alerts", token, requests, built.open);
                out.put("api_alerts_open_p50_ms", open.p50);
                out.put("api_alerts_open_p99_ms", open.p99);
                out.put("api_alerts_open_max_ms", open.max);
                Timed all = timeRequests(client, base + "/api/alerts?state=all", token, Math.max(1, requests / 5),
                        built.alerts);
                out.put("api_alerts_all_p50_ms", all.p50);
                out.put("api_alerts_all_p99_ms", all.p99);
            }
            Timed baseline = timeBaseline(store.events(), baselineRuns, built.open);
            out.put("baseline_full_scan_p50_ms", baseline.p50);
            out.put("baseline_full_scan_max_ms", baseline.max);
            out.put("ratio_baseline_p50_to_api_open_p99", round(baseline.p50 / Math.max(open(out), 1e-3)));
        }
        return new Result(out);
    }

    private static double open(Map<String, Object> out) {
        return (Double) out.get("api_alerts_open_p99_ms");
    }

    private record Built(long events, long alertEvents, long alerts, long open) {
    }

    private static Built build(EventLog log, int target, Random random) {
        List<Event> batch = new ArrayList<>(BATCH + 16);
        long events = 0;
        long alertEvents = 0;
        long alerts = 0;
        long open = 0;
        long span = Duration.ofDays(730).toSeconds();
        Instant start = NOW.minusSeconds(span);
        while (events < target) {
            TwinId twin = new TwinId("bench", String.format(Locale.ROOT, "asset-%03d", random.nextInt(TWINS)));
            String component = "c" + random.nextInt(4);
            Instant t = start.plusSeconds((long) (random.nextDouble() * span)).plusMillis(random.nextInt(1000));
            double kind = random.nextDouble();
            List<Event> made = new ArrayList<>();
            if (kind < 0.16) { // about 3.5 events per alert: alert events are about 40% of the log
                // One alert, about four events.
                String id = AlertEvent.id(twin, component, t);
                made.add(alert(t, twin, component, id, AlertEvent.Action.RAISED, AlertLevel.WATCH, AlertLevel.OK));
                Instant at = t;
                for (int i = random.nextInt(3); i > 0; i--) {
                    at = at.plusSeconds(60 + random.nextInt(86_400));
                    made.add(alert(at, twin, component, id, AlertEvent.Action.ESCALATED, AlertLevel.WARNING,
                            AlertLevel.WATCH));
                }
                if (random.nextBoolean()) {
                    at = at.plusSeconds(60 + random.nextInt(3600));
                    made.add(AlertEvent.acknowledged(at, twin, component, id, AlertLevel.WARNING, "planner",
                            "work order raised").toEvent());
                }
                if (random.nextDouble() >= 0.02) {
                    at = at.plusSeconds(60 + random.nextInt(7 * 86_400));
                    made.add(alert(at, twin, component, id, AlertEvent.Action.CLEARED, AlertLevel.OK, AlertLevel.WARNING));
                } else {
                    open++;
                }
                alerts++;
                alertEvents += made.size();
            } else {
                double k = random.nextDouble();
                EventKind ek = k < 0.42 ? EventKind.GAP : k < 0.84 ? EventKind.AUDIT : k < 0.97 ? EventKind.MAINTENANCE
                        : EventKind.FAILURE;
                Map<String, String> details = switch (ek) {
                    case GAP -> Map.of("reason", "connection lost", "until", t.plusSeconds(random.nextInt(600)).toString());
                    case AUDIT -> Map.of("user", "admin", "action", "token.create", "target", "viewer-" + random.nextInt(50));
                    case MAINTENANCE -> Map.of("action", "inspection", "notes", "checked, within limits");
                    default -> Map.of("mode", "bearing");
                };
                made.add(new Event(t, twin, ek == EventKind.GAP || ek == EventKind.AUDIT ? null : component, ek, details));
            }
            batch.addAll(made);
            events += made.size();
            if (batch.size() >= BATCH) {
                log.append(batch);
                batch.clear();
            }
        }
        log.append(batch);
        return new Built(events, alertEvents, alerts, open);
    }

    private static Event alert(Instant t, TwinId twin, String component, String id, AlertEvent.Action action,
                               AlertLevel level, AlertLevel previous) {
        return new AlertEvent(t, twin, component, id, action, level, previous,
                Map.of("health", "0.42", "p.30d", "0.31", "rulHours", "412.0", "signals", "winding temperature rising",
                        "modelVersion", "v3"), Optional.empty(), Optional.empty()).toEvent();
    }

    private record Timed(double p50, double p99, double max) {
    }

    private static Timed timeRequests(HttpClient client, String url, String token, int n, long expectedTotal)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build();
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < Math.min(50, n); i++) {
            check(client.send(request, HttpResponse.BodyHandlers.ofString()), json, expectedTotal, url);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - t) / 1e6;
            check(r, json, expectedTotal, url);
        }
        return percentiles(ms);
    }

    private static void check(HttpResponse<String> r, ObjectMapper json, long expectedTotal, String url)
            throws Exception {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        JsonNode body = json.readTree(r.body());
        if (body.get("total").asLong() != expectedTotal) {
            throw new IllegalStateException(url + " counted " + body.get("total") + " alerts where the log holds "
                    + expectedTotal);
        }
    }

    /** The read before the index: every event in time order, alert events folded, open alerts kept. */
    private static Timed timeBaseline(EventLog log, int runs, long expectedOpen) {
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            Map<String, Boolean> cleared = new HashMap<>();
            for (Event e : log.query(Optional.empty(), Instant.MIN, Instant.MAX)) {
                AlertEvent.from(e).ifPresent(a -> cleared.merge(a.alert(), a.action() == AlertEvent.Action.CLEARED,
                        Boolean::logicalOr));
            }
            Set<String> open = new HashSet<>();
            cleared.forEach((id, c) -> {
                if (!c) {
                    open.add(id);
                }
            });
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (open.size() != expectedOpen) {
                throw new IllegalStateException("the full scan found " + open.size() + " open alerts, not " + expectedOpen);
            }
        }
        return percentiles(ms);
    }

    private static Timed percentiles(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return new Timed(round(at(s, 0.50)), round(at(s, 0.99)), round(s[s.length - 1]));
    }

    private static double at(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
