package io.minetwin.engine.scada;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.connectors.opcua.Pki;
import io.minetwin.connectors.opcua.server.PasswordHash;
import io.minetwin.connectors.opcua.server.ScadaRole;
import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.connectors.opcua.server.ScadaUser;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.ApiBackend;
import io.minetwin.engine.api.ApiServer;
import io.minetwin.engine.api.Role;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.EventFilterBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One acknowledgement on both sides, end to end over the engine's store, REST API and SCADA server: an alert open
 * before the server starts is a condition a SCADA client refreshes; its Acknowledge is the engine's acknowledgement
 * ({@code GET /api/alerts/{id}} shows the OPC UA user, the event log an AUDIT event); an alert acknowledged with
 * {@code POST /api/alerts/{id}/ack} changes the condition's AckedState for the SCADA client; Confirm is recorded.
 */
class ScadaAlarmBridgeIT {

    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    static final String PASSWORD = "control-room-pw";
    static final int TYPE = 0;
    static final int SOURCE = 1;
    static final int EVENT_ID = 2;
    static final int CONDITION = 3;
    static final int ACKED = 4;
    static final int USER = 5;
    static final int ACTIVE = 6;

    @TempDir
    Path dir;

    static AlertEvent raise(String component, Instant at, AlertLevel level) {
        var health = new ComponentHealth(at, 40, Map.of("7d", 0.3), Optional.empty(), level, List.of(), "m@1");
        return AlertEvent.levelChanged(at, SHOVEL, component, at, AlertLevel.OK, level, health);
    }

