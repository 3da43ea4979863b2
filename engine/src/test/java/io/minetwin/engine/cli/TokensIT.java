package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.AuditLog;
import io.minetwin.engine.api.ApiBackend;
import io.minetwin.engine.api.ApiServer;
import io.minetwin.engine.api.TokenFile;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens of a data directory, managed with {@code minetwin tokens} while the API serves: created and accepted,
 * revoked and refused without a restart (also on an open live stream), expired, kept only as a keyed hash in
 * owner-only files, and an address that keeps presenting bad tokens refused with 429.
 */
class TokensIT {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private TwinFixtures.ManualClock clock;
    private Store store;
    private ApiServer server;
    private String base;

    @TempDir
    Path data;

    @BeforeEach
    void start() {
        clock = new TwinFixtures.ManualClock(java.time.Instant.now());
        InMemoryTwinRepository twins = TwinFixtures.repository(clock);
        store = Store.inMemory(StoreOptions.defaults());
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, json)
                .withLiveInterval(Duration.ofMillis(50));
        var tokens = new AccessTokens(List.of(), Optional.of(new TokenFile(data, clock)), clock);
        server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                .withAudit(new AuditLog(data));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private String create(String... extra) throws Exception {
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"tokens", "create", "--data", data.toString(), "--json", "--name"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return json.readTree(run.out()).get("token").asText();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private int status(String path, String token) {
        try {
            return get(path, token).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTokenCreatedWhileTheApiRunsIsAcceptedAndARevokedOneRefusedWithoutARestart() throws Exception {
        String token = create("planning-office", "--role", "planner");
        assertTrue(token.startsWith("mt_"), token);
        await(() -> status("/api/twins", token) == 200, "the new token to be accepted");

        String file = Files.readString(data.resolve("tokens.json"));
        assertFalse(file.contains(token), "the token itself is not stored");
        assertFalse(file.contains(token.substring(3)), "no part of the token is stored");
        assertTrue(file.contains("planning-office"), file);
        for (String name : List.of("tokens.json", "tokens.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(name))),
                    name);
        }
        var train = http.send(HttpRequest.newBuilder(URI.create(base + "/api/train")).header("Authorization", "Bearer "
                + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, train.statusCode(), "a planner still may not do an engineer's work: " + train.body());

        CliRun list = CliRun.of("tokens", "list", "--data", data.toString());
        assertEquals(0, list.exitCode(), list.err());
        assertTrue(list.out().contains("planning-office") && list.out().contains("active"), list.out());
        assertFalse(list.out().contains(token), list.out());

        CliRun revoke = CliRun.of("tokens", "revoke", "--data", data.toString(), "planning-office");
        assertEquals(0, revoke.exitCode(), revoke.err());
        await(() -> status("/api/twins", token) == 401, "the revoked token to be refused");
        JsonNode refused = json.readTree(get("/api/twins", token).body());
        assertTrue(refused.get("message").asText().contains("revoked"), refused.toString());
        assertTrue(CliRun.of("tokens", "list", "--data", data.toString()).out().contains("revoked"));
    }

    @Test
    void anExpiredTokenIsRefusedWithItsExpiry() throws Exception {
        String token = create("night-shift", "--role", "viewer", "--expires", "8h");
        await(() -> status("/api/twins", token) == 200, "the token before its expiry");
        clock.advance(Duration.ofHours(8).plusSeconds(1));
        var r = get("/api/twins", token);
        assertEquals(401, r.statusCode());
        assertTrue(json.readTree(r.body()).get("message").asText().contains("expired at"), r.body());
    }

    @Test
    void badInputToTheTokensCommandExitsWith2NamingTheOption() {
        CliRun role = CliRun.of("tokens", "create", "--data", data.toString(), "--name", "x", "--role", "superuser");
        assertEquals(2, role.exitCode());
        assertTrue(role.err().contains("--role") && role.err().contains("viewer, planner"), role.err());
        CliRun expires = CliRun.of("tokens", "create", "--data", data.toString(), "--name", "x", "--role", "viewer",
                "--expires", "soon");
        assertEquals(2, expires.exitCode());
        assertTrue(expires.err().contains("--expires 'soon'"), expires.err());
        CliRun name = CliRun.of("tokens", "create", "--data", data.toString(), "--name", "two words", "--role", "viewer");
        assertEquals(2, name.exitCode());
        assertTrue(name.err().contains("token name"), name.err());
        CliRun revoke = CliRun.of("tokens", "revoke", "--data", data.toString(), "nobody");
        assertEquals(2, revoke.exitCode());
        assertTrue(revoke.err().contains("'nobody'") && revoke.err().contains("tokens list"), revoke.err());
    }

    @Test
    void anOpenLiveStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String token = create("wallboard", "--role", "viewer");
        await(() -> status("/api/twins", token) == 200, "the new token to be accepted");
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        CompletableFuture<String> lastEvent = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            String event = "";
            try (var reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    }
                }
            } catch (java.io.IOException closed) {
                seen.append(closed);
            }
            return event.isEmpty() ? seen.toString() : event;
        });
        assertEquals(0, CliRun.of("tokens", "revoke", "--data", data.toString(), "wallboard").exitCode());
        assertEquals("unauthorized", lastEvent.get(10, TimeUnit.SECONDS), "the stream ended with an unauthorized event");
    }

    @Test
    void aTokenHolderMayOpenTwentyLiveStreamsAndTheNextIsRefusedWith429() throws Exception {
        String token = create("wallboards", "--role", "viewer");
        await(() -> status("/api/twins", token) == 200, "the new token to be accepted");
        var request = HttpRequest.newBuilder(URI.create(base + "/api/stream")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        List<HttpResponse<InputStream>> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                var r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, r.statusCode(), "stream " + (i + 1));
                open.add(r);
            }
            var refused = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(json.readTree(refused.body()).get("message").asText().contains("20 live streams open"),
                    refused.body());

            open.remove(0).body().close();
            await(() -> {
                try {
                    var again = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    if (again.statusCode() == 200) {
                        open.add(again);
                        return true;
                    }
                    again.body().close();
                    return false;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "a stream to be admitted once one is closed");
        } finally {
            for (var r : open) {
                r.body().close();
            }
        }
    }

    @Test
    void writesThroughTheApiAndTheCommandLineAreInTheAuditLogForAdminsOnly() throws Exception {
        String planner = create("planning-office", "--role", "planner");
        String admin = create("site-admin", "--role", "admin");
        await(() -> status("/api/twins", admin) == 200, "the new tokens to be accepted");
        var train = http.send(HttpRequest.newBuilder(URI.create(base + "/api/train")).header("Authorization", "Bearer "
                + planner).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, train.statusCode());
        assertEquals(403, get("/api/audit", planner).statusCode(), "the audit log is for admins");
        assertEquals(0, CliRun.of("tokens", "revoke", "--data", data.toString(), "planning-office").exitCode());

        var audit = json.readTree(get("/api/audit", admin).body()).get("items");
        List<String> lines = new java.util.ArrayList<>();
        audit.forEach(e -> lines.add(e.get("who").asText() + " | " + e.get("action").asText() + " | "
                + e.get("target").asText() + " | " + e.get("from").asText() + " | " + e.get("outcome").asText()));
        String user = System.getProperty("user.name");
        assertEquals(List.of(
                user + " | tokens create | planning-office (planner) | cli | ok: id " + tokenId("planning-office"),
                user + " | tokens create | site-admin (admin) | cli | ok: id " + tokenId("site-admin"),
                "planning-office | POST /api/train | /api/train | 127.0.0.1 | 403",
                user + " | tokens revoke | planning-office (planner) | cli | ok: id " + tokenId("planning-office")),
                lines);

        CliRun cli = CliRun.of("audit", "--data", data.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertTrue(cli.out().contains("POST /api/train") && cli.out().contains("tokens revoke"), cli.out());
    }

    private String tokenId(String name) {
        return new TokenFile(data, clock).list().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow().id();
    }

    @Test
    void anAddressThatKeepsPresentingBadTokensIsRefusedWith429() throws Exception {
        String good = create("planning-office", "--role", "planner");
        await(() -> status("/api/twins", good) == 200, "the new token to be accepted");
        int refused = 0;
        HttpResponse<String> r;
        while ((r = get("/api/twins", "mt_guess" + refused)).statusCode() == 401) {
            refused++;
            assertTrue(refused <= 20, "still 401 after " + refused + " bad tokens");
        }
        assertEquals(429, r.statusCode(), r.body());
        assertEquals(20, refused);
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(429, get("/api/twins", good).statusCode(), "the address is refused, whatever it presents");
    }
}
