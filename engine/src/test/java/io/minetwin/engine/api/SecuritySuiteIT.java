package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's doors, case by case, over real HTTP: every route without a token, with an expired one, a revoked one
 * and every role it does not admit; chunked oversize bodies on every POST route; 10,000 refused tokens from one
 * address; 2,000 live-stream clients; the token files' permissions; a SCADA client asking for 10,000 monitored
 * items. Each case prints its counts (one JSON line,
 * {@code security-suite: {...}}).
 */
class SecuritySuiteIT {

    private static final Map<String, Object> COUNTS = new TreeMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Object> counts = COUNTS;
    private final Map<Role, String> valid = new EnumMap<>(Role.class);
    private TwinFixtures.ManualClock clock;
    private TokenFile file;
    private Store store;
    private ApiServer server;
    private String base;
    private String expired;
    private String revoked;

    @TempDir
    Path data;

    @org.junit.jupiter.api.BeforeEach
    void start() {
        clock = new TwinFixtures.ManualClock(Instant.now());
        store = Store.inMemory(StoreOptions.defaults());
        file = new TokenFile(data, clock);
        for (Role role : Role.values()) {
            valid.put(role, file.create("holder-" + role.id(), role, Optional.empty()).secret());
        }
        expired = file.create("expires-soon", Role.ADMIN, Optional.of(clock.instant().plusSeconds(60))).secret();
        revoked = file.create("revoked", Role.ADMIN, Optional.empty()).secret();
        file.revoke("revoked");
        clock.advance(Duration.ofMinutes(2));
    }

