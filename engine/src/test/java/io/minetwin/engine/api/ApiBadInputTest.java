package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.TimeText;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bad input, generated, against every query parameter, path parameter and body field the REST API declares (read
 * from its own OpenAPI document, so a new parameter is covered without touching this test): the answer is never a
 * 5xx; a 4xx is JSON naming the field at fault; and a 2xx for a value this test knows to be invalid is a silent
 * default, a failure. Values come from a corpus of the bugs found so far (see {@link #CORPUS}) and from generators.
 */
class ApiBadInputTest {

    /** Values that broke or fooled the API once, or nearly; keep adding. */
    static final List<String> CORPUS = List.of(
            "", " ", "banana", "-1", "0", "1e3", "1.5", "NaN", "Infinity", "-Infinity", "99999999999999999999",
            "2147483648", "-2147483649", "0x10", "true,false", ",", ",,warning", "null", "[]", "{}", "%", "%%",
            "\u0000", "\t", "ünïcödé", "<script>", "'; drop table", "../../etc/passwd", "a/b", "a:b:c", ":", "x:",
            ":y", "baiyun:", "-999999999-01-01T00:00:00Z", "+200000000-01-01T00:00:00Z", "+1000000-01-01T00:00:00Z",
            "2026-13-45", "2026-02-30", "2026-03-01T25:00:00Z", "2026-03-01T08:00:00", "2026-03-01 08:00",
            "1767600000000", "72", "72x", "0h", "-3d", "9999999999d", "WARNING", "warning,", "raw,1m", "1s", "csv;",
            "x".repeat(5000));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "admin-token-for-bad-input";
    private static final Instant NOW = TwinFixtures.T0.plus(Duration.ofDays(1));

    private static Store store;
    private static ApiServer server;
    private static String base;
    private static HttpClient client;
    private static String alertId;
    private static final List<Param> QUERY = new ArrayList<>();
    private static final List<Param> PATH = new ArrayList<>();
    private static final List<Param> BODY = new ArrayList<>();

    /** A parameter of one operation: where it goes, its name. */
    record Param(String method, String path, String in, String name) {
        @Override
        public String toString() {
            return method + " " + path + " " + in + " " + name;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        var clock = new TwinFixtures.ManualClock(NOW);
        InMemoryTwinRepository twins = TwinFixtures.repository(clock);
        store = Store.inMemory(StoreOptions.defaults());
        twins.apply(List.of(TwinFixtures.good(TwinFixtures.WINDING_TEMP, TwinFixtures.T0, 95.5)), store.history()::append);
        Instant raised = TwinFixtures.T0.plusSeconds(60);
        alertId = AlertEvent.id(TwinFixtures.SHOVEL, "hoist-motor", raised);
        store.events().append(List.of(new AlertEvent(raised, TwinFixtures.SHOVEL, "hoist-motor", alertId,
                AlertEvent.Action.RAISED, AlertLevel.WARNING, AlertLevel.OK, Map.of("health", "0.4"), Optional.empty(),
                Optional.empty()).toEvent()));
        var backend = new ApiBackend(twins, store.history(), store.events(), Map::of, JSON).withClock(clock);
        server = new ApiServer(backend, new AccessTokens(List.of(new AccessTokens.Entry("admin", Role.ADMIN,
                AccessTokens.hash(TOKEN)))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        client = HttpClient.newHttpClient();
        JsonNode doc = JSON.readTree(send("GET", "/api/openapi.json", null).body());
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (path.getKey().equals("/api/stream")) {
                continue; // a server-sent event stream: it answers by staying open
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                for (JsonNode p : op.getValue().get("parameters")) {
                    Param param = new Param(method, path.getKey(), p.get("in").asText(), p.get("name").asText());
                    (param.in().equals("path") ? PATH : QUERY).add(param);
                }
                JsonNode body = op.getValue().path("requestBody").path("content").path("application/json").path("schema");
                for (Iterator<String> fields = body.path("properties").fieldNames(); fields.hasNext(); ) {
                    BODY.add(new Param(method, path.getKey(), "body", fields.next()));
                }
            }
        }
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private static HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The operation's path with valid values for its path parameters but {@code except}. */
    private static String path(Param p, String except, String value) {
        String path = p.path();
        Map<String, String> valid = Map.of("/api/alerts/{id}", alertId, "/api/alerts/{id}/ack", alertId,
                "/api/asset-types/{name}", "electric-shovel", "/api/jobs/{id}", "train-1");
        for (String name : List.of("id", "name")) {
            String v = name.equals(except) ? value
                    : valid.getOrDefault(path, path.endsWith("/promote") ? "electric-shovel.hoist-motor@1"
                    : path.startsWith("/api/models") ? "electric-shovel.hoist-motor" : TwinFixtures.SHOVEL.toString());
            path = path.replace("{" + name + "}", encode(v));
        }
        return path;
    }

    // ---------------------------------------------------------------- generated values

    @Provide
    Arbitrary<String> badText() {
        Arbitrary<String> corpus = Arbitraries.of(CORPUS);
        Arbitrary<String> anyText = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf), Arbitraries.bigIntegers()
                        .between(java.math.BigInteger.TEN.pow(18), java.math.BigInteger.TEN.pow(40)).map(String::valueOf));
        Arbitrary<String> times = Arbitraries.longs().between(-400_000_000L, 400_000_000L)
                .map(year -> String.format(Locale.ROOT, "%+d-01-01T00:00:00Z", year));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, corpus), net.jqwik.api.Tuple.of(3, anyText),
                net.jqwik.api.Tuple.of(2, numbers), net.jqwik.api.Tuple.of(2, times));
    }

    @Provide
    Arbitrary<Param> queryParams() {
        return Arbitraries.of(QUERY);
    }

    @Provide
    Arbitrary<Param> pathParams() {
        return Arbitraries.of(PATH);
    }

    @Provide
    Arbitrary<Param> bodyFields() {
        return Arbitraries.of(BODY);
    }

    /** JSON values of every type, and strings of the bad text. */
    @Provide
    Arbitrary<String> badJson() {
        Arbitrary<String> literals = Arbitraries.of("1", "-1.5e308", "1e400", "true", "false", "[]", "{}", "[1, \"a\"]",
                "{\"a\": 1}", "null", "0");
        return Arbitraries.oneOf(literals, badText().map(ApiBadInputTest::jsonString));
    }

    private static String jsonString(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- properties

    @Example
    void theTestReachesEveryKindOfParameter() {
        List<String> query = QUERY.stream().map(p -> p.path() + "?" + p.name()).toList();
        for (String expected : List.of("/api/alerts?from", "/api/alerts?state", "/api/twins/{id}/history?to",
                "/api/forecasts?horizon", "/api/maintenance?limit", "/api/audit?since", "/api/work-orders?format")) {
            if (!query.contains(expected)) {
                throw new AssertionError(expected + " is not among the parameters read from the OpenAPI document: " + query);
            }
        }
        if (BODY.stream().noneMatch(p -> p.path().equals("/api/maintenance") && p.name().equals("time"))
                || PATH.stream().noneMatch(p -> p.path().equals("/api/twins/{id}"))) {
            throw new AssertionError("body fields or path parameters missing: " + BODY + " " + PATH);
        }
    }

    /** Bugs this test found, pinned: an empty {@code to} was the epoch (every list empty); {@code level=,} no filter. */
    @Example
    void anEmptyEndMeansNoEndAndAnEmptyLevelIsRefused() throws Exception {
        for (String path : List.of("/api/alerts?to=", "/api/alerts?to=%20&from=")) {
            JsonNode body = JSON.readTree(send("GET", path, null).body());
            if (body.path("total").asInt() != 1) {
                throw new AssertionError(path + " lists " + body + ", not the open alert");
            }
        }
        HttpResponse<String> r = send("GET", "/api/alerts?level=,", null);
        if (r.statusCode() != 400 || !JSON.readTree(r.body()).path("field").asText().equals("level")) {
            throw new AssertionError("level=, answered " + r.statusCode() + ": " + r.body());
        }
        r = send("GET", "/api/forecasts?twin=banana", null);
        if (r.statusCode() != 400 || !JSON.readTree(r.body()).path("field").asText().equals("twin")) {
            throw new AssertionError("twin=banana answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Property(tries = 1000)
    void everyQueryParameterRefusesBadValuesWithA4xxNamingIt(@ForAll("queryParams") Param p,
                                                             @ForAll("badText") String value) throws Exception {
        Map<String, String> query = new LinkedHashMap<>();
        if (p.path().endsWith("/history") && !p.name().equals("channel")) {
            query.put("channel", "hoist-motor.winding-temp");
        }
        query.put(p.name(), value);
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(encode(v)));
        HttpResponse<String> r = send(p.method(), path(p, null, null) + q, p.method().equals("POST") ? "{}" : null);
        check(p, value, r, validQuery(p, value));
    }

    @Property(tries = 300)
    void everyPathParameterAnswersA4xxForBadValues(@ForAll("pathParams") Param p, @ForAll("badText") String value)
            throws Exception {
        HttpResponse<String> r = send(p.method(), path(p, p.name(), value), p.method().equals("POST") ? "{}" : null);
        if (r.statusCode() >= 500 && r.statusCode() != 503) {
            throw new AssertionError(p + " = '" + shorten(value) + "' answered " + r.statusCode() + ": " + shorten(r.body()));
        }
        if (r.statusCode() >= 400) {
            requireJsonError(p, value, r, false);
        }
    }

    @Property(tries = 500)
    void everyBodyFieldRefusesBadValuesWithA4xxNamingIt(@ForAll("bodyFields") Param p, @ForAll("badJson") String value)
            throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        if (p.path().equals("/api/maintenance")) {
            fields.put("twin", "\"" + TwinFixtures.SHOVEL + "\"");
            fields.put("component", "\"hoist-motor\"");
            fields.put("action", "\"inspection\"");
        } else if (p.path().endsWith("/ack")) {
            fields.put("comment", "\"looked at it\"");
        }
        fields.put(p.name(), value);
        StringBuilder body = new StringBuilder("{");
        fields.forEach((k, v) -> body.append(body.length() == 1 ? "" : ", ").append(jsonString(k)).append(": ").append(v));
        body.append('}');
        HttpResponse<String> r = send(p.method(), path(p, null, null), body.toString());
        check(p, value, r, validBody(p, value));
    }

    /** Never a 5xx (but 503, "this engine cannot"); a 4xx names the field; a 2xx only for a valid value. */
    private static void check(Param p, String value, HttpResponse<String> r, Optional<Boolean> valid) throws Exception {
        int status = r.statusCode();
        if (status >= 500 && status != 503) {
            throw new AssertionError(p + " = '" + shorten(value) + "' answered " + status + ": " + shorten(r.body()));
        }
        if (status == 503 || status == 404 && !p.in().equals("query")) {
            requireJsonError(p, value, r, false);
            return; // the operation is not available here (no registry, no training) or its subject is absent
        }
        if (status >= 400) {
            requireJsonError(p, value, r, true);
        } else if (valid.isPresent() && !valid.get()) {
            throw new AssertionError(p + " = '" + shorten(value) + "' is not valid, yet answered " + status
                    + " (a silent default): " + shorten(r.body()));
        }
    }

    private static void requireJsonError(Param p, String value, HttpResponse<String> r, boolean namesField)
            throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(p + " = '" + shorten(value) + "' answered " + r.statusCode() + " without JSON: "
                    + shorten(r.body()));
        }
        if (body == null || !body.hasNonNull("message") || body.get("status").asInt() != r.statusCode()) {
            throw new AssertionError(p + " = '" + shorten(value) + "' answered " + r.statusCode()
                    + " without the error JSON: " + shorten(r.body()));
        }
        if (namesField && r.statusCode() == 400 && !p.name().equals(body.path("field").asText())) {
            throw new AssertionError(p + " = '" + shorten(value) + "' answered 400 naming field '"
                    + body.path("field").asText() + "' instead: " + shorten(r.body()));
        }
    }

    private static String shorten(String s) {
        String t = s.replace("\u0000", "\\0");
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    // ---------------------------------------------------------------- what is valid

    /**
     * Whether {@code v} is a valid value of query parameter {@code p}; empty where any text is (a filter). An empty
     * value of an optional parameter with a default means "not given" (as {@code ?from=&to=} from a form).
     */
    static Optional<Boolean> validQuery(Param p, String v) {
        String t = v.trim();
        return switch (p.name()) {
            case "limit" -> Optional.of(isInt(t, 1, p.path().equals("/api/audit") ? 10_000 : 1000));
            case "offset" -> Optional.of(isInt(t, 0, Integer.MAX_VALUE));
            case "from", "to", "since" -> Optional.of(t.isEmpty() || parses(() -> TimeText.parse(v)));
            case "state" -> Optional.of(Set.of("open", "cleared", "all").contains(t));
            case "level", "alert" -> Optional.of(t.isEmpty() || java.util.Arrays.stream(t.split(",", -1))
                    .allMatch(s -> parses(() -> AlertLevel.parse(s))));
            case "minLevel" -> Optional.of(parses(() -> AlertLevel.parse(v)));
            case "history", "force", "tree" -> Optional.of(Set.of("", "true", "false", "1", "0", "yes", "no")
                    .contains(t.toLowerCase(Locale.ROOT)));
            case "step" -> Optional.of(t.isEmpty() || parses(() -> io.minetwin.model.Resolution.parse(v)));
            case "rank" -> Optional.of(t.isEmpty() || Set.of("cost", "probability").contains(t));
            case "format" -> Optional.of(Set.of("csv", "json").contains(t));
            // no forecasts here, so no horizons to choose from: any horizon of the right form is taken
            case "horizon" -> Optional.of(t.isEmpty() || Forecasts.isHorizon(t));
            case "twin" -> Optional.of(t.isEmpty() || parses(() -> TwinId.parse(t)));
            case "group" -> Optional.of(t.isEmpty()
                    || Set.of("asset", "type", "site", "fleet", "supplier", "week").contains(t));
            default -> Optional.empty(); // type, site, component, channel: filters and names, any text
        };
    }

    /** Whether JSON {@code value} is a valid value of body field {@code p}; empty where any string is. */
    static Optional<Boolean> validBody(Param p, String value) throws Exception {
        JsonNode n = JSON.readTree(value);
        if (n.isNull()) {
            return Optional.empty(); // null means absent: required fields answer 400, optional ones their default
        }
        if (p.name().equals("force")) {
            return Optional.of(n.isBoolean());
        }
        if (p.name().equals("horizons")) {
            return Optional.of(n.isArray());
        }
        if (!n.isTextual()) {
            return Optional.of(false);
        }
        String t = n.asText().trim();
        return switch (p.path() + " " + p.name()) {
            case "/api/maintenance time" -> Optional.of(t.isEmpty()
                    || parses(() -> TimeText.parse(t)) && !TimeText.parse(t).isAfter(NOW.plus(Duration.ofMinutes(5))));
            case "/api/maintenance twin" -> Optional.of(t.equals(TwinFixtures.SHOVEL.toString()));
            case "/api/maintenance component" -> Optional.of(Set.of("hoist-motor", "hoist-brake", "machine").contains(t));
            case "/api/maintenance action" -> Optional.of(MaintenanceRecords.ACTIONS.contains(t));
            case "/api/alerts/{id}/ack comment" -> Optional.of(!t.isEmpty() && t.length() <= AlertsEndpoints.MAX_COMMENT);
            case "/api/maintenance notes" -> Optional.of(t.length() <= MaintenanceEndpoints.MAX_NOTES);
            default -> Optional.empty();
        };
    }

    private static boolean isInt(String t, long min, long max) {
        try {
            long v = Long.parseLong(t);
            return v >= min && v <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean parses(Runnable r) {
        try {
            r.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
