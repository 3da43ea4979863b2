package io.minetwin.engine.api;

import io.javalin.http.Context;
import io.minetwin.engine.analytics.KpiReport;
import io.minetwin.engine.analytics.Kpis;
import io.minetwin.model.Point;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/kpi}: the fleet's KPIs ({@link KpiReport}) for a period, grouped by asset, type, site,
 * supplier, week or for the whole (filtered) fleet. A request reads at most {@link #MAX_POINTS} samples; a
 * longer period is refused with 400 naming {@code from} and the fix.
 */
final class KpiEndpoints {

    /** The most samples one request reads (the hour rollups count them first). */
    static final long MAX_POINTS = 5_000_000;
    /** The period when {@code from} is not given: the 30 days before {@code to}. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private final ApiBackend backend;

    KpiEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    void kpi(Context ctx) {
        KpiReport.Group group;
        String g = ctx.queryParam("group");
        try {
            group = g == null || g.isBlank() ? KpiReport.Group.FLEET : KpiReport.Group.parse(g.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("group", "'group': " + e.getMessage());
        }
        String fromText = ctx.queryParam("from");
        String toText = ctx.queryParam("to");
        boolean hasFrom = fromText != null && !fromText.isBlank();
        boolean hasTo = toText != null && !toText.isBlank();
        Instant to = hasTo ? Requests.instant("to", toText) : backend.clock().instant();
        Instant from = hasFrom ? Requests.instant("from", fromText) : earlier(to, DEFAULT_PERIOD);
        if (!from.isBefore(to)) {
            String field = hasFrom ? "from" : "to";
            throw ApiException.badRequest(field, "'" + field + "': the period from " + from + " to " + to
                    + " is empty; give a 'from' before 'to'" + (hasTo ? "" : " (default: now)"));
        }
        TwinId twin = null;
        String twinText = ctx.queryParam("twin");
        if (twinText != null && !twinText.isBlank()) {
            try {
                twin = TwinId.parse(twinText.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("twin", "'twin': " + e.getMessage());
            }
            if (backend.twins().twin(twin).isEmpty()) {
                throw new ApiException(404, "not_found", "no twin " + twin + "; GET /api/twins lists the twins", "twin");
            }
        }
        String type = blankToNull(ctx.queryParam("type"));
        String site = blankToNull(ctx.queryParam("site"));
        List<TwinDefinition> twins = new ArrayList<>();
        for (Twin t : backend.twins().twins()) {
            if ((twin == null || t.id().equals(twin)) && (type == null || t.type().name().equals(type))
                    && (site == null || site.equals(t.attributes().site()))) {
                twins.add(t.definition());
            }
        }
        KpiReport report;
        try {
            report = KpiReport.load(twins, backend.history(), backend.events(), KpiReport.costs(backend.costs()), from, to,
                    MAX_POINTS);
        } catch (KpiReport.TooLarge e) {
            throw ApiException.badRequest("from", "'from': " + e.getMessage() + ", e.g. from="
                    + earlier(to, Duration.ofDays(7)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from.toString());
        m.put("to", to.toString());
        m.put("group", group.id());
        m.put("currency", backend.costs().currency());
        m.put("fleet", KpiReport.figures(report.isEmpty() ? Kpis.Totals.ZERO
                : report.grouped(KpiReport.Group.FLEET).getOrDefault("fleet", Kpis.Totals.ZERO)));
        List<Map<String, Object>> items = new ArrayList<>();
        if (!report.isEmpty()) {
            Map<String, TwinDefinition> byId = new LinkedHashMap<>();
            twins.forEach(d -> byId.put(d.id().toString(), d));
            report.grouped(group).forEach((name, k) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("name", name);
                if (group == KpiReport.Group.ASSET) {
                    TwinDefinition d = byId.get(name);
                    item.put("type", d.type().name());
                    item.put("site", d.attributes().site());
                    item.put("model", d.attributes().model());
                }
                item.putAll(KpiReport.figures(k));
                items.add(item);
            });
        }
        m.put("items", items);
        m.put("definitions", KpiReport.definitions());
        ctx.json(m);
    }

    private static Instant earlier(Instant to, Duration d) {
        Instant min = Instant.ofEpochMilli(Point.MIN_TIME);
        return to.minus(d).isBefore(min) ? min : to.minus(d);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
