package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: twins and their history, forecasts ranked by risk, alerts and their acknowledgement,
 * maintenance records, work orders, model versions, training jobs, status and metrics, behind bearer
 * tokens with roles.
 *
 * <p>Every route is declared once in {@link #routes()} with the roles it admits and its parameters;
 * the same table drives access checks and the OpenAPI document at {@code /api/openapi.json}, so the
 * documentation cannot drift from what is served. Errors are JSON: {@code {"status", "error",
 * "message", "field"}}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String PRINCIPAL = "minetwin.principal";
    /** Bodies are small JSON objects (a comment, a maintenance record); anything larger is refused with 413. */
    static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final String ERROR_WRITTEN = "minetwin.error-written";

    private final ApiBackend backend;
    private final AccessTokens tokens;
    private FailedLogins failedLogins = FailedLogins.defaults();
    private volatile AuditLog auditLog;
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper json;
    private final List<Route> routes;
    private final Route stream;
    private final LiveFeed feed;
    private final TrainingJobs jobs;
    private final ForecastsEndpoints forecasts;
    private final CommandsEndpoints commands;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private Javalin app;

    /** One endpoint: method, path (Javalin syntax), who may call it, and what it is for. */
    record Route(HandlerType method, String path, Set<Role> roles, String summary, List<Param> params,
                 Map<String, Object> body, Handler handler) {
        Route {
            Objects.requireNonNull(method);
            Objects.requireNonNull(path);
            roles = Set.copyOf(roles);
            params = List.copyOf(params);
        }

        Route(HandlerType method, String path, Set<Role> roles, String summary, List<Param> params, Handler handler) {
            this(method, path, roles, summary, params, null, handler);
        }
    }

    /** A documented parameter: in {@code path}, {@code query} or {@code header}. */
    record Param(String name, String in, boolean required, String description) {
    }

    public ApiServer(ApiBackend backend, AccessTokens tokens, PrometheusMeterRegistry metrics) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.json = backend.json();
        this.feed = new LiveFeed(backend.twins(), json, backend.liveInterval());
        this.stream = new Route(HandlerType.GET, "/api/stream", Role.READ_TWINS,
                "Server-sent events: every interval, one 'changes' event with the latest value of each channel"
                        + " that changed. EventSource cannot send headers, so the token may come as ?access_token=.",
                List.of(new Param("access_token", "query", false, "the bearer token, for EventSource")),
                ctx -> { });
        this.jobs = new TrainingJobs(backend);
        this.forecasts = new ForecastsEndpoints(backend);
        this.commands = new CommandsEndpoints(backend);
        this.routes = declareRoutes(new TwinsEndpoints(backend), new AssetTypesEndpoints(backend),
                new StatusEndpoints(backend, metrics));
    }

    List<Route> routes() {
        return routes;
    }

    /** The live feed (tests watch its clients). */
    LiveFeed liveFeed() {
        return feed;
    }

    /** Records every write (and reads the audit for {@code GET /api/audit}) in {@code log}; before {@link #start}. */
    public ApiServer withAudit(AuditLog log) {
        this.auditLog = log;
        return this;
    }

    /** Serves guarded write-back through {@code service}; without one the command routes answer 503. */
    public ApiServer withCommands(io.minetwin.engine.command.CommandService service) {
        commands.use(service);
        return this;
    }

    /**
     * Refuses an address after {@code limit} refused tokens within {@code window} (default 20 within a minute);
     * before {@link #start}.
     */
    public ApiServer withRefusedTokenLimit(int limit, java.time.Duration window) {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        this.failedLogins = new FailedLogins(limit, window, 10_000, System::nanoTime);
        return this;
    }

    private List<Route> declareRoutes(TwinsEndpoints twins, AssetTypesEndpoints types, StatusEndpoints status) {
        List<Route> r = new ArrayList<>();
        r.add(new Route(HandlerType.GET, "/api/twins", Role.READ_TWINS,
                "List twins, filtered by asset type and site, in id order, a page at a time.",
                List.of(new Param("type", "query", false, "asset type, e.g. haul-truck"),
                        new Param("site", "query", false, "site name as in the twin's attributes"),
                        new Param("alert", "query", false, "alert levels, comma-separated, e.g. warning,critical:"
                                + " twins whose worst component is at one of them"),
                        new Param("tree", "query", false, "true: machines only (twins installed in no other twin),"
                                + " each with the twins installed in it nested under 'children' and the worst alert"
                                + " of them all as 'worstAlertLevel'; the filters choose machines"),
                        LIMIT, OFFSET),
                twins::list));
        r.add(new Route(HandlerType.GET, "/api/fleet/tree", Role.READ_TWINS,
                "The fleet as the mine sees it: sites, then areas (e.g. pits; '' for machines without one), then"
                        + " machines with their drives and other installed twins nested under 'children', each a twin"
                        + " summary as in GET /api/twins plus position and worstAlertLevel.",
                List.of(), twins::tree));
        r.add(new Route(HandlerType.GET, "/api/twins/{id}", Role.READ_TWINS,
                "One twin as an Eclipse Ditto thing: thingId, attributes, features.<component>.properties.",
                List.of(new Param("id", "path", true, "twin id namespace:name, e.g. baiyun:shovel-01")),
                twins::get));
        r.add(new Route(HandlerType.GET, "/api/twins/{id}/history", Role.READ_TWINS,
                "One channel's history, raw or as 1-minute / 1-hour rollups; JSON, or CSV with Accept: text/csv.",
                List.of(new Param("id", "path", true, "twin id"),
                        new Param("channel", "query", true, "component.channel, e.g. hoist-motor.winding-temp"),
                        new Param("from", "query", false, "start, ISO-8601 instant (inclusive)"),
                        new Param("to", "query", false, "end, ISO-8601 instant (exclusive)"),
                        new Param("step", "query", false, "raw (default), 1m or 1h")),
                twins::history));
        ForecastsEndpoints forecasts = this.forecasts;
        r.add(new Route(HandlerType.GET, "/api/forecasts", Role.READ,
                "Component forecasts ranked by risk: expected cost of failure within the horizon where the asset type"
                        + " has a downtime cost (config 'costs'), else failure probability; with health, RUL and the"
                        + " top signals.",
                List.of(new Param("horizon", "query", false, "e.g. 72h or 7d (default: the longest forecast)"),
                        new Param("rank", "query", false, "cost (default when costs are configured) or probability"),
                        new Param("type", "query", false, "asset type"),
                        new Param("site", "query", false, "site"),
                        new Param("twin", "query", false, "one twin id"),
                        new Param("alert", "query", false, "alert levels, comma-separated, e.g. warning,critical"),
                        LIMIT, OFFSET),
                forecasts::list));
        r.add(new Route(HandlerType.GET, "/api/work-orders", Role.PLAN,
                "Work orders for the flagged components with their evidence, ranked by risk, as JSON or as CSV"
                        + " (format=csv or Accept: text/csv) for a CMMS import, or as SAP PM or Maximo requests"
                        + " (format=sap-pm or maximo) through the configured CMMS mapping.",
                List.of(new Param("minLevel", "query", false, "lowest alert level to include (default warning)"),
                        new Param("format", "query", false, "json (default), csv, sap-pm or maximo"),
                        new Param("horizon", "query", false, "horizon for the probability (default: the longest)"),
                        new Param("rank", "query", false, "cost or probability"),
                        new Param("type", "query", false, "asset type"),
                        new Param("site", "query", false, "site"),
                        new Param("twin", "query", false, "one twin id")),
                forecasts::workOrders));
        AlertsEndpoints alerts = new AlertsEndpoints(backend);
        r.add(new Route(HandlerType.GET, "/api/alerts", Role.READ,
                "Alerts from the event log, newest raised first; open ones by default.",
                List.of(new Param("state", "query", false, "open (default), cleared or all"),
                        new Param("twin", "query", false, "one twin id"),
                        new Param("component", "query", false, "one component"),
                        new Param("level", "query", false, "current levels, comma-separated, e.g. warning,critical"),
                        new Param("from", "query", false, "raised at or after, ISO-8601"),
                        new Param("to", "query", false, "raised before, ISO-8601"),
                        new Param("history", "query", false, "true to include each alert's events"),
                        LIMIT, OFFSET),
                alerts::list));
        r.add(new Route(HandlerType.GET, "/api/alerts/{id}", Role.READ,
                "One alert with its history (raised, escalated, eased, acknowledged, cleared).",
                List.of(ALERT_ID), alerts::get));
        r.add(new Route(HandlerType.POST, "/api/alerts/{id}/ack", Role.PLAN,
                "Acknowledges an open alert with a comment; recorded as an 'acknowledged' ALERT event with the user.",
                List.of(ALERT_ID),
                schema(Map.of("comment", Map.of("type", "string", "maxLength", AlertsEndpoints.MAX_COMMENT,
                        "description", "what was decided, e.g. 'inspection booked for Tuesday day shift'")),
                        List.of("comment")),
                alerts::acknowledge));
        MaintenanceEndpoints maintenance = new MaintenanceEndpoints(backend);
        r.add(new Route(HandlerType.GET, "/api/maintenance", Role.READ,
                "Maintenance and failure records, newest first.",
                List.of(new Param("twin", "query", false, "one twin id"),
                        new Param("component", "query", false, "one component"),
                        new Param("from", "query", false, "at or after, ISO-8601"),
                        new Param("to", "query", false, "before, ISO-8601"),
                        LIMIT, OFFSET),
                maintenance::list));
        r.add(new Route(HandlerType.POST, "/api/maintenance", Role.PLAN,
                "Records maintenance done on a component, stored as 'minetwin import maintenance' stores a row:"
                        + " failure-repair as a FAILURE event, other actions as MAINTENANCE events. They become labels.",
                List.of(),
                schema(Map.of(
                        "time", Map.of("type", "string", "format", "date-time",
                                "description", "when the work was done (default now)"),
                        "twin", Map.of("type", "string", "description", "twin id, e.g. baiyun:shovel-07"),
                        "component", Map.of("type", "string", "description", "component of the twin's asset type"),
                        "action", Map.of("type", "string", "enum",
                                io.minetwin.analytics.labels.MaintenanceRecords.ACTIONS.stream().sorted().toList()),
                        "mode", Map.of("type", "string", "description", "failure mode, e.g. bearing-wear"),
                        "notes", Map.of("type", "string", "maxLength", MaintenanceEndpoints.MAX_NOTES)),
                        List.of("twin", "component", "action")),
                maintenance::create));
        ModelsEndpoints models = new ModelsEndpoints(backend);
        r.add(new Route(HandlerType.GET, "/api/models", Role.READ,
                "Model versions per asset type and component: state (active, candidate, retired), evaluation,"
                        + " training window, assets, labels and provenance.",
                List.of(new Param("type", "query", false, "asset type")), models::list));
        r.add(new Route(HandlerType.GET, "/api/models/{id}", Role.READ,
                "One model key's versions, or one version.",
                List.of(MODEL_ID), models::get));
        r.add(new Route(HandlerType.GET, "/api/models/{id}/monitor", Role.READ,
                "How the active model's forecasts turned out since it became active (failures flagged or missed,"
                        + " lead, false alarms per asset-year) beside its backtest figures, the drift of its inputs"
                        + " (PSI per feature over the last 7 days of scored rows) and whether a retrain is"
                        + " recommended, with the reasons.",
                List.of(MODEL_ID), models::monitor));
        r.add(new Route(HandlerType.POST, "/api/models/{id}/promote", Role.ENGINEER_ONLY,
                "Makes a version active. Refused (409) when it evaluates worse than the active one, has no"
                        + " evaluation or another holdout, unless force is true.",
                List.of(MODEL_ID, new Param("force", "query", false, "true to promote anyway")),
                schema(Map.of("force", Map.of("type", "boolean")), List.of()),
                models::promote));
        r.add(new Route(HandlerType.POST, "/api/models/{id}/rollback", Role.ENGINEER_ONLY,
                "Retires the active version and makes the previously active one active again.",
                List.of(new Param("id", "path", true, "<asset type>.<component>, e.g. electric-shovel.hoist-motor,"
                        + " or the active version's id")),
                models::rollback));
        r.add(new Route(HandlerType.POST, "/api/train", Role.ENGINEER_ONLY,
                "Starts training in the background (202 with the job); progress on GET /api/jobs/{id}."
                        + " 503 when this engine cannot train.",
                List.of(),
                schema(Map.of(
                        "assetType", Map.of("type", "string", "description", "e.g. electric-shovel"),
                        "component", Map.of("type", "string", "description", "one component, or 'all' (default)"),
                        "trainer", Map.of("type", "string", "description", "trainer name (default: the engine's)"),
                        "horizons", Map.of("type", "array", "items", Map.of("type", "string"),
                                "description", "failure horizons, e.g. [\"72h\", \"7d\"]")),
                        List.of("assetType")),
                jobs::train));
        r.add(new Route(HandlerType.GET, "/api/jobs", Role.READ,
                "Training jobs since the engine started, newest first.", List.of(), jobs::list));
        r.add(new Route(HandlerType.GET, "/api/jobs/{id}", Role.READ,
                "One training job: state (queued, running, succeeded, failed), progress 0..1, message, result.",
                List.of(new Param("id", "path", true, "job id, e.g. train-1")), jobs::get));
        KpiEndpoints kpi = new KpiEndpoints(backend);
        r.add(new Route(HandlerType.GET, "/api/kpi", Role.READ,
                "Reliability and energy KPIs for a period: availability, utilisation, MTBF, MTTR, planned share,"
                        + " energy per tonne (loading and haulage), downtime and cost avoided by alerts that led to"
                        + " planned work; per asset, type, site, supplier (components with more than one), week or"
                        + " for the whole fleet, with the filtered fleet's totals. At most "
                        + String.format(java.util.Locale.ROOT, "%,d", KpiEndpoints.MAX_POINTS)
                        + " samples are read: a longer period is refused with the fix.",
                List.of(new Param("from", "query", false, "start, ISO-8601 instant (default: 30 days before 'to')"),
                        new Param("to", "query", false, "end, ISO-8601 instant, exclusive (default: now)"),
                        new Param("group", "query", false, "asset, type, site, fleet (default), supplier or week"),
                        new Param("twin", "query", false, "one twin id"),
                        new Param("type", "query", false, "asset type"),
                        new Param("site", "query", false, "site")),
                kpi::kpi));
        r.add(new Route(HandlerType.GET, "/api/asset-types", Role.READ_TWINS,
                "The asset types of the twins.", List.of(), types::list));
        r.add(new Route(HandlerType.GET, "/api/asset-types/{name}", Role.READ_TWINS,
                "One asset type: components and channels with units, normal and physical ranges, limits.",
                List.of(new Param("name", "path", true, "asset type, e.g. electric-shovel")), types::get));
        r.add(stream);
        r.add(new Route(HandlerType.GET, "/api/audit", java.util.EnumSet.of(Role.ADMIN),
                "The audit log: every write through the API and the command line, with who, what, when, from where"
                        + " and the outcome, oldest first.",
                List.of(new Param("since", "query", false, "ISO-8601 instant (default: 7 days ago)"),
                        new Param("limit", "query", false, "the latest N entries, 1 to 10000 (default 1000)")),
                this::auditEntries));
        r.add(new Route(HandlerType.POST, "/api/twins/{id}/commands", Role.COMMAND,
                "Requests a command setting a writable channel (declared 'writable' in the asset type) on the equipment:"
                        + " validated (range and step, interlock on machine.state, Good quality, connection up),"
                        + " written over OPC UA and verified by reading back (201); a channel with 'confirm: two-person'"
                        + " waits for a second user (202). Refused with the exact reason: 400 not writable or out of"
                        + " range, 409 interlock, quality or connection; 502 when written but failed or not verified."
                        + " Every step is in GET /api/audit.",
                List.of(new Param("id", "path", true, "twin id, e.g. baiyun:truck-03")),
                schema(Map.of(
                        "channel", Map.of("type", "string", "description",
                                "component.channel, e.g. engine.derate or hoist-motor.speed-limit"),
                        "value", Map.of("type", "number", "description", "the set point, in the channel's unit")),
                        List.of("channel", "value")),
                commands::request));
        r.add(new Route(HandlerType.POST, "/api/commands/{id}/confirm", Role.COMMAND,
                "Confirms a two-person command as the second, different user, then writes and verifies it (201)."
                        + " 409 when the confirming user requested it, or it is no longer awaiting confirmation"
                        + " (expired, refused, done), or the interlock now refuses it.",
                List.of(new Param("id", "path", true, "command id, e.g. cmd-1767600000000-3")),
                schema(Map.of(), List.of()),
                commands::confirm));
        r.add(new Route(HandlerType.GET, "/api/commands", Role.READ,
                "Commands since the engine started, newest first: who asked what from what to what, who confirmed,"
                        + " and how each ended (verified, refused, failed, not-verified, expired) with the reason.",
                List.of(new Param("twin", "query", false, "one twin id"),
                        new Param("pending", "query", false, "true for only the commands awaiting confirmation"),
                        LIMIT, OFFSET),
                commands::list));
        r.add(new Route(HandlerType.GET, "/api/status", Role.READ,
                "Engine status: twins, ingest counts by outcome, store.", List.of(), status::status));
        r.add(new Route(HandlerType.GET, "/metrics", Role.READ,
                "Prometheus metrics.", List.of(), status::prometheus));
        r.add(new Route(HandlerType.GET, "/api/openapi.json", Role.READ_TWINS,
                "This API described as OpenAPI 3.", List.of(), ctx -> ctx.json(OpenApi.document(routes))));
        return List.copyOf(r);
    }

    private static final Param LIMIT = new Param("limit", "query", false, "page size, 1 to 1000 (default 100)");
    private static final Param OFFSET = new Param("offset", "query", false, "items to skip (default 0)");
    private static final Param ALERT_ID = new Param("id", "path", true,
            "alert id <twin>.<component>.<raised epoch millis>, e.g. baiyun:shovel-07.hoist-motor.1767600000000");
    private static final Param MODEL_ID = new Param("id", "path", true,
            "<asset type>.<component>@<version>, e.g. electric-shovel.hoist-motor@3");

    private static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "object");
        m.put("additionalProperties", false);
        m.put("required", required);
        m.put("properties", new java.util.TreeMap<>(properties));
        return m;
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one); returns the bound port. */
    public int start(String host, int port) {
        return start(host, port, Optional.empty());
    }

    /**
     * Starts serving on {@code host:port}, over HTTPS (TLS 1.2 and 1.3, Jetty's defaults for ciphers; HTTP/2
     * for clients that offer it by ALPN, else HTTP/1.1) when {@code tls} is given, else plain HTTP.
     *
     * @return the bound port
     */
    public int start(String host, int port, Optional<ApiSettings.Tls> tls) {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        Javalin javalin = Javalin.create(cfg -> {
            tls.ifPresent(t -> cfg.jetty.addConnector((server, http) -> {
                var ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
                ssl.setKeyStorePath(t.keyStore().toAbsolutePath().toString());
                ssl.setKeyStoreType("PKCS12");
                ssl.setKeyStorePassword(new String(t.password()));
                ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
                var secure = new org.eclipse.jetty.server.HttpConfiguration(http);
                var customizer = new org.eclipse.jetty.server.SecureRequestCustomizer();
                customizer.setSniHostCheck(false); // clients reach the engine by address as often as by name
                secure.addCustomizer(customizer);
                // HTTP/2 where the client offers it (ALPN), HTTP/1.1 otherwise
                ssl.setCipherComparator(org.eclipse.jetty.http2.HTTP2Cipher.COMPARATOR);
                var h2 = new org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory(secure);
                var alpn = new org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory();
                alpn.setDefaultProtocol("http/1.1");
                var connector = new org.eclipse.jetty.server.ServerConnector(server,
                        new org.eclipse.jetty.server.SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
                        new org.eclipse.jetty.server.HttpConnectionFactory(secure));
                connector.setHost(host);
                connector.setPort(port);
                return connector;
            }));
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.defaultContentType = "application/json";
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.defaultHost = host;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonBadMessageHandler()));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            cfg.staticFiles.enableWebjars(); // /webjars/uplot/<version>/dist/...: the charts, from the jar
        });
        for (Route route : routes) {
            if (route != stream) {
                javalin.addHttpHandler(route.method(), route.path(), secured(route));
            }
        }
        javalin.before(stream.path(), ctx -> {
            authorize(ctx, stream);
            AccessTokens.Principal who = ctx.attribute(PRINCIPAL);
            feed.admit(who.name());
        });
        javalin.sse(stream.path(), client -> {
            AccessTokens.Principal who = client.ctx().attribute(PRINCIPAL);
            feed.connect(client, who.name(), () -> tokens.stillValid(who));
        });
        javalin.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
        javalin.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
            switch (e.getStatus()) {
                case 404 -> error(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path()
                        + "; GET /api/openapi.json lists them", null);
                case 405 -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null);
                case 413 -> error(ctx, 413, "payload_too_large", "the request body is too large; send at most "
                        + (MAX_REQUEST_BYTES / 1024) + " KiB", null);
                default -> error(ctx, e.getStatus(), e.getStatus() < 500 ? "bad_request" : "internal_error",
                        e.getMessage(), null);
            }
        });
        // A degraded store (disk full, I/O error) refuses the write: nothing was stored, the client may retry.
        javalin.exception(io.minetwin.store.StoreException.class, (e, ctx) -> {
            LOG.warn("{} {}: the store refused: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "store_unavailable", "nothing was stored: " + e.getMessage()
                    + "; retry once GET /api/status shows store.state ok", null);
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal_error", "the engine failed to answer this request; see its log", null);
        });
        javalin.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) { // no route matched: not one of ours
                error(ctx, 404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path()
                        + "; GET /api/openapi.json lists them", null);
            }
        });
        javalin.error(405, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null);
            }
        });
        javalin.start(port);
        app = javalin;
        LOG.info("API listening on {}://{}:{}", tls.isPresent() ? "https" : "http", host, javalin.port());
        return javalin.port();
    }

    private Handler secured(Route route) {
        String name = route.method().name() + " " + route.path();
        return ctx -> {
            long started = System.nanoTime();
            int failed = 0;
            try {
                authorize(ctx, route);
                route.handler().handle(ctx);
            } catch (ApiException e) {
                failed = e.status();
                throw e;
            } catch (Exception | Error e) {
                failed = 500;
                throw e;
            } finally {
                int status = failed != 0 ? failed : ctx.statusCode();
                if (route.method() != HandlerType.GET) {
                    audit(ctx, route, status);
                }
                timers.computeIfAbsent(name + " " + status, k -> Timer.builder("minetwin.http.requests")
                                .description("API requests by route and status")
                                .tag("route", name)
                                .tag("status", Integer.toString(status))
                                .register(metrics))
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        };
    }

    private void auditEntries(Context ctx) {
        AuditLog log = auditLog;
        if (log == null) {
            throw new ApiException(503, "unavailable", "this engine keeps no audit log", null);
        }
        long since = Requests.instant(ctx, "since", java.time.Instant.now().minus(java.time.Duration.ofDays(7))
                .toEpochMilli());
        int limit = Requests.intParam(ctx, "limit", 1000, 1, 10_000);
        var items = log.read(java.time.Instant.ofEpochMilli(since), limit).stream().map(AuditLog.Entry::json).toList();
        ctx.json(Map.of("items", items, "file", log.path().toString()));
    }

    /** Records a write in the audit log, when there is one; a write refused before its token was known is not. */
    private void audit(Context ctx, Route route, int status) {
        AuditLog log = auditLog;
        AccessTokens.Principal who = ctx.attribute(PRINCIPAL);
        if (log == null || who == null) {
            return;
        }
        try {
            log.append(new AuditLog.Entry(java.time.Instant.now(), who.name(), who.role().id(),
                    route.method().name() + " " + route.path(), ctx.path(), ctx.ip(), Integer.toString(status)));
        } catch (RuntimeException e) {
            LOG.error("could not record {} {} by {} in the audit log: {}", route.method(), ctx.path(), who.name(),
                    e.getMessage());
        }
    }

    private void authorize(Context ctx, Route route) {
        String header = ctx.header("Authorization");
        if (route == stream && (header == null || header.isBlank()) && ctx.queryParam("access_token") != null) {
            header = "Bearer " + ctx.queryParam("access_token");
        }
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"minetwin\"");
            throw new ApiException(401, "unauthorized",
                    "this endpoint needs a token: send the header 'Authorization: Bearer <token>'", null);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"minetwin\"");
            throw new ApiException(401, "unauthorized",
                    "the Authorization header must be 'Bearer <token>'", null);
        }
        String address = ctx.ip();
        var blocked = failedLogins.blockedFor(address);
        if (blocked.isPresent()) {
            ctx.header("Retry-After", Long.toString(blocked.getAsLong()));
            throw new ApiException(429, "too_many_requests", "too many refused tokens from " + address
                    + " within a minute; try again in " + blocked.getAsLong() + " s with a valid token", null);
        }
        AccessTokens.Check check = tokens.check(header.substring(7).trim());
        if (check instanceof AccessTokens.Check.Refused r) {
            int count = failedLogins.refused(address);
            if (count == 1 || count == failedLogins.limit()) {
                LOG.warn("refused a token from {} for {} {} ({}){}", address, ctx.method(), ctx.path(), r.reason(),
                        count == failedLogins.limit() ? "; " + count + " refusals within a minute: the address is"
                                + " refused until they age out" : "");
            }
            ctx.header("WWW-Authenticate", "Bearer realm=\"minetwin\", error=\"invalid_token\"");
            throw new ApiException(401, "unauthorized", r.reason(), null);
        }
        AccessTokens.Principal principal = ((AccessTokens.Check.Valid) check).principal();
        ctx.attribute(PRINCIPAL, principal);
        if (!route.roles().contains(principal.role())) {
            throw new ApiException(403, "forbidden", "role '" + principal.role().id() + "' may not "
                    + route.method().name() + " " + route.path() + "; it needs one of "
                    + route.roles().stream().map(Role::id).sorted().toList(), null);
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    private static void error(Context ctx, int status, String code, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        ctx.status(status).json(body);
    }

    /**
     * Queues a training job as {@code POST /api/train} does, for the engine's own schedules.
     *
     * @return the job's id
     * @throws IllegalStateException when this engine cannot train or too many jobs wait
     */
    public String submitTraining(TrainingRunner.Request request) {
        try {
            return jobs.submit(request);
        } catch (ApiException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The bound port, once started. */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("the API server is not started");
        }
        return app.port();
    }

    @Override
    public void close() {
        feed.close();
        jobs.close();
        forecasts.close();
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
