package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/maintenance}: maintenance records, which become the labels models are trained on.
 *
 * <p>A record is stored exactly as {@code minetwin import maintenance} stores a CSV row (see
 * {@link MaintenanceRecords}): a {@code failure-repair} is a FAILURE event, the other actions MAINTENANCE
 * events, with {@code action} and, when given, {@code mode} and {@code notes}. Who recorded it goes into a
 * separate AUDIT event, so the record itself has the same shape whichever way it arrived.
 */
final class MaintenanceEndpoints {

    static final int MAX_NOTES = 4000;
    /** A record may lie this far ahead of the engine's clock (clocks differ); planned work is not a record. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final ApiBackend backend;

    MaintenanceEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    void list(Context ctx) {
        Optional<TwinId> twin = AlertsEndpoints.twinParamOf(ctx);
        String component = ctx.queryParam("component");
        Instant from = Instant.ofEpochMilli(Requests.instant(ctx, "from", Instant.EPOCH.toEpochMilli()));
        Instant to = Requests.until(ctx, "to");
        int limit = Requests.limit(ctx);
        int offset = Requests.offset(ctx);
        List<Event> records = new ArrayList<>(backend.events()
                .query(java.util.EnumSet.of(EventKind.MAINTENANCE, EventKind.FAILURE), twin, from, to).stream()
                .filter(e -> component == null || component.equals(e.component()))
                .toList());
        records.sort(Comparator.comparing(Event::time).reversed());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", records.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("items", records.stream().skip(offset).limit(limit).map(MaintenanceEndpoints::json).toList());
        ctx.json(body);
    }

    void create(Context ctx) {
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of("time", "twin", "component", "action", "mode", "notes"));
        Instant now = backend.clock().instant();
        String timeText = Requests.text(body, "time", false, 64);
        Instant time = timeText == null || timeText.isEmpty() ? now : Requests.instant("time", timeText);
        if (time.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw ApiException.badRequest("time", "'time' " + time + " is in the future; record work that was done,"
                    + " at the time it was done");
        }
        String twinText = Requests.text(body, "twin", true, 256);
        TwinId twinId;
        try {
            twinId = TwinId.parse(twinText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("twin", e.getMessage());
        }
        Twin twin = backend.twins().twin(twinId).orElseThrow(() -> ApiException.badRequest("twin", "no twin "
                + twinId + "; GET /api/twins lists the twins"));
        String component = Requests.text(body, "component", true, 64);
        if (twin.type().component(component).isEmpty()) {
            throw ApiException.badRequest("component", "twin " + twinId + " (asset type '" + twin.type().name()
                    + "') has no component '" + component + "'; its components are " + twin.type().componentNames());
        }
        String action = Requests.text(body, "action", true, 64).toLowerCase(Locale.ROOT);
        if (!MaintenanceRecords.ACTIONS.contains(action)) {
            throw ApiException.badRequest("action", "'action' " + action + " is not one of "
                    + MaintenanceRecords.ACTIONS.stream().sorted().toList());
        }
        String mode = Requests.text(body, "mode", false, 128);
        String notes = Requests.text(body, "notes", false, MAX_NOTES);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        if (mode != null && !mode.isEmpty()) {
            details.put("mode", mode);
        }
        if (notes != null && !notes.isEmpty()) {
            details.put("notes", notes);
        }
        EventKind kind = action.equals("failure-repair") ? EventKind.FAILURE : EventKind.MAINTENANCE;
        Event record = new Event(time, twinId, component, kind, details);
        AccessTokens.Principal user = ctx.attribute(ApiServer.PRINCIPAL);
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("action", "maintenance-recorded");
        audit.put("user", user.name());
        audit.put("record", kind.name().toLowerCase(Locale.ROOT) + " " + action + " at " + time);
        backend.events().append(List.of(record, new Event(now, twinId, component, EventKind.AUDIT, audit)));
        ctx.status(201).json(json(record));
    }

    static Map<String, Object> json(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", e.time().toString());
        m.put("twin", e.twin().toString());
        m.put("component", e.component());
        m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
        m.put("action", e.details().get("action"));
        m.put("mode", e.details().get("mode"));
        m.put("notes", e.details().get("notes"));
        return m;
    }
}
