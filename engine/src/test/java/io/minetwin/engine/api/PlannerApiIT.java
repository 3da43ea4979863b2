package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.engine.cmms.CmmsFormat;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.engine.config.CmmsMappingLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The planning and engineering endpoints over real HTTP: forecasts ranked by risk and cost, alerts and
 * acknowledging them, maintenance records, work orders, the model registry and training jobs; every
 * write with the roles allowed and refused, and bad payloads naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlannerApiIT {

    static final Instant NOW = TwinFixtures.T0.plus(Duration.ofDays(2));
    static final Instant RAISED = TwinFixtures.T0.plus(Duration.ofDays(1));
    static final String SHOVEL_ALERT = "baiyun:shovel-01.hoist-motor." + RAISED.toEpochMilli();
    static final String CLEARED_ALERT = "baiyun:shovel-01-hoist-inverter.igbt." + TwinFixtures.T0.toEpochMilli();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);
    private final CountDownLatch release = new CountDownLatch(1);
    private Path dir;
    private Store store;
    private InMemoryTwinRepository twins;
    private ModelRegistry registry;
    private ApiServer server;
    private String base;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("minetwin-planner-api-");
        twins = TwinFixtures.repository(new TwinFixtures.ManualClock(NOW));
        store = Store.inMemory(StoreOptions.defaults());
        twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(NOW, 61, AlertLevel.WARNING));
        var p = new LinkedHashMap<String, Double>();
        p.put("72h", 0.5);
        p.put("7d", 0.8);
        twins.updateHealth(TwinFixtures.HOIST_INVERTER, "igbt", new ComponentHealth(NOW, 22, p, Optional.empty(),
                AlertLevel.CRITICAL, List.of(new ComponentHealth.Signal("igbt.heatsink-temp.mean.6h",
                "igbt heatsink-temp: mean over 6 h", 0.7)), "drive-inverter/igbt@2"));
        twins.apply(List.of(TwinFixtures.good(TwinFixtures.WINDING_TEMP, NOW.minusSeconds(60), 146.0)));
        store.events().append(List.of(
                alertEvent(RAISED, "baiyun:shovel-01", "hoist-motor", SHOVEL_ALERT, "raised", "watch", "ok"),
                alertEvent(RAISED.plusSeconds(3600), "baiyun:shovel-01", "hoist-motor", SHOVEL_ALERT, "escalated",
                        "warning", "watch"),
                alertEvent(TwinFixtures.T0, "baiyun:shovel-01-hoist-inverter", "igbt", CLEARED_ALERT, "raised",
                        "warning", "ok"),
                alertEvent(TwinFixtures.T0.plusSeconds(600), "baiyun:shovel-01-hoist-inverter", "igbt", CLEARED_ALERT,
                        "cleared", "ok", "warning")));
        registry = new ModelRegistry(dir.resolve("models"), new TwinFixtures.ManualClock(NOW));
        TestModels.register(registry, "electric-shovel.hoist-motor", 10);
        TestModels.register(registry, "electric-shovel.hoist-motor", 12);

        List<AccessTokens.Entry> entries = new ArrayList<>();
        for (Role role : Role.values()) {
            tokens.put(role, "token-of-" + role.id());
            entries.add(new AccessTokens.Entry(role.id() + "-user", role, AccessTokens.hash("token-of-" + role.id())));
        }
        TrainingRunner runner = (request, progress) -> {
            progress.report(0.5, "training " + request.assetType() + " " + request.component().orElse("all"));
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the job");
            }
            return Map.of("registered", List.of(request.assetType() + ".hoist-motor@3"), "horizons", request.horizons());
        };
        var costs = DowntimeCosts.from(Map.of("currency", "USD",
                "electric-shovel", Map.of("downtimePerHour", 12000, "downtimeHours", 36)), "test");
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, json)
                .withModels(registry).withTraining(runner).withCosts(costs)
                .withCmms(List.of(CmmsMappingLoader.load(Path.of("..", "config", "cmms", "sap-pm-demo.yaml"))))
                .withClock(new TwinFixtures.ManualClock(NOW)).withLiveInterval(Duration.ofMillis(50));
        server = new ApiServer(backend, new AccessTokens(entries), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() throws IOException {
        release.countDown();
        server.close();
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static Event alertEvent(Instant time, String twin, String component, String id, String action, String level,
                            String previous) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("alert", id);
        d.put("action", action);
        d.put("level", level);
        d.put("previous", previous);
        d.put("health", "61.0");
        d.put("p.7d", "0.25");
        d.put("signals", "hoist-motor de-bearing-vibration: slope over 24 h");
        d.put("modelVersion", "electric-shovel/hoist-motor@1");
        return new Event(time, io.minetwin.model.TwinId.parse(twin), component, EventKind.ALERT, d);
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private HttpResponse<String> get(String path, Role role) throws IOException, InterruptedException {
        return get(path, role, null);
    }

    private HttpResponse<String> get(String path, Role role, String accept) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base + path)).GET().header("Authorization", "Bearer " + tokens.get(role));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Role role, String body) throws IOException, InterruptedException {
        var b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (role != null) {
            b.header("Authorization", "Bearer " + tokens.get(role));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> r) throws IOException {
        return json.readTree(r.body());
    }

    private void assertBadField(HttpResponse<String> r, String field) throws IOException {
        assertEquals(400, r.statusCode(), r.body());
        assertEquals(field, body(r).get("field").asText(), r.body());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    private JsonNode awaitJob(String id, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            JsonNode job = body(get("/api/jobs/" + id, Role.ENGINEER));
            if (done.test(job)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " never got there: " + job);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    // ---- forecasts and twins ----------------------------------------------------------------------

    @Test
    void forecastsAreRankedByExpectedCostWhenCostsAreConfigured() throws Exception {
        JsonNode f = body(get("/api/forecasts", Role.VIEWER));

        assertEquals("expectedCost", f.get("rankedBy").asText());
        assertEquals("7d", f.get("horizon").asText(), "the longest horizon by default");
        assertEquals(2, f.get("total").asInt());
        JsonNode first = f.get("items").get(0);
        assertEquals("baiyun:shovel-01", first.get("thingId").asText());
        assertEquals("hoist-motor", first.get("component").asText());
        assertEquals(0.25 * 12000 * 36, first.get("expectedCost").asDouble(), 1e-6);
        assertEquals("USD", first.get("currency").asText());
        assertEquals("warning", first.get("alertLevel").asText());
        assertEquals(250, first.at("/rul/lowerHours").asDouble());
        assertEquals("hoist-motor de-bearing-vibration: slope over 24 h", first.at("/topSignals/0/label").asText());
        assertEquals("baiyun:shovel-01-hoist-inverter", f.get("items").get(1).get("thingId").asText());
    }

    @Test
    void forecastsRankByProbabilityOnRequestAndFilter() throws Exception {
        JsonNode byP = body(get("/api/forecasts?rank=probability&horizon=72h", Role.PLANNER));
        assertEquals("probability", byP.get("rankedBy").asText());
        assertEquals("baiyun:shovel-01-hoist-inverter", byP.at("/items/0/thingId").asText());
        assertEquals(0.5, byP.at("/items/0/probability").asDouble());

        JsonNode critical = body(get("/api/forecasts?alert=critical", Role.PLANNER));
        assertEquals(1, critical.get("total").asInt());
        assertEquals(0, body(get("/api/forecasts?type=haul-truck", Role.PLANNER)).get("total").asInt());

        assertBadField(get("/api/forecasts?horizon=30d", Role.VIEWER), "horizon");
        assertBadField(get("/api/forecasts?rank=fun", Role.VIEWER), "rank");
        assertBadField(get("/api/forecasts?alert=red", Role.VIEWER), "alert");
    }

    @Test
    void forecastsFollowNewHealthAtOnce() throws Exception {
        String path = "/api/forecasts?twin=baiyun:shovel-01";
        assertEquals(61.0, body(get(path, Role.VIEWER)).at("/items/0/health").asDouble());
        assertEquals(61.0, body(get(path, Role.VIEWER)).at("/items/0/health").asDouble());
        try {
            twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(NOW, 33, AlertLevel.CRITICAL));
            JsonNode after = body(get(path, Role.VIEWER));
            assertEquals(33.0, after.at("/items/0/health").asDouble());
            assertEquals("critical", after.at("/items/0/alertLevel").asText());
        } finally {
            twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(NOW, 61, AlertLevel.WARNING));
        }
    }

    @Test
    void twinsFilterByTheirWorstAlertLevel() throws Exception {
        JsonNode critical = body(get("/api/twins?alert=critical", Role.SCADA));
        assertEquals(1, critical.get("total").asInt());
        assertEquals("baiyun:shovel-01-hoist-inverter", critical.at("/items/0/thingId").asText());
        assertEquals("critical", critical.at("/items/0/alertLevel").asText());
        assertEquals(22.0, critical.at("/items/0/health/igbt/score").asDouble());
        assertEquals(1, body(get("/api/twins?alert=warning,watch", Role.SCADA)).get("total").asInt());
        assertBadField(get("/api/twins?alert=amber", Role.SCADA), "alert");
    }

    // ---- alerts -----------------------------------------------------------------------------------

    @Test
    void alertsListOpenOnesByDefault() throws Exception {
        JsonNode open = body(get("/api/alerts", Role.VIEWER));
        assertEquals(1, open.get("total").asInt(), open.toString());
        JsonNode a = open.at("/items/0");
        assertEquals(SHOVEL_ALERT, a.get("id").asText());
        assertEquals("warning", a.get("level").asText());
        assertEquals("escalated", a.get("lastAction").asText());
        assertTrue(a.get("open").asBoolean());

        assertEquals(2, body(get("/api/alerts?state=all", Role.VIEWER)).get("total").asInt());
        assertEquals(CLEARED_ALERT, body(get("/api/alerts?state=cleared", Role.VIEWER)).at("/items/0/id").asText());
        assertEquals(0, body(get("/api/alerts?twin=baiyun:shovel-01&level=critical", Role.VIEWER)).get("total").asInt());
        assertBadField(get("/api/alerts?state=closed", Role.VIEWER), "state");
        assertBadField(get("/api/alerts?twin=nonamespace", Role.VIEWER), "twin");
        assertEquals(2, body(get("/api/alerts/" + SHOVEL_ALERT, Role.VIEWER)).get("history").size());
    }

    @Test
    void plannerAcknowledgesAnOpenAlertWithAComment() throws Exception {
        String ack = "/api/alerts/" + SHOVEL_ALERT + "/ack";
        assertEquals(401, post(ack, null, "{\"comment\":\"x\"}").statusCode());
        for (Role refused : List.of(Role.VIEWER, Role.ENGINEER, Role.SCADA)) {
            var r = post(ack, refused, "{\"comment\":\"x\"}");
            assertEquals(403, r.statusCode(), refused + ": " + r.body());
        }
        assertBadField(post(ack, Role.PLANNER, "{}"), "comment");
        assertBadField(post(ack, Role.PLANNER, "{\"comment\": 5}"), "comment");
        assertBadField(post(ack, Role.PLANNER, "{\"comment\": \"ok\", \"user\": \"someone else\"}"), "user");
        assertBadField(post(ack, Role.PLANNER, "{\"comment\": "), "body");
        var huge = post(ack, Role.PLANNER, "{\"comment\": \"" + "x".repeat(100_000) + "\"}");
        assertEquals(413, huge.statusCode(), huge.body());
        assertTrue(body(huge).get("message").asText().contains("too large"), huge.body());
        byte[] chunkedBody = ("{\"comment\": \"" + "x".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        var chunked = http.send(HttpRequest.newBuilder(URI.create(base + ack))
                .header("Authorization", "Bearer " + tokens.get(Role.PLANNER)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunkedBody)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), "a chunked body without a length is capped too: " + chunked.body());
        assertTrue(body(chunked).get("message").asText().contains("too large"), chunked.body());
        assertBadField(post("/api/alerts/not-an-alert/ack", Role.PLANNER, "{\"comment\":\"x\"}"), "id");
        assertEquals(404, post("/api/alerts/baiyun:shovel-01.hoist-motor.1/ack", Role.PLANNER,
                "{\"comment\":\"x\"}").statusCode());
        var cleared = post("/api/alerts/" + CLEARED_ALERT + "/ack", Role.PLANNER, "{\"comment\":\"x\"}");
        assertEquals(409, cleared.statusCode());
        assertTrue(body(cleared).get("message").asText().contains("cleared"));

        var r = post(ack, Role.PLANNER, "{\"comment\": \"bearing inspection booked, Tuesday day shift\"}");

        assertEquals(201, r.statusCode(), r.body());
        assertEquals("planner-user", body(r).at("/acknowledged/user").asText());
        assertEquals("bearing inspection booked, Tuesday day shift", body(r).at("/acknowledged/comment").asText());
        assertTrue(body(r).get("open").asBoolean(), "acknowledging does not close an alert");
        Event written = store.events().query(Optional.of(TwinFixtures.SHOVEL), Instant.MIN, Instant.MAX).stream()
                .filter(e -> "acknowledged".equals(e.details().get("action"))).findFirst().orElseThrow();
        assertEquals(EventKind.ALERT, written.kind());
        assertEquals("hoist-motor", written.component());
        assertEquals(SHOVEL_ALERT, written.details().get("alert"));
        assertEquals("warning", written.details().get("level"));
        assertEquals("planner-user", written.details().get("user"));
        assertEquals(NOW, written.time());
    }

    // ---- maintenance --------------------------------------------------------------------------------

    @Test
    void maintenanceRecordIsStoredAsTheImportStoresIt() throws Exception {
        String record = """
                {"time": "2026-01-06T10:00:00Z", "twin": "baiyun:shovel-01", "component": "hoist-motor",
                 "action": "Replacement", "mode": "bearing-wear", "notes": "DE bearing replaced, grease sampled"}""";
        for (Role refused : List.of(Role.VIEWER, Role.ENGINEER, Role.SCADA)) {
            assertEquals(403, post("/api/maintenance", refused, record).statusCode(), refused.id());
        }

        var r = post("/api/maintenance", Role.PLANNER, record);

        assertEquals(201, r.statusCode(), r.body());
        assertEquals("maintenance", body(r).get("kind").asText());
        Event imported = MaintenanceRecords.parse("test", "time,twin,component,action,mode,notes\n"
                + "2026-01-06T10:00:00Z,baiyun:shovel-01,hoist-motor,replacement,bearing-wear,"
                + "\"DE bearing replaced, grease sampled\"\n").events().get(0);
        List<Event> stored = store.events().query(Optional.of(TwinFixtures.SHOVEL), imported.time(),
                imported.time().plusMillis(1));
        assertEquals(List.of(imported), stored, "the same event as 'import maintenance' writes");

        JsonNode listed = body(get("/api/maintenance?twin=baiyun:shovel-01&component=hoist-motor", Role.VIEWER));
        assertTrue(listed.get("total").asInt() >= 1);
        assertTrue(listed.toString().contains("DE bearing replaced"), listed.toString());
    }

    @Test
    void failureRepairBecomesAFailureEvent() throws Exception {
        var r = post("/api/maintenance", Role.ADMIN, """
                {"time": "2026-01-06T12:00:00Z", "twin": "baiyun:shovel-01-hoist-inverter", "component": "igbt",
                 "action": "failure-repair"}""");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("failure", body(r).get("kind").asText());
    }

    @Test
    void badMaintenanceRecordsNameTheField() throws Exception {
        String ok = "\"twin\": \"baiyun:shovel-01\", \"component\": \"hoist-motor\", \"action\": \"inspection\"";
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok.replace("inspection", "polish") + "}"), "action");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok.replace("\"hoist-motor\"", "\"tracks\"") + "}"),
                "component");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok.replace("shovel-01", "shovel-99") + "}"), "twin");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok + ", \"time\": \"yesterday\"}"), "time");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok + ", \"time\": \"2030-01-01T00:00:00Z\"}"),
                "time");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{" + ok + ", \"colour\": \"red\"}"), "colour");
        assertBadField(post("/api/maintenance", Role.PLANNER, "{\"component\": \"hoist-motor\", \"action\": \"inspection\"}"),
                "twin");
        assertBadField(post("/api/maintenance", Role.PLANNER, "[1, 2]"), "body");
        assertBadField(get("/api/maintenance?from=last-week", Role.PLANNER), "from");
    }

    // ---- work orders --------------------------------------------------------------------------------

    @Test
    void workOrdersCarryTheFlaggedComponentsWithEvidence() throws Exception {
        JsonNode orders = body(get("/api/work-orders", Role.PLANNER));

        assertEquals(2, orders.get("count").asInt(), orders.toString());
        JsonNode first = orders.at("/workOrders/0");
        assertEquals("baiyun:shovel-01", first.get("assetId").asText());
        assertEquals(2, first.get("priority").asInt());
        assertEquals(SHOVEL_ALERT, first.get("alertId").asText());
        assertEquals(SHOVEL_ALERT, first.get("externalId").asText());
        assertEquals(NOW.plus(Duration.ofHours(250)).toString(), first.get("requiredBy").asText());
        String evidence = first.get("evidence").toString();
        assertTrue(evidence.contains("hoist-motor de-bearing-vibration: slope over 24 h"), evidence);
        assertTrue(evidence.contains("winding-temp 146.0 degC high warning"), evidence);
        assertEquals(1, orders.at("/workOrders/1/priority").asInt());

        var csv = get("/api/work-orders?minLevel=critical", Role.ADMIN, "text/csv");
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals(String.join(",", ForecastsEndpoints.WORK_ORDER_COLUMNS), lines[0]);
        assertEquals(2, lines.length, csv.body());
        assertTrue(lines[1].startsWith("baiyun:shovel-01-hoist-inverter.igbt."), lines[1]);
        assertTrue(lines[1].contains("igbt heatsink-temp: mean over 6 h (weight 0.70)"), lines[1]);

        assertBadField(get("/api/work-orders?minLevel=orange", Role.PLANNER), "minLevel");
        assertBadField(get("/api/work-orders?format=xml", Role.PLANNER), "format");
    }

    @Test
    void workOrdersInSapPmShapeNameTheFunctionalLocationsOfTheMapping() throws Exception {
        JsonNode orders = body(get("/api/work-orders", Role.PLANNER));
        var sap = get("/api/work-orders?format=sap-pm", Role.PLANNER);
        assertEquals(200, sap.statusCode(), sap.body());
        assertTrue(sap.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertTrue(sap.headers().firstValue("X-Unmapped-Components").isEmpty());
        List<MaintenanceRecords.Row> rows = MaintenanceRecords.csvRows(sap.body().strip());
        List<String> header = rows.get(0).fields();
        assertEquals(CmmsFormat.SAP_PM.requestColumns(), header);
        assertEquals(orders.get("count").asInt() + 1, rows.size(), sap.body());
        CmmsMapping mapping = CmmsMappingLoader.load(Path.of("..", "config", "cmms", "sap-pm-demo.yaml"));
        var dates = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy").withZone(mapping.zone());
        for (int i = 1; i < rows.size(); i++) {
            List<String> f = rows.get(i).fields();
            JsonNode order = orders.at("/workOrders/" + (i - 1));
            // the request read back through the mapping names the flagged twin and component
            CmmsMapping.Target target = mapping.resolve(f.get(header.indexOf("Functional Location"))).orElseThrow();
            assertEquals(order.get("assetId").asText(), target.twin().toString());
            assertEquals(order.get("component").asText(),
                    mapping.components().get(f.get(header.indexOf("Object Part"))));
            assertEquals("M1", f.get(header.indexOf("Notification Type")));
            assertEquals(order.get("priority").asText(), f.get(header.indexOf("Priority")));
            assertEquals(order.get("externalId").asText(), f.get(header.indexOf("External Reference")));
            assertEquals(dates.format(Instant.parse(order.get("requiredBy").asText())),
                    f.get(header.indexOf("Required End")));
            assertTrue(f.get(header.indexOf("Description")).length() <= 40, f.toString());
        }
        var maximo = get("/api/work-orders?format=maximo", Role.PLANNER);
        assertBadField(maximo, "format");
        assertTrue(maximo.body().contains("cmms: {mappings:"), maximo.body());
    }

    // ---- models -------------------------------------------------------------------------------------

    @Test
    void modelsPromoteRefusesWorseUnlessForcedAndRollbackRestores() throws Exception {
        JsonNode models = body(get("/api/models", Role.VIEWER));
        JsonNode key = models.at("/items/0");
        assertEquals("electric-shovel.hoist-motor", key.get("key").asText());
        assertEquals("electric-shovel.hoist-motor@1", key.get("active").asText());
        assertEquals(2, key.get("versions").size());
        assertEquals(12.0, key.at("/versions/1/evaluation/rmse").asDouble());
        assertEquals("fleet holdout 2025-Q4", key.at("/versions/1/evaluation/holdout").asText());
        assertEquals("candidate", key.at("/versions/1/state").asText());
        assertFalse(key.at("/versions/0/provenance").isEmpty());

        String promote = "/api/models/electric-shovel.hoist-motor@2/promote";
        for (Role refused : List.of(Role.VIEWER, Role.PLANNER, Role.SCADA)) {
            assertEquals(403, post(promote, refused, "").statusCode(), refused.id());
        }
        var worse = post(promote, Role.ENGINEER, "");
        assertEquals(409, worse.statusCode(), worse.body());
        assertTrue(body(worse).get("message").asText().contains("worse"), worse.body());
        assertTrue(body(worse).get("message").asText().contains("\"force\": true"), worse.body());
        assertBadField(post(promote, Role.ENGINEER, "{\"force\": \"yes\"}"), "force");
        assertBadField(post("/api/models/electric-shovel.hoist-motor/promote", Role.ENGINEER, ""), "id");
        assertBadField(post("/api/models/nonsense@1/promote", Role.ENGINEER, ""), "id");
        assertEquals(404, post("/api/models/electric-shovel.hoist-motor@9/promote", Role.ENGINEER, "").statusCode());

        var forced = post(promote, Role.ENGINEER, "{\"force\": true}");
        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals("electric-shovel.hoist-motor@2", body(forced).at("/active/id").asText());
        assertEquals("electric-shovel.hoist-motor@1", body(forced).get("previous").asText());

        assertEquals(403, post("/api/models/electric-shovel.hoist-motor/rollback", Role.PLANNER, "").statusCode());
        var back = post("/api/models/electric-shovel.hoist-motor/rollback", Role.ADMIN, "");
        assertEquals(200, back.statusCode(), back.body());
        assertEquals("electric-shovel.hoist-motor@1", body(back).at("/active/id").asText());
        assertEquals(1, registry.active("electric-shovel.hoist-motor").orElseThrow().version());
        var nothing = post("/api/models/electric-shovel.hoist-motor/rollback", Role.ENGINEER, "");
        assertEquals(409, nothing.statusCode(), nothing.body());
        assertEquals(404, post("/api/models/haul-truck.engine/rollback", Role.ENGINEER, "").statusCode());
    }

    @Test
    void modelMonitorIsReadLikeTheModelsAndSaysWhatItCannotMonitor() throws Exception {
        // The registered versions are remaining-life models only: no component forecast to monitor.
        var rulOnly = get("/api/models/electric-shovel.hoist-motor/monitor", Role.VIEWER);
        assertEquals(404, rulOnly.statusCode(), rulOnly.body());
        assertTrue(body(rulOnly).get("message").asText().contains("no active component forecast model"),
                rulOnly.body());
        assertEquals(403, get("/api/models/electric-shovel.hoist-motor/monitor", Role.SCADA).statusCode());
        assertEquals(404, get("/api/models/haul-truck.engine/monitor", Role.VIEWER).statusCode());
        assertBadField(get("/api/models/nonsense/monitor", Role.VIEWER), "id");
    }

    // ---- training -----------------------------------------------------------------------------------

    @Test
    @Timeout(60)
    void trainingRunsInTheBackgroundWithProgress() throws Exception {
        String request = "{\"assetType\": \"electric-shovel\", \"component\": \"hoist-motor\", \"horizons\": [\"72h\", \"7d\"]}";
        for (Role refused : List.of(Role.VIEWER, Role.PLANNER, Role.SCADA)) {
            assertEquals(403, post("/api/train", refused, request).statusCode(), refused.id());
        }
        assertBadField(post("/api/train", Role.ENGINEER, "{\"assetType\": \"bulldozer\"}"), "assetType");
        assertBadField(post("/api/train", Role.ENGINEER, "{}"), "assetType");
        assertBadField(post("/api/train", Role.ENGINEER, "{\"assetType\": \"electric-shovel\", \"component\": \"bucket\"}"),
                "component");
        assertBadField(post("/api/train", Role.ENGINEER, "{\"assetType\": \"electric-shovel\", \"horizons\": \"7d\"}"),
                "horizons");
        assertBadField(post("/api/train", Role.ENGINEER, "{\"assetType\": \"electric-shovel\", \"horizons\": [\"soon\"]}"),
                "horizons");

        var r = post("/api/train", Role.ENGINEER, request);

        assertEquals(202, r.statusCode(), r.body());
        String id = body(r).get("id").asText();
        assertEquals("/api/jobs/" + id, r.headers().firstValue("Location").orElse(""));
        JsonNode running = awaitJob(id, j -> j.get("progress").asDouble() == 0.5);
        assertEquals("running", running.get("state").asText());
        assertEquals("training electric-shovel hoist-motor", running.get("message").asText());
        assertEquals("engineer-user", running.at("/request/user").asText());
        release.countDown();
        JsonNode done = awaitJob(id, j -> j.get("state").asText().equals("succeeded"));
        assertEquals(1.0, done.get("progress").asDouble());
        assertEquals("electric-shovel.hoist-motor@3", done.at("/result/registered/0").asText());
        assertEquals("7d", done.at("/result/horizons/1").asText());
        assertEquals(id, body(get("/api/jobs", Role.VIEWER)).at("/items/0/id").asText());
        assertEquals(404, get("/api/jobs/train-999", Role.VIEWER).statusCode());
    }

    @Test
    void trainingWithoutARunnerIsUnavailable() throws Exception {
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, json);
        var tokens = new AccessTokens(List.of(new AccessTokens.Entry("e", Role.ENGINEER, AccessTokens.hash("e-token"))));
        try (var bare = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            int port = bare.start("127.0.0.1", 0);
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/train"))
                    .header("Authorization", "Bearer e-token")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"assetType\": \"electric-shovel\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
            assertEquals("training is not available in this engine", body(r).get("message").asText());
            var models = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/models"))
                    .header("Authorization", "Bearer e-token").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, models.statusCode());
        }
    }

    // ---- documentation and live feed ------------------------------------------------------------------

    @Test
    void openApiDescribesEveryRouteAndTheRequestBodies() throws Exception {
        JsonNode doc = body(get("/api/openapi.json", Role.VIEWER));
        for (ApiServer.Route route : server.routes()) {
            JsonNode op = doc.get("paths").path(route.path()).path(route.method().name().toLowerCase());
            assertFalse(op.isMissingNode(), route.method() + " " + route.path());
            assertFalse(op.get("x-roles").isEmpty());
        }
        assertEquals("string", doc.at("/paths/~1api~1alerts~1{id}~1ack/post/requestBody/content/application~1json"
                + "/schema/properties/comment/type").asText());
        assertTrue(doc.at("/paths/~1api~1maintenance/post/requestBody/content/application~1json/schema/required")
                .toString().contains("action"));
        assertTrue(doc.at("/paths/~1api~1train/post/requestBody/content/application~1json/schema/properties")
                .has("horizons"));
        assertTrue(doc.at("/paths/~1api~1train/post/responses").has("202"));
        assertTrue(doc.at("/paths/~1api~1maintenance/post/responses").has("201"));
    }

    @Test
    @Timeout(30)
    void liveFeedSendsHealthChanges() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/stream?access_token=" + tokens.get(Role.VIEWER)))
                .header("Accept", "text/event-stream").GET().build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        var lines = response.body().iterator();
        assertEquals("event: hello", lines.next());
        twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(NOW.plusSeconds(60), 40,
                AlertLevel.CRITICAL));
        String data = null;
        boolean healthEvent = false;
        while (data == null && lines.hasNext()) {
            String line = lines.next();
            if (line.equals("event: health")) {
                healthEvent = true;
            } else if (healthEvent && line.startsWith("data: ")) {
                data = line.substring("data: ".length());
            }
        }
        response.body().close();
        twins.updateHealth(TwinFixtures.SHOVEL, "hoist-motor", TwinFixtures.health(NOW, 61, AlertLevel.WARNING));
        JsonNode change = json.readTree(data).get(0);
        assertEquals("baiyun:shovel-01", change.get("thingId").asText());
        assertEquals("hoist-motor", change.get("component").asText());
        assertEquals("critical", change.at("/health/alertLevel").asText());
        assertEquals("warning", change.get("previousAlertLevel").asText());
    }
}
