package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /api/kpi} over two shovels of the demo fleet for a week: figures per asset and for the fleet, the
 * roles that may ask, and bad parameters refused with 400 naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiApiIT {

    static final Instant MONDAY = Instant.parse("2025-03-03T00:00:00Z");
    static final TwinId SHOVEL_1 = TwinId.parse("baiyun:shovel-01");
    static final TwinId SHOVEL_2 = TwinId.parse("baiyun:shovel-02");
    static final String WEEK = "from=2025-03-03T00:00:00Z&to=2025-03-10T00:00:00Z";

    private Store store;
    private ApiServer server;
    private String base;

    @BeforeAll
    void start() {
        Fleet fleet = EngineConfig.load(Path.of("..", "config", "minetwin.yaml")).loadFleet();
        var clock = new TwinFixtures.ManualClock(MONDAY.plus(Duration.ofDays(7)));
        var twins = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
        fleet.twins().values().forEach(twins::register);
        store = Store.inMemory(StoreOptions.defaults());
        List<Point> points = new ArrayList<>();
        for (Instant t = MONDAY; t.isBefore(MONDAY.plus(Duration.ofDays(7))); t = t.plus(Duration.ofMinutes(10))) {
            // shovel-01 down on Wednesday from 06:00 to 18:00; shovel-02 idle throughout
            boolean down = !t.isBefore(MONDAY.plus(Duration.ofHours(54))) && t.isBefore(MONDAY.plus(Duration.ofHours(66)));
            points.add(Point.good(new SeriesKey(SHOVEL_1, "machine", "state"), t.toEpochMilli(), down ? 2 : 0));
            points.add(Point.good(new SeriesKey(SHOVEL_2, "machine", "state"), t.toEpochMilli(), 1));
        }
        store.history().append(points);
        store.events().append(List.of(new Event(MONDAY.plus(Duration.ofHours(54)), SHOVEL_1, "hoist-motor",
                EventKind.FAILURE, Map.of("action", "failure-repair"))));
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, new ObjectMapper()).withClock(clock);
        var tokens = new AccessTokens(List.of(
                new AccessTokens.Entry("viewer", Role.VIEWER, AccessTokens.hash("viewer-token-kpi")),
                new AccessTokens.Entry("scada", Role.SCADA, AccessTokens.hash("scada-token-kpi"))));
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private HttpResponse<String> get(String token, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/kpi" + query))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String query) throws Exception {
        HttpResponse<String> r = get("viewer-token-kpi", query);
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void figuresPerAssetAndForTheFleet() throws Exception {
        JsonNode assets = ok("?group=asset&type=electric-shovel&" + WEEK);
        assertEquals("asset", assets.get("group").asText());
        assertEquals(2, assets.get("items").size(), assets.toString());
        JsonNode one = assets.get("items").get(0);
        assertEquals("baiyun:shovel-01", one.get("name").asText());
        assertEquals("electric-shovel", one.get("type").asText());
        assertEquals(1 - 12.0 / 168, one.get("availability").asDouble(), 1e-4);
        assertEquals(1, one.get("failures").asInt());
        assertEquals(12.0, one.get("mttr_hours").asDouble(), 1e-6, "down until running again at 18:00");
        JsonNode two = assets.get("items").get(1);
        assertEquals(1.0, two.get("availability").asDouble(), 1e-9);
        assertEquals(0.0, two.get("utilisation").asDouble(), 1e-9, "idle all week");

        JsonNode fleet = assets.get("fleet");
        assertEquals((2 * 168 - 12.0) / (2 * 168), fleet.get("availability").asDouble(), 1e-4);
        assertEquals(1, fleet.get("failures").asInt());
        JsonNode one1 = ok("?twin=baiyun:shovel-01&" + WEEK);
        assertEquals(one.get("availability"), one1.get("fleet").get("availability"), "twin filter");
        assertEquals("fleet", one1.get("items").get(0).get("name").asText());
    }

    @Test
    void scadaMayNotAskAndBadParametersAreRefusedNamingTheField() throws Exception {
        assertEquals(403, get("scada-token-kpi", "?" + WEEK).statusCode());
        for (String[] bad : List.of(new String[] {"?group=month", "group"},
                new String[] {"?from=2025-03-10T00:00:00Z&to=2025-03-03T00:00:00Z", "from"},
                new String[] {"?from=yesterday", "from"}, new String[] {"?to=2025-13-01", "to"},
                new String[] {"?twin=not-an-id", "twin"})) {
            HttpResponse<String> r = get("viewer-token-kpi", bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + ": " + r.body());
            JsonNode body = new ObjectMapper().readTree(r.body());
            assertEquals(bad[1], body.get("field").asText(), r.body());
            assertTrue(body.get("message").asText().contains("'" + bad[1] + "'"), r.body());
        }
        HttpResponse<String> unknown = get("viewer-token-kpi", "?twin=baiyun:shovel-99");
        assertEquals(404, unknown.statusCode(), unknown.body());
    }
}
