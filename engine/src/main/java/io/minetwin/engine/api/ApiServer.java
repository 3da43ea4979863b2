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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API: twins, their history, status and metrics, behind bearer tokens with roles.
 *
 * <p>Every route is declared once in {@link #routes()} with the roles it admits and its parameters;
 * the same table drives access checks and the OpenAPI document at {@code /api/openapi.json}, so the
 * documentation cannot drift from what is served. Errors are JSON: {@code {"status", "error",
 * "message", "field"}}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String PRINCIPAL = "minetwin.principal";
    private static final String ERROR_WRITTEN = "minetwin.error-written";

    private final ApiBackend backend;
    private final AccessTokens tokens;
    private final PrometheusMeterRegistry metrics;
    private final ObjectMapper json;
    private final List<Route> routes;
    private final Route stream;
    private final LiveFeed feed;
    private Javalin app;

    /** One endpoint: method, path (Javalin syntax), who may call it, and what it is for. */
    record Route(HandlerType method, String path, Set<Role> roles, String summary, List<Param> params,
                 Handler handler) {
        Route {
            Objects.requireNonNull(method);
            Objects.requireNonNull(path);
            roles = Set.copyOf(roles);
            params = List.copyOf(params);
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
        this.routes = declareRoutes(new TwinsEndpoints(backend), new AssetTypesEndpoints(backend),
                new StatusEndpoints(backend, metrics));
    }

    List<Route> routes() {
        return routes;
    }

    private List<Route> declareRoutes(TwinsEndpoints twins, AssetTypesEndpoints types, StatusEndpoints status) {
        List<Route> r = new ArrayList<>();
        r.add(new Route(HandlerType.GET, "/api/twins", Role.READ_TWINS,
                "List twins, filtered by asset type and site, in id order, a page at a time.",
                List.of(new Param("type", "query", false, "asset type, e.g. haul-truck"),
                        new Param("site", "query", false, "site name as in the twin's attributes"),
                        new Param("limit", "query", false, "page size, 1 to 1000 (default 100)"),
                        new Param("offset", "query", false, "twins to skip (default 0)")),
                twins::list));
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
        r.add(new Route(HandlerType.GET, "/api/asset-types", Role.READ_TWINS,
                "The asset types of the twins.", List.of(), types::list));
        r.add(new Route(HandlerType.GET, "/api/asset-types/{name}", Role.READ_TWINS,
                "One asset type: components and channels with units, normal and physical ranges, limits.",
                List.of(new Param("name", "path", true, "asset type, e.g. electric-shovel")), types::get));
        r.add(stream);
        r.add(new Route(HandlerType.GET, "/api/status", Role.READ,
                "Engine status: twins, ingest counts by outcome, store.", List.of(), status::status));
        r.add(new Route(HandlerType.GET, "/metrics", Role.READ,
                "Prometheus metrics.", List.of(), status::prometheus));
        r.add(new Route(HandlerType.GET, "/api/openapi.json", Role.READ_TWINS,
                "This API described as OpenAPI 3.", List.of(), ctx -> ctx.json(OpenApi.document(routes))));
        return List.copyOf(r);
    }

    /** Starts serving on {@code host:port} (port 0 picks a free one); returns the bound port. */
    public int start(String host, int port) {
        if (app != null) {
            throw new IllegalStateException("the API server is already started");
        }
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.defaultContentType = "application/json";
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.defaultHost = host;
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
        });
        for (Route route : routes) {
            if (route != stream) {
                javalin.addHttpHandler(route.method(), route.path(), secured(route));
            }
        }
        javalin.before(stream.path(), ctx -> authorize(ctx, stream));
        javalin.sse(stream.path(), feed::connect);
        javalin.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.field()));
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
        LOG.info("API listening on http://{}:{}", host, javalin.port());
        return javalin.port();
    }

    private Handler secured(Route route) {
        String name = route.method().name() + " " + route.path();
        return ctx -> {
            long started = System.nanoTime();
            try {
                authorize(ctx, route);
                route.handler().handle(ctx);
            } finally {
                Timer.builder("minetwin.http.requests")
                        .description("API requests by route and status")
                        .tag("route", name)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .register(metrics)
                        .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
        };
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
        var principal = tokens.authenticate(header.substring(7).trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer realm=\"minetwin\", error=\"invalid_token\"");
            return new ApiException(401, "unauthorized",
                    "the token is not valid: it is unknown, mistyped or has been revoked", null);
        });
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
        if (app != null) {
            app.stop();
            app = null;
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
