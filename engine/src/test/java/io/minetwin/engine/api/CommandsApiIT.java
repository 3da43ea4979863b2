package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.connectors.opcua.WriteOutcome;
import io.minetwin.engine.command.CommandService;
import io.minetwin.engine.command.TwinFeed;
import io.minetwin.engine.command.OpcuaCommandWriter;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Quality;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.SimulationSettings;
import io.minetwin.simulator.opcua.ServerSettings;
import io.minetwin.simulator.opcua.SimulationServer;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guarded write-back end to end against the simulator's real OPC UA server over the shipped asset types: an
 * operator derates a truck through the API, the engine writes it over its ingest connection, the simulator applies it
 * and the read-back verifies it; roles are enforced, refusals name the field, the simulator itself refuses an out of
 * range value with Bad_OutOfRange, and every step is in the audit log.
 */
class CommandsApiIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");
    static final SeriesKey DERATE = SeriesKey.of(TRUCK, "engine.derate");

    static Path dir;
    static SimulationServer simulator;
    static OpcUaConnector connector;
    static InMemoryTwinRepository twins;
    static Store store;
    static ApiServer api;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("commands-api");
        Map<String, AssetType> types = AssetTypeLoader.loadDirectory(Path.of("..", "config", "asset-types"));
        var defs = new TreeMap<TwinId, TwinDefinition>();
        defs.put(TRUCK, new TwinDefinition(TRUCK, types.get("haul-truck"), new TwinAttributes("930E", "Test pit",
                "T-1", Optional.of(LocalDate.of(2021, 3, 1)), Map.of(), Optional.empty())));
        Fleet fleet = new Fleet("baiyun", "Test pit", types, defs);
        int port;
        try (var s = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        // Ten simulated minutes per second, starting on a weekday morning shift a few days ago.
        Instant simStart = Instant.now().minus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .plus(Duration.ofHours(2));
        simulator = SimulationServer.start(SimulationPlan.of(fleet, SimulationSettings.DEFAULTS), 5,
                ServerSettings.local(port), Clock.systemUTC(), simStart, 600, Duration.ofMillis(100));

        twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        defs.values().forEach(twins::register);
        connector = TwinFeed.start(twins, "sim", simulator.endpointUrl(), dir.resolve("pki"), 100, c -> c);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(connector.status().state() == EndpointStatus.State.CONNECTED && good(DERATE)
                && good(SeriesKey.of(TRUCK, "machine.state")))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not fed: " + connector.status());
            }
            Thread.onSpinWait();
        }

        store = Store.inMemory(StoreOptions.defaults());
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, JSON);
        var tokens = new AccessTokens(List.of(
                new AccessTokens.Entry("alice", Role.OPERATOR, AccessTokens.hash("alice-token")),
                new AccessTokens.Entry("victor", Role.VIEWER, AccessTokens.hash("victor-token")),
                new AccessTokens.Entry("root", Role.ADMIN, AccessTokens.hash("root-token"))));
        AuditLog audit = new AuditLog(dir);
        api = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).withAudit(audit)
                .withCommands(new CommandService(twins, new OpcuaCommandWriter(() -> List.of(connector)),
                        Optional.of(audit), Clock.systemUTC(), CommandService.Settings.DEFAULTS));
        base = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (connector != null) {
            connector.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (store != null) {
            store.close();
        }
    }

    static boolean good(SeriesKey key) {
        return twins.twin(key.twin()).flatMap(t -> t.channel(key)).map(c -> c.latest().quality() instanceof Quality.Good)
                .orElse(false);
    }

    static double live(SeriesKey key) {
        return twins.twin(key.twin()).flatMap(t -> t.channel(key)).map(c -> c.latest().value())
                .map(v -> ((Value.Num) v).value()).orElse(Double.NaN);
    }

    static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOperatorDeratesATruckOnTheSimulatorAndTheReadBackVerifiesIt() throws Exception {
        assertEquals(0.0, live(DERATE), "no derate until written");
        var r = send("POST", "/api/twins/baiyun:truck-01/commands", "alice-token",
                "{\"channel\": \"engine.derate\", \"value\": 20}");
        JsonNode c = JSON.readTree(r.body());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("verified", c.get("state").asText());
        assertEquals(0.0, c.get("oldValue").asDouble());
        assertEquals(20.0, c.get("readBack").asDouble());
        assertEquals("alice", c.get("requestedBy").asText());

        // The simulator reports the applied derate through the subscription: the twin follows.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (live(DERATE) != 20.0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(20.0, live(DERATE));

        JsonNode list = JSON.readTree(send("GET", "/api/commands?twin=baiyun:truck-01", "victor-token", null).body());
        assertEquals(c.get("id").asText(), list.get("items").get(0).get("id").asText());
        JsonNode auditItems = JSON.readTree(send("GET", "/api/audit", "root-token", null).body()).get("items");
        String id = c.get("id").asText();
        List<String> steps = new java.util.ArrayList<>();
        auditItems.forEach(e -> {
            if (e.get("target").asText().startsWith(id)) {
                steps.add(e.get("action").asText() + ": " + e.get("outcome").asText());
            }
        });
        assertEquals(List.of("command request: accepted", "command write: written (Good)",
                "command verify: verified: read back 20"), steps);
    }

    @Test
    void aViewerMayNotCommandAndAnOutOfRangeValueIsRefusedNamingTheField() throws Exception {
        var r = send("POST", "/api/twins/baiyun:truck-01/commands", "victor-token",
                "{\"channel\": \"engine.derate\", \"value\": 10}");
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith("role 'viewer' may not POST"));

        r = send("POST", "/api/twins/baiyun:truck-01/commands", "alice-token",
                "{\"channel\": \"engine.derate\", \"value\": 35}");
        assertEquals(400, r.statusCode(), r.body());
        JsonNode e = JSON.readTree(r.body());
        assertEquals("value", e.get("field").asText());
        assertEquals("out of range: 35 % is outside 0 to 30 % declared writable for engine.derate",
                e.get("message").asText());
        assertEquals("refused", e.get("command").get("state").asText());

        r = send("POST", "/api/twins/baiyun:truck-01/commands", "alice-token",
                "{\"channel\": \"engine.coolant-temp\", \"value\": 80}");
        assertEquals(400, r.statusCode(), r.body());
        assertEquals("channel", JSON.readTree(r.body()).get("field").asText());
        assertTrue(JSON.readTree(r.body()).get("message").asText().startsWith("not writable: "));

        r = send("POST", "/api/commands/cmd-1-1/confirm", "alice-token", null);
        assertEquals(404, r.statusCode(), r.body());
    }

    @Test
    void theSimulatorItselfRefusesAnOutOfRangeWriteWithBadOutOfRange() {
        WriteOutcome o = connector.write(DERATE, 35, Duration.ofSeconds(2));
        assertEquals(WriteOutcome.Result.REFUSED, o.result(), o.toString());
        assertEquals("Bad_OutOfRange", o.status());
        assertTrue(o.reason().startsWith("Bad_OutOfRange: the server refused the value for "), o.reason());
    }

    @Test
    void theOpenApiDocumentListsTheCommandRoutesWithTheirRoles() throws Exception {
        JsonNode paths = JSON.readTree(send("GET", "/api/openapi.json", "victor-token", null).body()).get("paths");
        assertEquals("[\"admin\",\"operator\"]", paths.get("/api/twins/{id}/commands").get("post").get("x-roles")
                .toString());
        assertEquals("[\"admin\",\"operator\"]", paths.get("/api/commands/{id}/confirm").get("post").get("x-roles")
                .toString());
        assertTrue(paths.get("/api/commands").get("get").get("x-roles").toString().contains("viewer"));

        // The dashboard's command panel reads the declared set points from the asset type.
        JsonNode engine = null;
        for (JsonNode c : JSON.readTree(send("GET", "/api/asset-types/haul-truck", "victor-token", null).body())
                .get("components")) {
            if (c.get("name").asText().equals("engine")) {
                engine = c;
            }
        }
        String writable = null;
        for (JsonNode ch : engine.get("channels")) {
            if (ch.has("writable")) {
                writable = ch.get("name").asText() + " " + ch.get("writable");
            }
        }
        assertEquals("derate {\"min\":0.0,\"max\":30.0,\"step\":5.0,\"requiresState\":[\"running\",\"idle\"],"
                + "\"confirm\":\"none\"}", writable);
    }
}
