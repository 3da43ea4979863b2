package io.minetwin.testkit.ditto;

import io.javalin.Javalin;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.websocket.WsContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.exceptions.TooManyRequestsException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.base.model.signals.commands.exceptions.GatewayAuthenticationFailedException;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonMergePatch;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.ThingCommand;
import org.eclipse.ditto.things.model.signals.commands.ThingErrorResponse;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingConflictException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotModifiableException;
import org.eclipse.ditto.things.model.signals.commands.modify.CreateThing;
import org.eclipse.ditto.things.model.signals.commands.modify.CreateThingResponse;
import org.eclipse.ditto.things.model.signals.commands.modify.DeleteThing;
import org.eclipse.ditto.things.model.signals.commands.modify.DeleteThingResponse;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThingResponse;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyThing;
import org.eclipse.ditto.things.model.signals.commands.modify.ModifyThingResponse;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThing;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThingResponse;
import org.eclipse.ditto.things.model.signals.events.ThingCreated;
import org.eclipse.ditto.things.model.signals.events.ThingDeleted;
import org.eclipse.ditto.things.model.signals.events.ThingMerged;
import org.eclipse.ditto.things.model.signals.events.ThingModified;

/**
 * A Ditto-protocol WebSocket endpoint for tests and benchmarks: the {@code /ws/2} handshake with basic
 * auth, {@code START-SEND-EVENTS}/{@code STOP-SEND-EVENTS} with their {@code :ACK}, and the twin commands
 * create, modify, merge, retrieve and delete on an in-memory thing store, with twin events to the sessions
 * that asked for them. Commands are read and responses, errors and events written with Ditto's own
 * {@link DittoProtocolAdapter}, so the JSON on the wire is Ditto's.
 *
 * <p>Faults for tests: {@link #failThing} answers every command on one thing with an HTTP status (401,
 * 403, 404, 409, 429 as Ditto would word them), {@link #dropConnections} closes every session as a
 * restarting gateway would, and {@link #stop}/{@link #start} take the endpoint away and bring it back on
 * the same port.
 *
 * <p>{@link #main} serves it on a port until killed, so that {@code minetwin bench ditto} can be measured
 * against it from the testkit jar: {@code java -cp CLASSPATH io.minetwin.testkit.ditto.DittoTestEndpoint
 * PORT USER:PASSWORD}.
 */
public final class DittoTestEndpoint implements AutoCloseable {

    private final String user;
    private final String password;
    private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();
    private final Map<ThingId, JsonObject> things = new ConcurrentHashMap<>();
    private final Map<ThingId, Integer> faults = new ConcurrentHashMap<>();
    private final Set<WsContext> sessions = ConcurrentHashMap.newKeySet();
    private final Set<WsContext> eventSessions = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private volatile Javalin server;
    private volatile int port;

