package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/alerts}: the alerts the scorer raised, read from the event log, and acknowledging them.
 * An acknowledgement is itself an alert event ({@link AlertEvent#acknowledged}, with the user and comment),
 * so the alert's history shows who looked at it and what they decided.
 */
final class AlertsEndpoints {

    static final int MAX_COMMENT = 2000;

    private final ApiBackend backend;

    AlertsEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    void list(Context ctx) {
        String state = Optional.ofNullable(ctx.queryParam("state")).orElse("open").trim();
        if (!Set.of("open", "all", "cleared").contains(state)) {
            throw ApiException.badRequest("state", "'state' must be open (default), cleared or all, not '" + state + "'");
        }
        Optional<TwinId> twin = twinParam(ctx);
        String component = ctx.queryParam("component");
        Set<AlertLevel> levels = Requests.levels(ctx, "level");
        Instant from = Instant.ofEpochMilli(Requests.instant(ctx, "from", Instant.EPOCH.toEpochMilli()));
        Instant to = Requests.until(ctx, "to");
        int limit = Requests.limit(ctx);
        int offset = Requests.offset(ctx);
        boolean history = Requests.bool(ctx, "history");
        // The index answers state, twin and raised time; the component is in the id; only a level filter needs
        // each candidate's events, otherwise only the page's alerts are read.
        Optional<Boolean> open = switch (state) {
            case "open" -> Optional.of(true);
            case "cleared" -> Optional.of(false);
            default -> Optional.empty();
        };
        List<String> ids = backend.events().alertIds(open, twin, from, to);
        if (component != null) {
            ids = ids.stream().filter(id -> AlertEvent.parseId(id).map(AlertEvent.Id::component)
                    .filter(component::equals).isPresent()).toList();
        }
        List<Alerts.Alert> page;
        int total;
        if (levels.isEmpty()) {
            total = ids.size();
            page = alerts(ids.subList(Math.min(offset, ids.size()), (int) Math.min((long) offset + limit, ids.size())));
        } else {
            List<Alerts.Alert> matching = alerts(ids).stream().filter(a -> levels.contains(a.level())).toList();
            total = matching.size();
            page = matching.stream().skip(offset).limit(limit).toList();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", total);
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("items", page.stream().map(a -> Alerts.json(a, history)).toList());
        ctx.json(body);
    }

    void get(Context ctx) {
        ctx.json(Alerts.json(find(ctx.pathParam("id")), true));
    }

    void acknowledge(Context ctx) {
        Alerts.Alert alert = find(ctx.pathParam("id"));
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of("comment"));
        String comment = Requests.text(body, "comment", true, MAX_COMMENT);
        if (!alert.open()) {
            throw new ApiException(409, "conflict", "alert " + alert.id() + " was cleared at "
                    + alert.last().time() + "; only open alerts are acknowledged", null);
        }
        AccessTokens.Principal user = ctx.attribute(ApiServer.PRINCIPAL);
        Instant now = backend.clock().instant();
        Instant time = now.isAfter(alert.last().time()) ? now : alert.last().time().plusMillis(1);
        backend.events().append(List.of(AlertEvent.acknowledged(time, alert.twin(), alert.component(), alert.id(),
                alert.level(), user.name(), comment).toEvent()));
        ctx.status(201).json(Alerts.json(find(alert.id()), true));
    }

    private Alerts.Alert find(String id) {
        AlertEvent.Id parsed = AlertEvent.parseId(id).orElseThrow(() -> ApiException.badRequest("id", "alert id '" + id
                + "' is not of the form <twin>.<component>.<raised epoch millis>, e.g."
                + " baiyun:shovel-07.hoist-motor.1767600000000; GET /api/alerts lists them"));
        return alert(id).orElseThrow(() -> ApiException.notFound("no alert " + id + "; GET /api/alerts?state=all lists them"));
    }

    /** The alerts {@code ids} from their events (one indexed read for all), in the order given. */
    private List<Alerts.Alert> alerts(List<String> ids) {
        List<Alerts.Alert> out = new java.util.ArrayList<>(ids.size());
        backend.events().alertEvents(ids).forEach((id, events) -> Alerts.fold(events).stream()
                .filter(a -> a.id().equals(id)).findFirst().ifPresent(out::add));
        return out;
    }

    /** The alert {@code id} from its events (one indexed read), if it has any. */
    private Optional<Alerts.Alert> alert(String id) {
        return Alerts.fold(backend.events().alertEvents(id)).stream().filter(a -> a.id().equals(id)).findFirst();
    }

    private static Optional<TwinId> twinParam(Context ctx) {
        String text = ctx.queryParam("twin");
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TwinId.parse(text.trim()));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("twin", e.getMessage());
        }
    }

    static Optional<TwinId> twinParamOf(Context ctx) {
        return twinParam(ctx);
    }
}