    static void await(Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            Thread.sleep(10);
        }
    }

    static OpcUaClient connect(String url, IdentityProvider identity, Pki pki) throws Exception {
        URI uri = URI.create(url);
        OpcUaClient client = OpcUaClient.create(url,
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.Basic256Sha256.getUri())
                                && e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
                        .findFirst().map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
                transport -> transport.setConnectTimeout(uint(5_000)),
                b -> b.setApplicationName(LocalizedText.english("scada alarm test client"))
                        .setApplicationUri(Pki.APPLICATION_URI)
                        .setProductUri("urn:minetwin:test")
                        .setIdentityProvider(identity)
                        .setRequestTimeout(uint(20_000))
                        .setKeyPair(pki.keyPair()).setCertificate(pki.certificate())
                        .setCertificateChain(new X509Certificate[] {pki.certificate()})
                        .setCertificateValidator((chain, appUri, hosts) -> { }));
        client.connect();
        return client;
    }

    static OpcUaSubscription subscribe(OpcUaClient c, List<Variant[]> into) throws Exception {
        var sub = new OpcUaSubscription(c, 20.0);
        sub.create();
        var filter = new EventFilterBuilder()
                .select(NodeIds.BaseEventType, new QualifiedName(0, "EventType"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "SourceName"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "EventId"))
                .select(new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(),
                        null))
                .select(NodeIds.AcknowledgeableConditionType, new QualifiedName(0, "AckedState"), new QualifiedName(0, "Id"))
                .select(NodeIds.ConditionType, new QualifiedName(0, "ClientUserId"))
                .select(NodeIds.AlarmConditionType, new QualifiedName(0, "ActiveState"), new QualifiedName(0, "Id"))
                .build();
        var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, filter);
        item.setQueueSize(uint(1000));
        item.setEventValueListener((i, values) -> into.add(values));
        sub.addMonitoredItem(item);
        sub.createMonitoredItems();
        return sub;
    }

    static Variant[] last(List<Variant[]> events, String source) {
        synchronized (events) {
            Variant[] found = null;
            for (Variant[] e : events) {
                if (NodeIds.AlarmConditionType.equals(e[TYPE].getValue()) && source.equals(e[SOURCE].getValue())) {
                    found = e;
                }
            }
            return found;
        }
    }

    static String describe(List<Variant[]> events) {
        synchronized (events) {
            StringBuilder b = new StringBuilder();
            for (Variant[] e : events) {
                for (Variant v : e) {
                    b.append(v.getValue()).append(" | ");
                }
                b.append('\n');
            }
            return b.toString();
        }
    }

    static StatusCode call(OpcUaClient c, NodeId object, NodeId method, Variant... args) throws Exception {
        return c.call(List.of(new CallMethodRequest(object, method, args))).getResults()[0].getStatusCode();
    }

    @Test
    void anAcknowledgementFromScadaOrFromTheApiIsTheSameAcknowledgement() throws Exception {
        var type = new AssetType("electric-shovel", "", List.of(
                new ComponentType("hoist-motor", "", List.of(new ChannelSpec("winding-temp", "degC", ValueType.NUMBER,
                        null, null, null, List.of(), ""))),
                new ComponentType("swing-gearbox", "", List.of(new ChannelSpec("oil-temp", "degC", ValueType.NUMBER,
                        null, null, null, List.of(), "")))));
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(new TwinDefinition(SHOVEL, type, TwinAttributes.NONE));
        var json = new ObjectMapper();
        var http = HttpClient.newHttpClient();
        try (Store store = Store.inMemory(StoreOptions.defaults())) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
            AlertEvent before = raise("hoist-motor", t, AlertLevel.CRITICAL);
            store.events().append(List.of(before.toEvent())); // open before the server starts

            var bridge = new ScadaAlarmBridge(store.events(), Clock.systemUTC());
            var backend = new ApiBackend(repo, store.history(), bridge.tap(store.events()), Map::of, json);
            var api = new ApiServer(backend, new AccessTokens(List.of(new AccessTokens.Entry("planner", Role.PLANNER,
                    AccessTokens.hash("planner-token")))), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            int apiPort = api.start("127.0.0.1", 0);
            var users = List.of(new ScadaUser("control-room", PasswordHash.hash(PASSWORD, new SecureRandom()),
                    ScadaRole.SCADA));
            try {
                try (ScadaServer server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("pki"), users, false),
                        repo, store.history())) {
                    bridge.connect(server.alarms());
                    Pki pki = Pki.open(dir.resolve("client-pki"));
                    Files.write(server.pki().trustedCertsDir().resolve("client.der"), pki.certificate().getEncoded());
                    OpcUaClient c = connect(server.endpointUrl(), new UsernameProvider("control-room", PASSWORD), pki);
                    try {
                        List<Variant[]> events = Collections.synchronizedList(new ArrayList<>());
                        OpcUaSubscription sub = subscribe(c, events);
                        StatusCode refreshed = call(c, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
                                new Variant(sub.getSubscriptionId().orElseThrow()));
                        assertTrue(refreshed.isGood(), refreshed.toString());
                        String hoist = SHOVEL + "/hoist-motor";
                        await(Duration.ofSeconds(10), () -> last(events, hoist) != null, () -> describe(events));
                        Variant[] restored = last(events, hoist);
                        assertEquals(true, restored[ACTIVE].getValue(), "the open alert is an active condition");
                        assertEquals(false, restored[ACKED].getValue());
    
                        // SCADA acknowledges: the engine's alert is acknowledged by the OPC UA user
                        StatusCode ok = call(c, (NodeId) restored[CONDITION].getValue(),
                                NodeIds.AcknowledgeableConditionType_Acknowledge, new Variant(restored[EVENT_ID].getValue()),
                                new Variant(LocalizedText.english("on it")));
                        assertTrue(ok.isGood(), ok.toString());
                        HttpResponse<String> alert = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                                + "/api/alerts/" + before.alert())).header("Authorization", "Bearer planner-token").GET()
                                .build(), HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, alert.statusCode(), alert.body());
                        JsonNode acknowledged = json.readTree(alert.body()).get("acknowledged");
                        assertEquals("control-room", acknowledged.get("user").asText(), alert.body());
                        assertEquals("on it", acknowledged.get("comment").asText());
                        List<Event> audits = store.events().query(EventKind.AUDIT, Optional.of(SHOVEL), t, Instant.MAX);
                        assertTrue(audits.stream().anyMatch(e -> "alert-acknowledged".equals(e.details().get("action"))
                                && "control-room".equals(e.details().get("user"))
                                && before.alert().equals(e.details().get("alert"))), audits.toString());
                        await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(last(events, hoist)[ACKED].getValue()),
                                () -> describe(events));
    
                        // the scorer raises an alert (through the tapped log); a planner acknowledges it through the API
                        String swing = SHOVEL + "/swing-gearbox";
                        AlertEvent raised = raise("swing-gearbox", t.plusSeconds(60), AlertLevel.WARNING);
                        bridge.tap(store.events()).append(List.of(raised.toEvent()));
                        await(Duration.ofSeconds(10), () -> last(events, swing) != null, () -> describe(events));
                        assertEquals(false, last(events, swing)[ACKED].getValue());
                        HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
                                + "/api/alerts/" + raised.alert() + "/ack")).header("Authorization", "Bearer planner-token")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"derate planned\"}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(201, ack.statusCode(), ack.body());
                        await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(last(events, swing)[ACKED].getValue()),
                                () -> describe(events));
                        assertEquals("planner", last(events, swing)[USER].getValue());
    
                        // Confirm is recorded in the event log
                        Variant[] acked = last(events, hoist);
                        StatusCode confirmed = call(c, (NodeId) acked[CONDITION].getValue(),
                                NodeIds.AcknowledgeableConditionType_Confirm, new Variant(acked[EVENT_ID].getValue()),
                                new Variant(LocalizedText.english("bearing replaced")));
                        assertTrue(confirmed.isGood(), confirmed.toString());
                        assertTrue(store.events().query(EventKind.AUDIT, Optional.of(SHOVEL), t, Instant.MAX).stream()
                                .anyMatch(e -> "alert-confirmed".equals(e.details().get("action"))
                                        && before.alert().equals(e.details().get("alert"))));
                    } finally {
                        c.disconnect();
                    }
                }
                // a restart: the conditions come back from the log with their acknowledgement and confirmation
                var restarted = new ScadaAlarmBridge(store.events(), Clock.systemUTC());
                try (ScadaServer server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("pki"), users, false),
                        repo, store.history())) {
                    restarted.connect(server.alarms());
                    Pki pki = Pki.open(dir.resolve("client-pki"));
                    OpcUaClient c = connect(server.endpointUrl(), new UsernameProvider("control-room", PASSWORD), pki);
                    try {
                        List<Variant[]> events = Collections.synchronizedList(new ArrayList<>());
                        OpcUaSubscription sub = subscribe(c, events);
                        assertTrue(call(c, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
                                new Variant(sub.getSubscriptionId().orElseThrow())).isGood());
                        String hoist = SHOVEL + "/hoist-motor";
                        String swing = SHOVEL + "/swing-gearbox";
                        await(Duration.ofSeconds(10), () -> last(events, hoist) != null && last(events, swing) != null,
                                () -> describe(events));
                        assertEquals(true, last(events, hoist)[ACKED].getValue(), describe(events));
                        assertEquals("control-room", last(events, hoist)[USER].getValue(), "confirmed by: " + describe(events));
                        assertEquals(true, last(events, swing)[ACKED].getValue(), describe(events));
                        assertEquals("planner", last(events, swing)[USER].getValue(), describe(events));
                        assertEquals(2, server.alarms().retained(), "both open: retained");
                    } finally {
                        c.disconnect();
                    }
                }
            } finally {
                api.close();
            }
        }
    }
}
