package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.engine.command.Command;
import io.minetwin.engine.command.CommandException;
import io.minetwin.engine.command.CommandService;
import io.minetwin.model.TwinId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/twins/{id}/commands}, {@code /api/commands/{id}/confirm} and {@code /api/commands}: guarded write-back
 * through the engine's {@link CommandService}. A command verified on the equipment answers 201, one awaiting its
 * second user 202; one refused before anything was written answers 400 (not writable, out of range), 404 or 409
 * (interlock, quality, connection, not confirmed) with the reason; one written but failed or not verified answers 502
 * with the reason and the command. Without a command service (no equipment to write to) every route answers 503.
 */
final class CommandsEndpoints {

    private final ApiBackend backend;
    private volatile CommandService service;

    CommandsEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    void use(CommandService s) {
        this.service = s;
    }

    private CommandService service() {
        CommandService s = service;
        if (s == null) {
            throw new ApiException(503, "unavailable", "this engine writes no commands: it has no OPC UA endpoint"
                    + " to write through", null);
        }
        return s;
    }

    private static CommandService.Actor actor(Context ctx) {
        AccessTokens.Principal who = ctx.attribute(ApiServer.PRINCIPAL);
        return new CommandService.Actor(who.name(), who.role().id(), ctx.ip());
    }

    void request(Context ctx) {
        CommandService s = service();
        TwinId twin;
        try {
            twin = TwinId.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", e.getMessage());
        }
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of("channel", "value"));
        String channel = Requests.text(body, "channel", true, 200);
        JsonNode v = body.get("value");
        if (v == null || v.isNull()) {
            throw ApiException.badRequest("value", "'value' is required: the set point to write, a number");
        }
        if (!v.isNumber()) {
            throw ApiException.badRequest("value", "'value' must be a number, not " + v.getNodeType().name()
                    .toLowerCase(java.util.Locale.ROOT));
        }
        answer(ctx, () -> s.request(actor(ctx), twin, channel, v.asDouble()));
    }

    void confirm(Context ctx) {
        CommandService s = service();
        String id = ctx.pathParam("id");
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of());
        answer(ctx, () -> s.confirm(actor(ctx), id));
    }

    void list(Context ctx) {
        CommandService s = service();
        Optional<TwinId> twin = AlertsEndpoints.twinParamOf(ctx);
        boolean pending = Requests.bool(ctx, "pending");
        int limit = Requests.limit(ctx);
        int offset = Requests.offset(ctx);
        List<Command> all = s.list(c -> (twin.isEmpty() || c.series().twin().equals(twin.get()))
                && (!pending || c.state() == Command.State.AWAITING_CONFIRMATION));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", all.size());
        m.put("items", all.stream().skip(offset).limit(limit).map(Command::json).toList());
        ctx.json(m);
    }

    private static void answer(Context ctx, java.util.function.Supplier<Command> action) {
        Command c;
        try {
            c = action.get();
        } catch (CommandException e) {
            int status = switch (e.kind()) {
                case NOT_FOUND -> 404;
                case INVALID -> 400;
                case CONFLICT -> 409;
            };
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", status);
            body.put("error", switch (e.kind()) {
                case NOT_FOUND -> "not_found";
                case INVALID -> "bad_request";
                case CONFLICT -> "refused";
            });
            body.put("message", e.getMessage());
            if (e.field() != null) {
                body.put("field", e.field());
            }
            if (e.command() != null) {
                body.put("command", e.command().json());
            }
            ctx.status(status).json(body);
            return;
        }
        switch (c.state()) {
            case VERIFIED -> ctx.status(201).json(c.json());
            case AWAITING_CONFIRMATION -> ctx.status(202).json(c.json());
            default -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", 502);
                body.put("error", c.state() == Command.State.NOT_VERIFIED ? "not_verified" : "write_failed");
                body.put("message", c.reason());
                body.put("command", c.json());
                ctx.status(502).json(body);
            }
        }
    }
}
