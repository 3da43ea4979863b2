package io.minetwin.engine.api;

import io.javalin.http.Context;
import io.minetwin.engine.history.HistoryFormat;
import io.minetwin.engine.history.RawPages;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ChannelState;
import io.minetwin.model.DittoThing;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code /api/twins}: the live twins and their history. */
final class TwinsEndpoints {

    /** A raw answer larger than this is refused with a hint to narrow the range or use rollups. */
    static final int MAX_RAW_POINTS = 1_000_000;
    /** Raw samples read from the store at a time while a raw answer streams. */
    static final int RAW_PAGE_POINTS = 50_000;
    /** A rollup answer with more buckets than this is refused the same way. */
    static final int MAX_ROLLUP_POINTS = 1_000_000;

    private final ApiBackend backend;
    /**
     * The last rendering of each twin. Twins are immutable and the repository hands out the same instance
     * until the twin changes, so an entry is current exactly while its twin is the one the repository
     * returns (compared by identity): dashboards and SCADA polling a twin many times a second between its
     * updates get the bytes without rendering them again.
     */
    private final Map<TwinId, Rendered> rendered = new ConcurrentHashMap<>();

    private record Rendered(Twin twin, byte[] json) {
    }

    TwinsEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    void list(Context ctx) {
        String type = ctx.queryParam("type");
        String site = ctx.queryParam("site");
        Set<AlertLevel> levels = Requests.levels(ctx, "alert");
        int limit = Requests.limit(ctx);
        int offset = Requests.offset(ctx);
        if (Requests.bool(ctx, "tree")) {
            // Machines with their children nested; the filters choose machines, an alert level by the worst
            // of the machine and everything installed in it.
            List<Map<String, Object>> machines = FleetTree.machines(backend.twins().twins()).stream()
                    .filter(m -> type == null || m.get("type").equals(type))
                    .filter(m -> site == null || m.get("site").equals(site))
                    .filter(m -> levels.isEmpty() || m.get("worstAlertLevel") != null
                            && levels.contains(AlertLevel.parse(m.get("worstAlertLevel").toString())))
                    .toList();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("total", machines.size());
            body.put("offset", offset);
            body.put("limit", limit);
            body.put("items", machines.stream().skip(offset).limit(limit).toList());
            ctx.json(body);
            return;
        }
        List<Twin> matching = backend.twins().twins().stream()
                .filter(t -> type == null || t.type().name().equals(type))
                .filter(t -> site == null || t.attributes().site().equals(site))
                .filter(t -> levels.isEmpty() || levels.contains(Forecasts.alert(t)))
                .toList();
        List<Map<String, Object>> items = matching.stream().skip(offset).limit(limit).map(TwinsEndpoints::summary).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("items", items);
        ctx.json(body);
    }

    /** {@code GET /api/fleet/tree}: sites, their areas, and the machines there with their children nested. */
    void tree(Context ctx) {
        ctx.json(FleetTree.bySiteAndArea(backend.twins().twins()));
    }

    void get(Context ctx) throws IOException {
        Twin twin = twin(ctx);
        Rendered cached = rendered.get(twin.id());
        if (cached == null || cached.twin() != twin) {
            cached = new Rendered(twin, backend.json().writeValueAsBytes(DittoThing.toMap(twin)));
            rendered.put(twin.id(), cached);
        }
        ctx.contentType("application/json").result(cached.json());
    }

