package io.minetwin.engine.api;

import io.javalin.http.Context;
import io.minetwin.model.AlertEvent;
import io.minetwin.engine.cmms.CmmsExport;
import io.minetwin.engine.cmms.CmmsFormat;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ChannelState;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.ComponentType;
import io.minetwin.model.LimitState;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinChange;
import io.minetwin.model.TwinListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code /api/forecasts} (the fleet's component forecasts ranked by risk) and {@code /api/work-orders}
 * (the flagged ones as work orders with their evidence, CSV or JSON for a CMMS import).
 */
final class ForecastsEndpoints {

    /** Work-order CSV columns, in order. */
    static final List<String> WORK_ORDER_COLUMNS = List.of("externalId", "assetId", "assetSerial", "assetType", "site",
            "component", "priority", "alertLevel", "title", "requiredBy", "horizon", "failureProbability", "health",
            "rulHours", "rulLowerHours", "rulUpperHours", "expectedCost", "currency", "evidence", "alertId",
            "modelVersion", "forecastTime", "basis");

    /** Cached answers kept at most; past this the cache starts over (queries are few: the dashboard's and a CMMS's). */
    static final int MAX_CACHED = 256;

    private final ApiBackend backend;
    /**
     * Rendered {@code /api/forecasts} answers by query string, valid while {@link #version} is unchanged.
     * Forecasts change only with a twin's health, registration or removal (not with its channel values), so
     * the listener bumps the version on those changes alone and a planner's screens polling the ranking
     * between forecasts are answered from here.
     */
    private final Map<String, Rendered> cache = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final TwinListener listener = change -> {
        if (!(change instanceof TwinChange.Updated)) {
            version.incrementAndGet();
        }
    };

    private record Rendered(long version, byte[] json) {
    }

    ForecastsEndpoints(ApiBackend backend) {
        this.backend = backend;
        backend.twins().addListener(listener);
    }

    void close() {
        backend.twins().removeListener(listener);
    }

    /** The chosen horizon and ranking of a request. */
    private record Ranking(String horizon, Forecasts.By by, List<String> horizons) {
    }

    private Ranking ranking(Context ctx, List<Twin> twins) {
        List<String> horizons = Forecasts.horizons(twins);
        String horizon = ctx.queryParam("horizon");
        if (horizon != null && !horizon.isBlank()) {
            horizon = horizon.trim();
            if (!horizons.isEmpty() && !horizons.contains(horizon)) {
                throw ApiException.badRequest("horizon", "no forecast has horizon '" + horizon + "'; the horizons"
                        + " are " + horizons);
            }
            if (horizons.isEmpty() && !Forecasts.isHorizon(horizon)) {
                throw ApiException.badRequest("horizon", "'horizon' must be a horizon such as 72h or 7d (a whole"
                        + " number and s, m, h, d or w), not '" + horizon + "'; no forecasts exist yet, so there are no"
                        + " horizons to choose from; leave it out for the longest");
            }
        } else {
            horizon = horizons.isEmpty() ? null : horizons.get(horizons.size() - 1);
        }
        String rank = ctx.queryParam("rank");
        Forecasts.By by;
        if (rank == null || rank.isBlank()) {
            by = backend.costs().isEmpty() ? Forecasts.By.PROBABILITY : Forecasts.By.EXPECTED_COST;
        } else if (rank.trim().equals("probability")) {
            by = Forecasts.By.PROBABILITY;
        } else if (rank.trim().equals("cost")) {
            by = Forecasts.By.EXPECTED_COST;
        } else {
            throw ApiException.badRequest("rank", "'rank' must be cost or probability, not '" + rank + "'");
        }
        return new Ranking(horizon, by, horizons);
    }

    private Predicate<Forecasts.Ranked> filter(Context ctx, Set<AlertLevel> levels) {
        String type = ctx.queryParam("type");
        String site = ctx.queryParam("site");
        Optional<io.minetwin.model.TwinId> twin = AlertsEndpoints.twinParamOf(ctx);
        return r -> (type == null || r.twin().type().name().equals(type))
                && (site == null || r.twin().attributes().site().equals(site))
                && (twin.isEmpty() || r.twin().id().equals(twin.get()))
                && (levels.isEmpty() || levels.contains(r.health().alert()));
    }

    void list(Context ctx) throws IOException {
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        long current = version.get();
        Rendered cached = cache.get(query);
        if (cached != null && cached.version() == current) {
            ctx.contentType("application/json").result(cached.json());
            return;
        }
        List<Twin> twins = backend.twins().twins();
        Ranking ranking = ranking(ctx, twins);
        Set<AlertLevel> levels = Requests.levels(ctx, "alert");
        int limit = Requests.limit(ctx);
        int offset = Requests.offset(ctx);
        List<Forecasts.Ranked> ranked = Forecasts.rank(twins, ranking.horizon(), backend.costs(), ranking.by(),
                filter(ctx, levels));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = offset; i < ranked.size() && i < (long) offset + limit; i++) {
            items.add(Forecasts.json(ranked.get(i), i + 1, ranking.horizon(), backend.costs()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("horizon", ranking.horizon());
        body.put("horizons", ranking.horizons());
        body.put("rankedBy", ranking.by() == Forecasts.By.EXPECTED_COST ? "expectedCost" : "probability");
        body.put("currency", backend.costs().currency());
        body.put("total", ranked.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("items", items);
        byte[] json = backend.json().writeValueAsBytes(body);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(query, new Rendered(current, json));
        ctx.contentType("application/json").result(json);
    }

    void workOrders(Context ctx) {
        List<Twin> twins = backend.twins().twins();
        Ranking ranking = ranking(ctx, twins);
        AlertLevel min;
        try {
            min = AlertLevel.parse(Optional.ofNullable(ctx.queryParam("minLevel")).orElse("warning"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("minLevel", e.getMessage());
        }
        String format = ctx.queryParam("format");
        if (format == null) {
            String accept = ctx.header("Accept");
            format = accept != null && accept.contains("text/csv") ? "csv" : "json";
        }
        CmmsMapping cmms = null;
        if (format.equals("sap-pm") || format.equals("maximo")) {
            cmms = backend.cmms().get(CmmsFormat.parse(format));
            if (cmms == null) {
                throw ApiException.badRequest("format", "work orders in " + format + " shape need a " + format
                        + " mapping file; name it in the engine configuration, e.g. 'cmms: {mappings:"
                        + " [cmms/" + format + "-demo.yaml]}' (configured: "
                        + (backend.cmms().isEmpty() ? "none" : backend.cmms().keySet().stream().map(CmmsFormat::id)
                        .sorted().toList()) + ")");
            }
        } else if (!format.equals("csv") && !format.equals("json")) {
            throw ApiException.badRequest("format", "'format' must be csv, json, sap-pm or maximo, not '" + format
                    + "'");
        }
        AlertLevel floor = min;
        List<Forecasts.Ranked> flagged = Forecasts.rank(twins, ranking.horizon(), backend.costs(), ranking.by(),
                filter(ctx, Set.of()).and(r -> r.health().alert().atLeast(floor)));
        Map<String, String> openAlerts = new LinkedHashMap<>();
        for (String id : backend.events().alertIds(Optional.of(true), Optional.empty(), Instant.MIN, Instant.MAX)) {
            AlertEvent.parseId(id).ifPresent(a -> openAlerts.putIfAbsent(a.twin() + "." + a.component(), id));
        }
        List<Map<String, Object>> orders = new ArrayList<>();
        for (Forecasts.Ranked r : flagged) {
            orders.add(workOrder(r, ranking, openAlerts.get(r.twin().id() + "." + r.component())));
        }
        String stamp = backend.clock().instant().toString().replace(":", "").replaceAll("\\..*", "");
        if (cmms != null) {
            List<CmmsExport.Request> requests = new ArrayList<>();
            for (int i = 0; i < flagged.size(); i++) {
                requests.add(request(flagged.get(i), orders.get(i)));
            }
            CmmsExport.Result written = new CmmsExport(cmms).write(requests);
            if (!written.unmapped().isEmpty()) {
                // left out, not guessed: the header tells the planner which components need a mapping entry
                ctx.header("X-Unmapped-Components", String.join(" ", written.unmapped()));
            }
            ctx.header("Content-Disposition", "attachment; filename=\"minetwin-work-orders-" + format + "-" + stamp
                    + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(written.csv());
        } else if (format.equals("csv")) {
            StringBuilder out = new StringBuilder(String.join(",", WORK_ORDER_COLUMNS)).append("\r\n");
            for (Map<String, Object> o : orders) {
                List<String> cells = new ArrayList<>();
                for (String c : WORK_ORDER_COLUMNS) {
                    Object v = o.get(c);
                    cells.add(csv(v instanceof List<?> l ? String.join("; ", l.stream().map(String::valueOf).toList())
                            : v == null ? "" : String.valueOf(v)));
                }
                out.append(String.join(",", cells)).append("\r\n");
            }
            ctx.header("Content-Disposition", "attachment; filename=\"minetwin-work-orders-" + stamp + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(out.toString());
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("generated", backend.clock().instant().toString());
            body.put("minLevel", min.id());
            body.put("horizon", ranking.horizon());
            body.put("count", orders.size());
            body.put("workOrders", orders);
            ctx.header("Content-Disposition", "attachment; filename=\"minetwin-work-orders-" + stamp + ".json\"");
            ctx.json(body);
        }
    }

    /** A work order as a request in a CMMS's shape. */
    @SuppressWarnings("unchecked")
    private static CmmsExport.Request request(Forecasts.Ranked r, Map<String, Object> order) {
        return new CmmsExport.Request(String.valueOf(order.get("externalId")), r.twin().id(), r.component(),
                (Integer) order.get("priority"), String.valueOf(order.get("title")), r.health().time(),
                Instant.parse(String.valueOf(order.get("requiredBy"))), null, (List<String>) order.get("evidence"));
    }

    private Map<String, Object> workOrder(Forecasts.Ranked r, Ranking ranking, String alertId) {
        Twin t = r.twin();
        ComponentHealth h = r.health();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("externalId", alertId != null ? alertId
                : t.id() + "." + r.component() + "." + h.time().toEpochMilli());
        o.put("assetId", t.id().toString());
        o.put("assetSerial", t.attributes().serial());
        o.put("assetType", t.type().name());
        o.put("site", t.attributes().site());
        o.put("component", r.component());
        o.put("priority", switch (h.alert()) {
            case CRITICAL -> 1;
            case WARNING -> 2;
            case WATCH -> 3;
            case OK -> 4;
        });
        o.put("alertLevel", h.alert().id());
        String p = r.probability() == null ? "" : String.format(Locale.ROOT, ": %.0f%% failure probability within %s",
                r.probability() * 100, ranking.horizon());
        o.put("title", (h.alert() == AlertLevel.CRITICAL ? "Repair or replace " : "Inspect ") + r.component()
                + " on " + t.id().name() + p);
        o.put("requiredBy", requiredBy(h, ranking.horizons()).toString());
        o.put("horizon", ranking.horizon());
        o.put("failureProbability", r.probability());
        o.put("health", h.score());
        o.put("rulHours", h.rul().map(ComponentHealth.Rul::hours).orElse(null));
        o.put("rulLowerHours", h.rul().map(ComponentHealth.Rul::lowerHours).orElse(null));
        o.put("rulUpperHours", h.rul().map(ComponentHealth.Rul::upperHours).orElse(null));
        o.put("expectedCost", r.expectedCost() == null ? null : Math.round(r.expectedCost() * 100) / 100.0);
        o.put("currency", r.expectedCost() == null ? null : backend.costs().currency());
        o.put("evidence", evidence(t, r.component(), h));
        o.put("alertId", alertId);
        o.put("modelVersion", h.modelVersion());
        o.put("forecastTime", h.time().toString());
        o.put("basis", h.basis().id());
        return o;
    }

    /**
     * When the work must be done by: the forecast time plus the lower bound of the remaining life, else the
     * shortest horizon for critical components and the longest for the others.
     */
    static Instant requiredBy(ComponentHealth h, List<String> horizons) {
        if (h.rul().isPresent()) {
            return h.time().plus(Duration.ofMinutes(Math.round(h.rul().get().lowerHours() * 60)));
        }
        if (horizons.isEmpty()) {
            return h.time();
        }
        String horizon = h.alert() == AlertLevel.CRITICAL ? horizons.get(0) : horizons.get(horizons.size() - 1);
        return h.time().plus(Forecasts.horizonLength(horizon));
    }

    /** The signals behind the forecast, then the component's channels beyond their limits now. */
    static List<String> evidence(Twin t, String component, ComponentHealth h) {
        List<String> out = new ArrayList<>();
        for (ComponentHealth.Signal s : h.topSignals()) {
            out.add(String.format(Locale.ROOT, "%s (weight %.2f)", s.label(), s.weight()));
        }
        Optional<ComponentType> type = t.type().component(component);
        if (type.isPresent()) {
            for (ChannelSpec spec : type.get().channels()) {
                LimitState state = t.limitState(component, spec.name());
                if (state.isAlarm() || state.isWarning()) {
                    Optional<ChannelState> cs = t.channel(component, spec.name());
                    String value = cs.map(c -> String.valueOf(LiveFeed.jsonValue(c.latest().value()))).orElse("?");
                    out.add(component + " " + spec.name() + " " + value + (spec.unit() == null || spec.unit().isEmpty() ? "" : " " + spec.unit())
                            + " " + state.id().replace('-', ' ') + cs.map(c -> " at " + c.latest().sourceTime()).orElse(""));
                }
            }
        }
        return out;
    }

    private static String csv(String s) {
        if (s.startsWith("=") || s.startsWith("+") || s.startsWith("-") || s.startsWith("@")) {
            if (!s.matches("-?\\d+(\\.\\d+)?(E-?\\d+)?")) {
                s = "'" + s; // keep spreadsheets from running a cell as a formula
            }
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
