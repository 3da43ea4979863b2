package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The API over real HTTP: every endpoint, every role, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerIT {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);
    private Store store;
    private InMemoryTwinRepository twins;
    private ApiServer server;
    private String base;

    @BeforeAll
    void start() {
        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0.plusSeconds(3600));
        twins = TwinFixtures.repository(clock);
        store = Store.inMemory(StoreOptions.defaults());
        twins.apply(List.of(
                TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0, 95.5),
                TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plusSeconds(1), 96.0)),
                store.history()::append);
        List<AccessTokens.Entry> entries = new ArrayList<>();
        for (Role role : Role.values()) {
            String token = "token-of-" + role.id();
            tokens.put(role, token);
            entries.add(new AccessTokens.Entry(role.id() + "-user", role, AccessTokens.hash(token)));
        }
        var backend = new ApiBackend(twins, store.history(), store.events(), () -> Map.of("twins", twins.twins().size()),
                json).withLiveInterval(java.time.Duration.ofMillis(50));
        server = new ApiServer(backend, new AccessTokens(entries), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        int port = server.start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() {
        server.close();
        store.close();
    }

    private HttpResponse<String> get(String path, Role role) throws IOException, InterruptedException {
        return get(path, role == null ? null : "Bearer " + tokens.get(role), null);
    }

    private HttpResponse<String> get(String path, String authorization, String accept)
            throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> r) throws IOException {
        return json.readTree(r.body());
    }

    @Test
    void requestWithoutTokenIsRefusedWith401Json() throws Exception {
        var r = get("/api/twins", (Role) null);

        assertEquals(401, r.statusCode());
        assertEquals("unauthorized", body(r).get("error").asText());
        assertTrue(body(r).get("message").asText().contains("Authorization: Bearer"));
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void unknownTokenIsRefused() throws Exception {
        var r = get("/api/twins", "Bearer not-a-token", null);

        assertEquals(401, r.statusCode());
        assertTrue(body(r).get("message").asText().contains("not valid"));
    }

    @Test
    void everyEndpointAdmitsExactlyItsRoles() throws Exception {
        String twin = "/api/twins/" + TwinFixtures.SHOVEL;
        Map<String, List<Role>> allowed = new java.util.LinkedHashMap<>();
        allowed.put("/api/twins", List.of(Role.values()));
        allowed.put(twin, List.of(Role.values()));
        allowed.put(twin + "/history?channel=hoist-motor.winding-temp", List.of(Role.values()));
        allowed.put("/api/status", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/metrics", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/api/openapi.json", List.of(Role.values()));
        allowed.put("/api/asset-types", List.of(Role.values()));
        allowed.put("/api/asset-types/electric-shovel", List.of(Role.values()));
        allowed.put("/api/forecasts", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/api/alerts", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/api/maintenance", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/api/jobs", List.of(Role.VIEWER, Role.PLANNER, Role.ENGINEER, Role.OPERATOR, Role.ADMIN));
        allowed.put("/api/work-orders", List.of(Role.PLANNER, Role.ADMIN));
        for (var e : allowed.entrySet()) {
            for (Role role : Role.values()) {
                var r = get(e.getKey(), role);
                int expected = e.getValue().contains(role) ? 200 : 403;
                assertEquals(expected, r.statusCode(), role + " GET " + e.getKey() + ": " + r.body());
                if (expected == 403) {
                    assertTrue(body(r).get("message").asText().contains("role '" + role.id() + "' may not"));
                }
            }
        }
    }

    @Test
    void twinListFiltersAndPages() throws Exception {
        JsonNode all = body(get("/api/twins", Role.VIEWER));
        assertEquals(2, all.get("total").asInt());
        assertEquals("baiyun:shovel-01", all.get("items").get(0).get("thingId").asText());

        JsonNode inverters = body(get("/api/twins?type=" + TwinFixtures.inverterType().name(), Role.VIEWER));
        assertEquals(1, inverters.get("total").asInt());
        assertEquals("baiyun:shovel-01", inverters.get("items").get(0).get("parent").asText());

        JsonNode page = body(get("/api/twins?limit=1&offset=1", Role.VIEWER));
        assertEquals(2, page.get("total").asInt());
        assertEquals(1, page.get("items").size());
        assertEquals("baiyun:shovel-01-hoist-inverter", page.get("items").get(0).get("thingId").asText());
    }

    @Test
    void badPagingNamesTheField() throws Exception {
        var r = get("/api/twins?limit=5000", Role.VIEWER);

        assertEquals(400, r.statusCode());
        assertEquals("limit", body(r).get("field").asText());
        assertTrue(body(r).get("message").asText().contains("between 1 and 1000"));
    }

    @Test
    void twinIsDittoShaped() throws Exception {
        JsonNode thing = body(get("/api/twins/baiyun:shovel-01", Role.SCADA));

        assertEquals("baiyun:shovel-01", thing.get("thingId").asText());
        JsonNode winding = thing.at("/features/hoist-motor/properties/winding-temp");
        assertEquals(96.0, winding.get("value").asDouble());
        assertEquals("degC", winding.get("unit").asText());
    }

    @Test
    void unknownAndMalformedTwinIds() throws Exception {
        var missing = get("/api/twins/baiyun:nothing-here", Role.VIEWER);
        assertEquals(404, missing.statusCode());
        assertTrue(body(missing).get("message").asText().contains("no twin baiyun:nothing-here"));

        var malformed = get("/api/twins/no-namespace", Role.VIEWER);
        assertEquals(400, malformed.statusCode());
        assertEquals("id", body(malformed).get("field").asText());
    }

    @Test
    void historyAsJsonAndCsv() throws Exception {
        String path = "/api/twins/baiyun:shovel-01/history?channel=hoist-motor.winding-temp";
        JsonNode h = body(get(path, Role.VIEWER));
        assertEquals(2, h.get("points").size());
        assertEquals(95.5, h.get("points").get(0).get("value").asDouble());

        var csv = get(path + "&to=" + TwinFixtures.T0.plusSeconds(1), "Bearer " + tokens.get(Role.VIEWER), "text/csv");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals("time,value,quality\n" + TwinFixtures.T0 + ",95.5,good\n", csv.body());

        JsonNode minutes = body(get(path + "&step=1m", Role.VIEWER));
        assertEquals(1, minutes.get("points").size());
        assertEquals(2, minutes.get("points").get(0).get("count").asInt());
    }

    @Test
    void historyRejectsBadParametersNamingTheField() throws Exception {
        String base = "/api/twins/baiyun:shovel-01/history";
        assertEquals("channel", body(get(base, Role.VIEWER)).get("field").asText());
        assertEquals("channel", body(get(base + "?channel=winding-temp", Role.VIEWER)).get("field").asText());
        assertEquals("from", body(get(base + "?channel=hoist-motor.winding-temp&from=yesterday", Role.VIEWER))
                .get("field").asText());
        assertEquals("step", body(get(base + "?channel=hoist-motor.winding-temp&step=5s", Role.VIEWER))
                .get("field").asText());
        for (String far : new String[] {"from=-999999999-01-01T00:00:00Z", "from=+200000000-01-01T00:00:00Z&to=+200000001-01-01T00:00:00Z"}) {
            var r = get(base + "?channel=hoist-motor.winding-temp&" + far, Role.VIEWER);
            assertEquals(400, r.statusCode(), far + ": " + r.body());
            assertEquals("from", body(r).get("field").asText(), r.body());
            assertTrue(body(r).get("message").asText().contains("outside the times history keeps"), r.body());
        }
        var toFar = get(base + "?channel=hoist-motor.winding-temp&to=+999999999-12-31T23:59:59Z", Role.VIEWER);
        assertEquals(400, toFar.statusCode(), toFar.body());
        assertEquals("to", body(toFar).get("field").asText());
        // Dates are taken as the CLI takes them: the start of the day in UTC.
        var byDate = get(base + "?channel=hoist-motor.winding-temp&from=1970-01-01", Role.VIEWER);
        assertEquals(200, byDate.statusCode(), byDate.body());
        var unknown = get(base + "?channel=hoist-motor.no-such", Role.VIEWER);
        assertEquals(404, unknown.statusCode());
        assertTrue(body(unknown).get("message").asText().contains("has no channel hoist-motor.no-such"));
    }

    @Test
    void unknownHorizonIsRefusedNamingTheFormWhenThereAreNoForecastsYet() throws Exception {
        var r = get("/api/forecasts?horizon=banana", Role.VIEWER);
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("horizon", body(r).get("field").asText());
        assertTrue(body(r).get("message").asText().contains("such as 72h or 7d"), r.body());
        assertEquals(200, get("/api/forecasts?horizon=7d", Role.VIEWER).statusCode());
    }

    @Test
    void metricsCountRequests() throws Exception {
        get("/api/twins", Role.VIEWER);
        var r = get("/metrics", Role.VIEWER);

        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("minetwin_http_requests_seconds_count{route=\"GET /api/twins\""), r.body());
    }

    @Test
    void openApiListsEveryRoute() throws Exception {
        JsonNode doc = body(get("/api/openapi.json", Role.VIEWER));

        assertEquals("3.0.3", doc.get("openapi").asText());
        for (ApiServer.Route route : server.routes()) {
            assertFalse(doc.get("paths").path(route.path()).isMissingNode(), route.path());
        }
    }

    @Test
    void assetTypeCarriesUnitsRangesAndLimits() throws Exception {
        JsonNode type = body(get("/api/asset-types/electric-shovel", Role.VIEWER));

        JsonNode winding = type.get("components").get(0).get("channels").get(0);
        assertEquals("winding-temp", winding.get("name").asText());
        assertEquals("degC", winding.get("unit").asText());
        assertEquals(120.0, winding.at("/normal/max").asDouble());
        assertEquals(155.0, winding.at("/limits/highAlarm").asDouble());
        assertEquals(404, get("/api/asset-types/bulldozer", Role.VIEWER).statusCode());
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void liveFeedStreamsChangesToATokenInTheQuery() throws Exception {
        var refused = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());

        var request = HttpRequest.newBuilder(URI.create(base + "/api/stream?access_token=" + tokens.get(Role.VIEWER)))
                .header("Accept", "text/event-stream").GET().build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        var lines = response.body().iterator();
        assertEquals("event: hello", lines.next());
        twins.apply(List.of(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0.plusSeconds(5), 151.0)));
        String data = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (data == null && System.nanoTime() < deadline && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: [")) {
                data = line.substring("data: ".length());
            }
        }
        JsonNode change = json.readTree(data).get(0);
        assertEquals("baiyun:shovel-01", change.get("thingId").asText());
        assertEquals("winding-temp", change.get("channel").asText());
        assertEquals(151.0, change.get("value").asDouble());
        assertEquals("high_warning", change.get("limitState").asText());
        response.body().close();
    }

    @Test
    void dashboardIsServedAtTheRoot() throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(base + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<title>minetwin</title>"));
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        var r = get("/api/nothing", Role.VIEWER);

        assertEquals(404, r.statusCode());
        assertEquals("not_found", body(r).get("error").asText());
    }
}