    void history(Context ctx) throws IOException {
        Twin twin = twin(ctx);
        String channel = ctx.queryParam("channel");
        if (channel == null || channel.isBlank()) {
            throw ApiException.badRequest("channel", "query parameter 'channel' is required: component.channel,"
                    + " e.g. channel=" + exampleChannel(twin));
        }
        SeriesKey key;
        try {
            key = SeriesKey.of(twin.id(), channel);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("channel", e.getMessage());
        }
        if (twin.type().channel(key.component(), key.channel()).isEmpty()
                && !backend.history().series().contains(key)) {
            throw ApiException.notFound("twin " + twin.id() + " has no channel " + channel + " (asset type '"
                    + twin.type().name() + "'); e.g. channel=" + exampleChannel(twin));
        }
        long from = Requests.instant(ctx, "from", Long.MIN_VALUE);
        long to = Requests.instant(ctx, "to", Long.MAX_VALUE);
        if (from >= to) {
            throw ApiException.badRequest("from", "'from' must be before 'to'; the range is empty");
        }
        Resolution step;
        try {
            step = Resolution.parse(ctx.queryParamAsClass("step", String.class).getOrDefault("raw"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("step", e.getMessage());
        }
        RollupData hours = checkSize(key, step, from, to);
        boolean csv = ctx.header("Accept") != null && ctx.header("Accept").contains("text/csv");
        if (step == Resolution.RAW) {
            // Streamed page by page: a long raw range is never held whole, in the store's answer or as text.
            var pages = new RawPages(backend.history(), key, from, to, hours, RAW_PAGE_POINTS);
            ctx.contentType(csv ? "text/csv; charset=utf-8" : "application/json");
            Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            if (csv) {
                HistoryFormat.csvRaw(pages, out);
            } else {
                HistoryFormat.json(key, step, pages, null, out, false);
            }
            out.flush();
            return;
        }
        RollupData rollup = backend.history().readRollup(key, step, from, to);
        StringWriter out = new StringWriter();
        if (csv) {
            HistoryFormat.csvRollup(rollup, out);
            ctx.contentType("text/csv; charset=utf-8").result(out.toString());
        } else {
            HistoryFormat.json(key, step, (SeriesData) null, rollup, out, false);
            ctx.contentType("application/json").result(out.toString());
        }
    }

    /**
     * Refuses, before anything is loaded, a read that would return more points than one request may: the
     * hour rollups (a year is 8,760 buckets) count the samples, and the error names a page that fits.
     */
    private RollupData checkSize(SeriesKey key, Resolution step, long from, long to) {
        RollupData hours = backend.history().readRollup(key, Resolution.HOUR, from, to);
        java.util.Optional<String> refusal = tooLarge(hours, step, from,
                step == Resolution.RAW ? MAX_RAW_POINTS : MAX_ROLLUP_POINTS);
        if (refusal.isPresent()) {
            throw ApiException.badRequest("to", refusal.get());
        }
        return hours;
    }

    /**
     * Why a read of the range that {@code hours} (its hour rollups) covers is too large for one request at
     * {@code step}, with a page that fits; empty when it fits.
     */
    static java.util.Optional<String> tooLarge(RollupData hours, Resolution step, long from, long limit) {
        long total = 0;
        long fitsUntil = Long.MIN_VALUE;
        for (int i = 0; i < hours.size(); i++) {
            long n = switch (step) {
                case RAW -> hours.count()[i];
                case MINUTE -> Math.min(60, hours.count()[i]);
                case HOUR -> 1;
            };
            if (total + n > limit && fitsUntil == Long.MIN_VALUE) {
                fitsUntil = hours.starts()[i];
            }
            total += n;
        }
        if (total <= limit) {
            return java.util.Optional.empty();
        }
        long start = Math.max(from, hours.starts()[0]);
        if (fitsUntil <= start) {
            fitsUntil = start + 60_000L; // one hour holds more than a page: a minute at a time
        }
        String stepParam = step == Resolution.RAW ? "" : "&step=" + (step == Resolution.MINUTE ? "1m" : "1h");
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "about %,d %s lie between from and to,"
                        + " more than the %,d one request returns; page through the range, e.g. from=%s&to=%s%s, then"
                        + " from=%s onwards%s", total,
                step == Resolution.RAW ? "raw points" : step == Resolution.MINUTE ? "minute buckets" : "hour buckets",
                limit, java.time.Instant.ofEpochMilli(start), java.time.Instant.ofEpochMilli(fitsUntil), stepParam,
                java.time.Instant.ofEpochMilli(fitsUntil),
                step == Resolution.HOUR ? "" : step == Resolution.RAW ? ", or ask for step=1m or step=1h"
                        : ", or ask for step=1h"));
    }

    private Twin twin(Context ctx) {
        String text = ctx.pathParam("id");
        TwinId id;
        try {
            id = TwinId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", e.getMessage());
        }
        return backend.twins().twin(id).orElseThrow(() -> ApiException.notFound("no twin " + id
                + "; GET /api/twins lists the twins"));
    }

    static Map<String, Object> summary(Twin t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thingId", t.id().toString());
        m.put("type", t.type().name());
        m.put("model", t.attributes().model());
        m.put("site", t.attributes().site());
        if (!t.attributes().area().isEmpty()) {
            m.put("area", t.attributes().area());
        }
        m.put("serial", t.attributes().serial());
        t.attributes().parent().ifPresent(p -> {
            m.put("parent", p.twin().toString());
            if (!p.position().isEmpty()) {
                m.put("position", p.position());
            }
        });
        Instant last = null;
        int channels = 0;
        for (Map<String, ChannelState> states : t.channels().values()) {
            for (ChannelState s : states.values()) {
                channels++;
                Instant at = s.latest().sourceTime();
                if (last == null || at.isAfter(last)) {
                    last = at;
                }
            }
        }
        m.put("channelsWithData", channels);
        m.put("lastSourceTime", last == null ? null : last.toString());
        m.put("alertLevel", t.health().isEmpty() ? null : Forecasts.alert(t).id());
        Map<String, Object> health = new LinkedHashMap<>();
        t.health().forEach((component, h) -> health.put(component, DittoThing.health(h)));
        m.put("health", health);
        return m;
    }

    private static String exampleChannel(Twin twin) {
        return twin.type().components().stream()
                .flatMap(c -> c.channels().stream().map(ch -> c.name() + "." + ch.name()))
                .findFirst().orElse("component.channel");
    }
}