    /** The server of one case: a fresh one, so that one case's refusals do not throttle the next. */
    private void serve(int refusedTokenLimit) {
        var backend = new ApiBackend(TwinFixtures.repository(clock), store.history(), store.events(), Map::of,
                new ObjectMapper()).withLiveInterval(Duration.ofMillis(200)).withTraining((request, progress) -> {
                    throw new AssertionError("a refused request reached training");
                });
        server = new ApiServer(backend, new AccessTokens(List.of(), Optional.of(file), clock),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        if (refusedTokenLimit > 0) {
            server.withRefusedTokenLimit(refusedTokenLimit, Duration.ofMinutes(1));
        }
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @org.junit.jupiter.api.AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        store.close();
    }

    @AfterAll
    static void report() {
        System.out.println("security-suite: " + COUNTS);
    }

    /** The path with well-formed values for its parameters, so that a request gets as far as its body. */
    private static String concrete(String path) {
        if (path.startsWith("/api/alerts/")) {
            return path.replace("{id}", "baiyun:shovel-01.hoist-motor.1767600000000");
        }
        if (path.startsWith("/api/models/")) {
            return path.replace("{id}", path.endsWith("/promote") ? "electric-shovel.hoist-motor@1"
                    : "electric-shovel.hoist-motor");
        }
        return path.replaceAll("\\{[^}]+}", "x");
    }

    private HttpResponse<String> call(ApiServer.Route route, String token, HttpRequest.BodyPublisher body)
            throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + concrete(route.path()))).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(route.method().name(), route.method() == HandlerType.GET ? HttpRequest.BodyPublishers.noBody() : body);
        if (route.path().equals("/api/stream")) {
            b.header("Accept", "text/event-stream");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteRefusesNoTokenAnExpiredOneARevokedOneAndEveryRoleItDoesNotAdmit() throws Exception {
        serve(1_000); // this case presents many refused tokens on purpose; the flood case checks the default limit
        int requests = 0;
        List<String> wrong = new ArrayList<>();
        var empty = HttpRequest.BodyPublishers.ofString("{}");
        for (ApiServer.Route route : server.routes()) {
            Map<String, String> refusals = new LinkedHashMap<>();
            refusals.put("no token", null);
            refusals.put("expired", expired);
            refusals.put("revoked", revoked);
            for (var e : refusals.entrySet()) {
                var r = call(route, e.getValue(), empty);
                requests++;
                if (r.statusCode() != 401) {
                    wrong.add(route.method() + " " + route.path() + " " + e.getKey() + ": " + r.statusCode());
                }
            }
            for (Role role : Role.values()) {
                if (!route.roles().contains(role)) {
                    var r = call(route, valid.get(role), empty);
                    requests++;
                    if (r.statusCode() != 403) {
                        wrong.add(route.method() + " " + route.path() + " as " + role.id() + ": " + r.statusCode());
                    }
                }
            }
        }
        counts.put("routes", server.routes().size());
        counts.put("refusal_requests", requests);
        counts.put("refusal_wrong", wrong.size());
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(requests > 3 * 20, "every route was tried: " + requests);
    }

    @Test
    void everyPostRouteRefusesAChunkedBodyPastTheCap() throws Exception {
        serve(0);
        byte[] big = ("{\"comment\": \"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        int tried = 0;
        int tooLarge = 0;
        List<String> wrong = new ArrayList<>();
        for (ApiServer.Route route : server.routes()) {
            if (route.method() != HandlerType.POST) {
                continue;
            }
            Role admitted = route.roles().iterator().next();
            var r = call(route, valid.get(admitted),
                    HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
            tried++;
            // Every body is read through one bounded reader: 413 where the request gets as far as its body; a
            // route that refuses first (no such alert, no registry here) never reads it at all.
            if (r.statusCode() == 413) {
                tooLarge++;
            } else if (r.statusCode() < 400 || route.path().equals("/api/maintenance")
                    || route.path().equals("/api/train") || route.path().endsWith("/promote")) {
                wrong.add(route.path() + ": " + r.statusCode() + " " + r.body());
            }
        }
        counts.put("chunked_oversize_posts", tried);
        counts.put("chunked_oversize_413", tooLarge);
        counts.put("chunked_oversize_wrong", wrong.size());
        assertTrue(tried >= 4, "POST routes tried: " + tried);
        assertTrue(tooLarge >= 3, "413s: " + tooLarge);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void tenThousandRefusedTokensFromOneAddressAreCutOffAndKeyFilesAreOwnerOnly() throws Exception {
        serve(0);
        var twins = server.routes().stream().filter(r -> r.path().equals("/api/twins")).findFirst().orElseThrow();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            statuses.merge(call(twins, "mt_guess-" + i, null).statusCode(), 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        counts.put("bad_tokens_401", statuses.getOrDefault(401, 0));
        counts.put("bad_tokens_429", statuses.getOrDefault(429, 0));
        counts.put("bad_tokens_per_s", Math.round(10_000 / seconds));
        assertEquals(20, statuses.getOrDefault(401, 0), statuses.toString());
        assertEquals(9_980, statuses.getOrDefault(429, 0), statuses.toString());

        for (String name : List.of("tokens.json", "tokens.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))),
                    name);
        }
        counts.put("owner_only_files", 2);
    }

    @Test
    void twoThousandLiveStreamClientsAreAdmittedUpToTheLimits() throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long maxFiles = os instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : Long.MAX_VALUE;
        org.junit.jupiter.api.Assumptions.assumeTrue(maxFiles >= 4096,
                "needs 4,096 open files for 500 streams at both ends; this process may open " + maxFiles);
        serve(0);
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            holders.add(file.create("wallboard-" + i, Role.VIEWER, Optional.empty()).secret());
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) {
                var request = HttpRequest.newBuilder(URI.create(base + "/api/stream"))
                        .header("Authorization", "Bearer " + holders.get(i % holders.size()))
                        .header("Accept", "text/event-stream").GET().build();
                var r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                statuses.merge(r.statusCode(), 1, Integer::sum);
                if (r.statusCode() == 200) {
                    open.add(r);
                } else {
                    r.body().close();
                }
            }
        } finally {
            for (var r : open) {
                r.body().close();
            }
        }
        counts.put("streams_admitted", statuses.getOrDefault(200, 0));
        counts.put("streams_refused_503", statuses.getOrDefault(503, 0));
        counts.put("streams_refused_429", statuses.getOrDefault(429, 0));
        assertEquals(LiveFeed.MAX_CLIENTS, statuses.getOrDefault(200, 0), statuses.toString());
        assertEquals(2_000 - LiveFeed.MAX_CLIENTS, statuses.getOrDefault(503, 0), statuses.toString());
    }

    /**
     * A greedy SCADA client asks for 10,000 monitored items on a server that admits 5,000 per session: the rest
     * are refused with Bad_TooManyMonitoredItems, and ingest keeps going: every sample is applied, the values on
     * their way to the client stay bounded by the items it holds (the latest per node), and the client ends with
     * the latest value. The apply rates with and without the client are printed, not asserted.
     */
    @Test
    void aScadaClientAskingForTenThousandMonitoredItemsIsRefusedPastTheLimitAndIngestKeepsGoing() throws Exception {
        int twins = 500;
        int channels = 30;
        int limit = 5_000;
        var specs = new ArrayList<io.minetwin.model.ChannelSpec>();
        for (int i = 0; i < channels; i++) {
            specs.add(new io.minetwin.model.ChannelSpec("ch-" + i, "degC", io.minetwin.model.ValueType.NUMBER, null,
                    null, null, List.of(), ""));
        }
        var type = new io.minetwin.model.AssetType("suite-asset", "", List.of(
                new io.minetwin.model.ComponentType("part", "", specs)));
        var repo = new io.minetwin.model.InMemoryTwinRepository(java.time.Clock.systemUTC(), Duration.ofDays(3650));
        List<io.minetwin.model.SeriesKey> keys = new ArrayList<>();
        for (int t = 0; t < twins; t++) {
            var id = new io.minetwin.model.TwinId("suite", String.format(java.util.Locale.ROOT, "asset-%04d", t));
            repo.register(new io.minetwin.model.TwinDefinition(id, type, io.minetwin.model.TwinAttributes.NONE));
            for (int c = 0; c < channels; c++) {
                keys.add(new io.minetwin.model.SeriesKey(id, "part", "ch-" + c));
            }
        }
        long[] round = {0};
        Runnable apply = () -> {
            var batch = new ArrayList<io.minetwin.model.Sample>(keys.size());
            Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(round[0]);
            for (var k : keys) {
                batch.add(io.minetwin.model.Sample.good(k, at, 20 + round[0] % 50));
            }
            repo.apply(batch);
            round[0]++;
        };
        apply.run();
        var settings = io.minetwin.connectors.opcua.server.ScadaServerSettings.local(0, data.resolve("scada-pki"),
                List.of(), true).withLimits(io.minetwin.connectors.opcua.server.ScadaLimits.DEFAULTS
                .withMaxMonitoredItemsPerSession(limit));
        try (var scada = io.minetwin.connectors.opcua.server.ScadaServer.start(settings, repo,
                io.minetwin.model.SeriesReader.NONE)) {
            long withoutStart = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                apply.run();
            }
            double perSecondWithout = 5.0 * keys.size() / ((System.nanoTime() - withoutStart) / 1e9);

            URI uri = URI.create(scada.endpointUrl());
            var client = org.eclipse.milo.opcua.sdk.client.OpcUaClient.create(scada.endpointUrl(),
                    endpoints -> endpoints.stream().filter(e -> e.getSecurityMode()
                                    == org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode.None)
                            .findFirst().map(e -> org.eclipse.milo.opcua.stack.core.util.EndpointUtil.updateUrl(e,
                                    uri.getHost(), uri.getPort())),
                    transport -> { },
                    b -> b.setApplicationUri("urn:minetwin:suite").setIdentityProvider(
                                    new org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider())
                            .setRequestTimeout(org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned
                                    .uint(60_000)));
            client.connect();
            try {
                int ns = client.getNamespaceTable().getIndex("urn:minetwin:twins").intValue();
                var sub = new org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription(client, 100.0);
                sub.create();
                var latest = new java.util.concurrent.ConcurrentHashMap<String, Double>();
                var items = new ArrayList<org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem>();
                for (int i = 0; i < 10_000; i++) {
                    var k = keys.get(i);
                    String node = k.twin() + "/" + k.component() + "/" + k.channel();
                    var item = org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem.newDataItem(
                            new org.eclipse.milo.opcua.stack.core.types.builtin.NodeId(ns, node));
                    item.setSamplingInterval(0.0);
                    item.setDataValueListener((it, v) -> {
                        if (v.value().getValue() instanceof Double d) {
                            latest.put(node, d);
                        }
                    });
                    items.add(item);
                }
                sub.addMonitoredItems(items);
                sub.createMonitoredItems();
                int admitted = 0;
                int refused = 0;
                int other = 0;
                for (var item : items) {
                    var status = item.getCreateResult().orElseThrow();
                    if (status.isGood()) {
                        admitted++;
                    } else if (status.value() == org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_TooManyMonitoredItems) {
                        refused++;
                    } else {
                        other++;
                    }
                }
                int waitingMax = 0;
                long withStart = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    apply.run();
                    waitingMax = Math.max(waitingMax, scada.status().valuesWaiting());
                }
                double perSecondWith = 5.0 * keys.size() / ((System.nanoTime() - withStart) / 1e9);
                double last = 20 + (round[0] - 1) % 50;
                var firstAdmitted = keys.get(0);
                String firstNode = firstAdmitted.twin() + "/" + firstAdmitted.component() + "/" + firstAdmitted.channel();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Double.valueOf(last).equals(latest.get(firstNode)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                counts.put("scada_items_requested", items.size());
                counts.put("scada_items_admitted", admitted);
                counts.put("scada_items_refused_too_many", refused);
                counts.put("scada_items_refused_other", other);
                counts.put("scada_ingest_samples", round[0] * keys.size());
                counts.put("scada_values_waiting_max", waitingMax);
                counts.put("scada_ingest_per_s_without_client", Math.round(perSecondWithout));
                counts.put("scada_ingest_per_s_with_client", Math.round(perSecondWith));
                assertEquals(limit, admitted, "the session's share");
                assertEquals(10_000 - limit, refused, "the rest refused with Bad_TooManyMonitoredItems");
                assertEquals(0, other);
                assertTrue(waitingMax <= limit, "values on their way stay one per monitored node: " + waitingMax);
                assertEquals(last, latest.get(firstNode), "the client ends with the latest value");
                assertEquals(round[0], repo.twin(firstAdmitted.twin()).orElseThrow()
                        .channel("part", "ch-0").orElseThrow().latest().sourceTime().getEpochSecond()
                        - Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() + 1, "every round applied");
            } finally {
                client.disconnect();
            }
        }
    }
}