    public DittoTestEndpoint(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /** Starts on 127.0.0.1 at {@code port} (0: any free one, kept for later restarts). */
    public synchronized DittoTestEndpoint start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jetty.defaultHost = "127.0.0.1";
            cfg.jetty.modifyWebSocketServletFactory(f -> {
                f.setMaxTextMessageSize(16 * 1024 * 1024);
                f.setIdleTimeout(Duration.ofMinutes(10));
            });
        });
        app.wsBeforeUpgrade("/ws/2", ctx -> {
            if (!authorized(ctx.header("Authorization"))) {
                increment("handshake-401");
                throw new UnauthorizedResponse();
            }
        });
        app.ws("/ws/2", ws -> {
            ws.onConnect(ctx -> {
                increment("connect");
                sessions.add(ctx);
            });
            ws.onClose(ctx -> {
                sessions.remove(ctx);
                eventSessions.remove(ctx);
            });
            ws.onMessage(ctx -> onMessage(ctx, ctx.message()));
        });
        app.start(port);
        this.port = app.port();
        this.server = app;
        return this;
    }

    public DittoTestEndpoint start() {
        return start(port);
    }

    /** Stops serving; things are kept for {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
            sessions.clear();
            eventSessions.clear();
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    /** The endpoint as the connector takes it, {@code ws://127.0.0.1:PORT}. */
    public String uri() {
        return "ws://127.0.0.1:" + port;
    }

    /** Closes every open session, as a gateway restart would. */
    public void dropConnections() {
        for (WsContext s : List.copyOf(sessions)) {
            s.closeSession(1001, "going away");
        }
    }

    /** Answers every command on {@code thing} with {@code status} until {@link #clearFault}. */
    public void failThing(ThingId thing, int status) {
        faults.put(thing, status);
    }

    public void clearFault(ThingId thing) {
        faults.remove(thing);
    }

    public Optional<JsonObject> thing(ThingId id) {
        return Optional.ofNullable(things.get(id));
    }

    public int thingCount() {
        return things.size();
    }

    /** Removes a thing behind the client's back, as another application deleting it would. */
    public void deleteThing(ThingId id) {
        if (things.remove(id) != null) {
            event(ThingDeleted.of(id, revision.incrementAndGet(), Instant.now(), DittoHeaders.empty(), null));
        }
    }

    /** How many messages of a kind arrived: a command type ({@code things.commands:merge}), {@code connect}, ... */
    public long count(String kind) {
        AtomicLong c = counts.get(kind);
        return c == null ? 0 : c.get();
    }

    public long commands() {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith("things.commands:"))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    public int sessions() {
        return sessions.size();
    }

    public int eventSessions() {
        return eventSessions.size();
    }

    /** Waits until {@code thing} exists and satisfies {@code test}, or fails after {@code timeout}. */
    public JsonObject awaitThing(ThingId thing, Predicate<JsonObject> test, Duration timeout) {
        await(() -> thing(thing).filter(test).isPresent(), timeout, "thing " + thing + " as expected; it is "
                + thing(thing).map(JsonObject::toString).orElse("absent"));
        return things.get(thing);
    }

    /** Waits for {@code condition}, failing with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private boolean authorized(String header) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    private void increment(String kind) {
        counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    private void onMessage(WsContext ctx, String text) {
        if (text.startsWith("START-SEND-") || text.startsWith("STOP-SEND-")) {
            // e.g. START-SEND-EVENTS?correlation-id=...&namespaces=...; answered START-SEND-EVENTS:ACK
            String protocolMessage = text.split("\\?", 2)[0];
            increment(protocolMessage);
            if (protocolMessage.equals("START-SEND-EVENTS")) {
                eventSessions.add(ctx);
            } else if (protocolMessage.equals("STOP-SEND-EVENTS")) {
                eventSessions.remove(ctx);
            }
            ctx.send(protocolMessage + ":ACK");
            return;
        }
        Signal<?> signal;
        try {
            Adaptable a = ProtocolFactory.jsonifiableAdaptableFromJson(JsonFactory.newObject(text));
            signal = adapter.fromAdaptable(a);
        } catch (RuntimeException e) {
            increment("unreadable");
            return;
        }
        if (!(signal instanceof ThingCommand<?> command)) {
            increment("unsupported:" + signal.getType());
            return;
        }
        increment(command.getType());
        ThingId id = command.getEntityId();
        DittoHeaders h = command.getDittoHeaders();
        Integer fault = faults.get(id);
        if (fault != null) {
            send(ctx, ThingErrorResponse.of(id, error(fault, id, h), h));
            return;
        }
        try {
            Signal<?> response = apply(command, id, h);
            if (response != null) {
                send(ctx, response);
            }
        } catch (DittoRuntimeException e) {
            send(ctx, ThingErrorResponse.of(id, e, h));
        } catch (RuntimeException e) {
            increment("failed");
            System.err.println("test Ditto endpoint failed on " + command.getType() + ": " + e);
            e.printStackTrace();
        }
    }

    private Signal<?> apply(ThingCommand<?> command, ThingId id, DittoHeaders h) {
        Instant now = Instant.now();
        if (command instanceof CreateThing c) {
            JsonObject json = c.getThing().toJson().setValue("thingId", id.toString());
            if (things.putIfAbsent(id, json) != null) {
                throw ThingConflictException.newBuilder(id).dittoHeaders(h).build();
            }
            event(ThingCreated.of(ThingsModelFactory.newThing(json), revision.incrementAndGet(), now, h, null));
            return CreateThingResponse.of(ThingsModelFactory.newThing(json), h);
        }
        if (command instanceof ModifyThing m) {
            JsonObject json = m.getThing().toJson().setValue("thingId", id.toString());
            JsonObject before = things.get(id);
            if (before != null && !json.contains("policyId") && before.contains("policyId")) {
                json = json.setValue("policyId", before.getValue("policyId").orElseThrow());
            }
            boolean created = things.put(id, json) == null;
            if (created) {
                event(ThingCreated.of(ThingsModelFactory.newThing(json), revision.incrementAndGet(), now, h, null));
                return ModifyThingResponse.created(ThingsModelFactory.newThing(json), h);
            }
            event(ThingModified.of(ThingsModelFactory.newThing(json), revision.incrementAndGet(), now, h, null));
            return ModifyThingResponse.modified(id, h);
        }
        if (command instanceof MergeThing m) {
            var done = new boolean[1];
            things.computeIfPresent(id, (k, old) -> {
                done[0] = true;
                JsonValue merged = JsonMergePatch.of(m.getPath(), m.getValue()).applyOn(old);
                return merged.asObject();
            });
            if (!done[0]) {
                throw ThingNotAccessibleException.newBuilder(id).dittoHeaders(h).build();
            }
            event(ThingMerged.of(id, m.getPath(), m.getValue(), revision.incrementAndGet(), now, h, null));
            return MergeThingResponse.of(id, m.getPath(), h);
        }
        if (command instanceof RetrieveThing) {
            JsonObject json = things.get(id);
            if (json == null) {
                throw ThingNotAccessibleException.newBuilder(id).dittoHeaders(h).build();
            }
            return RetrieveThingResponse.of(id, json, h);
        }
        if (command instanceof DeleteThing) {
            if (things.remove(id) == null) {
                throw ThingNotAccessibleException.newBuilder(id).dittoHeaders(h).build();
            }
            event(ThingDeleted.of(id, revision.incrementAndGet(), now, h, null));
            return DeleteThingResponse.of(id, h);
        }
        increment("unsupported:" + command.getType());
        return null;
    }

    private static DittoRuntimeException error(int status, ThingId id, DittoHeaders h) {
        return switch (status) {
            case 401 -> GatewayAuthenticationFailedException.newBuilder("The credentials are no longer valid.")
                    .dittoHeaders(h).build();
            case 403 -> ThingNotModifiableException.newBuilder(id).dittoHeaders(h).build();
            case 404 -> ThingNotAccessibleException.newBuilder(id).dittoHeaders(h).build();
            case 409 -> ThingConflictException.newBuilder(id).dittoHeaders(h).build();
            case 429 -> TooManyRequestsException.newBuilder().dittoHeaders(h).build();
            default -> throw new IllegalArgumentException("no fault for status " + status);
        };
    }

    private void send(WsContext ctx, Signal<?> signal) {
        Adaptable a = adapter.toAdaptable(signal);
        ctx.send(ProtocolFactory.wrapAsJsonifiableAdaptable(a).toJsonString());
    }

    private void event(Signal<?> event) {
        if (eventSessions.isEmpty()) {
            return;
        }
        // Events go out with headers of their own: the client matches answers to commands by correlation id.
        event = event.setDittoHeaders(DittoHeaders.newBuilder().randomCorrelationId().build());
        String json = ProtocolFactory.wrapAsJsonifiableAdaptable(adapter.toAdaptable(event)).toJsonString();
        for (WsContext s : eventSessions) {
            try {
                s.send(json);
            } catch (RuntimeException closed) {
                eventSessions.remove(s);
            }
        }
    }

    /**
     * Serves the endpoint until the process is killed: {@code PORT [USER:PASSWORD]} (default
     * {@code ditto:ditto}); prints {@code ready ws://127.0.0.1:PORT} once listening.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String[] credentials = (args.length > 1 ? args[1] : "ditto:ditto").split(":", 2);
        var endpoint = new DittoTestEndpoint(credentials[0], credentials.length > 1 ? credentials[1] : "")
                .start(port);
        System.out.println("ready " + endpoint.uri());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Commands seen so far by type, for reports. */
    public Map<String, Long> counts() {
        var m = new java.util.TreeMap<String, Long>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** Thing ids stored, for assertions. */
    public List<ThingId> thingIds() {
        return new ArrayList<>(things.keySet());
    }
}
