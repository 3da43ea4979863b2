package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.await;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.connect;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.Pki;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.EventFilterBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.SimpleAttributeOperand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts as Part 9 alarm conditions against Milo's client: events of the Server object with the condition's
 * states, Acknowledge and Confirm (recorded by the alert's owner, refused for anonymous sessions), an acknowledgement
 * made elsewhere reaching the condition, branches for an earlier alert still unacknowledged, and ConditionRefresh.
 */
class ScadaAlarmsIT {

    static final String PASSWORD = "control-room-pw";
    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    /** Select clause indexes. */
    static final int TYPE = 0;
    static final int SOURCE = 1;
    static final int MESSAGE = 2;
    static final int SEVERITY = 3;
    static final int EVENT_ID = 4;
    static final int CONDITION = 5;
    static final int BRANCH = 6;
    static final int RETAIN = 7;
    static final int ACTIVE = 8;
    static final int ACKED = 9;
    static final int CONFIRMED = 10;
    static final int USER = 11;

    @TempDir
    static Path dir;
    static ScadaServer server;
    static Pki clientPki;
    /** What the alerts' owner recorded: the engine's event log in miniature. */
    static final List<AlertEvent> recorded = new CopyOnWriteArrayList<>();
    static final List<String> confirmations = new CopyOnWriteArrayList<>();
    static final List<String> audit = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(ScadaTestSupport.shovel("shovel-07"));
        var random = new SecureRandom();
        var users = List.of(new ScadaUser("control-room", PasswordHash.hash(PASSWORD, random), ScadaRole.SCADA));
        server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("server-pki"), users, true), repo,
                SeriesReader.NONE, (who, role, action, target, from, outcome) ->
                        audit.add(who + " " + role + " " + action + " " + outcome));
        ScadaAlarms alarms = server.alarms();
        alarms.setActions(ScadaTestSupport.recordingActions(alarms, recorded, confirmations::add));
        clientPki = Pki.open(dir.resolve("client-pki"));
        Files.write(server.pki().trustedCertsDir().resolve("test-client.der"), clientPki.certificate().getEncoded());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void record(AlertEvent e) {
        recorded.add(e);
        server.alarms().apply(e);
    }

    static AlertEvent raise(String component, Instant at, AlertLevel level) {
        var health = new ComponentHealth(at, 40, Map.of("7d", 0.3), Optional.empty(), level, List.of(), "m@1");
        return AlertEvent.levelChanged(at, SHOVEL, component, at, AlertLevel.OK, level, health);
    }

    static AlertEvent clear(AlertEvent raised, Instant at) {
        var health = new ComponentHealth(at, 90, Map.of(), Optional.empty(), AlertLevel.OK, List.of(), "m@1");
        return AlertEvent.levelChanged(at, SHOVEL, raised.component(),
                AlertEvent.parseId(raised.alert()).orElseThrow().raised(), raised.level(), AlertLevel.OK, health);
    }

    static OpcUaClient secure() throws Exception {
        return connect(server.endpointUrl(), SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt,
                new UsernameProvider("control-room", PASSWORD), clientPki);
    }

    static OpcUaClient anonymous() throws Exception {
        return connect(server.endpointUrl(), SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider(), null);
    }

    /** A subscription with one event item on the Server object, all events, the condition fields selected. */
    static OpcUaSubscription subscribe(OpcUaClient c, List<Variant[]> into) throws Exception {
        var sub = new OpcUaSubscription(c, 20.0);
        sub.create();
        var filter = new EventFilterBuilder()
                .select(NodeIds.BaseEventType, new QualifiedName(0, "EventType"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "SourceName"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "Message"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "Severity"))
                .select(NodeIds.BaseEventType, new QualifiedName(0, "EventId"))
                .select(new SimpleAttributeOperand(NodeIds.ConditionType, new QualifiedName[0], AttributeId.NodeId.uid(),
                        null))
                .select(NodeIds.ConditionType, new QualifiedName(0, "BranchId"))
                .select(NodeIds.ConditionType, new QualifiedName(0, "Retain"))
                .select(NodeIds.AlarmConditionType, new QualifiedName(0, "ActiveState"), new QualifiedName(0, "Id"))
                .select(NodeIds.AcknowledgeableConditionType, new QualifiedName(0, "AckedState"), new QualifiedName(0, "Id"))
                .select(NodeIds.AcknowledgeableConditionType, new QualifiedName(0, "ConfirmedState"),
                        new QualifiedName(0, "Id"))
                .select(NodeIds.ConditionType, new QualifiedName(0, "ClientUserId"))
                .build();
        var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, filter);
        item.setQueueSize(uint(1000));
        item.setEventValueListener((i, values) -> into.add(values));
        sub.addMonitoredItem(item);
        sub.createMonitoredItems();
        return sub;
    }

    static List<Variant[]> conditionEvents(List<Variant[]> events, String source) {
        synchronized (events) {
            return events.stream().filter(e -> NodeIds.AlarmConditionType.equals(e[TYPE].getValue())
                    && source.equals(e[SOURCE].getValue())).toList();
        }
    }

    static Variant[] last(List<Variant[]> events, String source) {
        List<Variant[]> l = conditionEvents(events, source);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    static String describe(List<Variant[]> events) {
        synchronized (events) {
            return events.stream().map(e -> List.of(e).stream().map(v -> String.valueOf(v.getValue()))
                    .collect(Collectors.joining(" | "))).collect(Collectors.joining("\n"));
        }
    }

    static boolean main(Variant[] e) {
        return e[BRANCH].getValue() == null || ((NodeId) e[BRANCH].getValue()).isNull();
    }

    static StatusCode call(OpcUaClient c, NodeId object, NodeId method, Variant... args) throws Exception {
        CallMethodResult r = c.call(List.of(new CallMethodRequest(object, method, args))).getResults()[0];
        return r.getStatusCode();
    }

    static StatusCode acknowledge(OpcUaClient c, Variant[] event, String comment) throws Exception {
        return call(c, (NodeId) event[CONDITION].getValue(), NodeIds.AcknowledgeableConditionType_Acknowledge,
                new Variant(event[EVENT_ID].getValue()), new Variant(LocalizedText.english(comment)));
    }

    @Test
    void anAlertIsAConditionThatAScadaUserAcknowledgesAndConfirmsAndAnonymousCannot() throws Exception {
        String source = SHOVEL + "/hoist-motor";
        OpcUaClient c = secure();
        OpcUaClient anon = anonymous();
        try {
            List<Variant[]> events = Collections.synchronizedList(new ArrayList<>());
            subscribe(c, events);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            AlertEvent raised = raise("hoist-motor", t, AlertLevel.WARNING);
            record(raised);
            await(Duration.ofSeconds(10), () -> last(events, source) != null, () -> describe(events));
            Variant[] e = last(events, source);
            assertEquals(server.alarms().conditionId(SHOVEL, "hoist-motor"), e[CONDITION].getValue());
            assertEquals(600, ((Number) e[SEVERITY].getValue()).intValue());
            assertEquals(true, e[ACTIVE].getValue());
            assertEquals(false, e[ACKED].getValue());
            assertEquals(true, e[RETAIN].getValue());
            assertTrue(e[BRANCH].getValue() == null || ((NodeId) e[BRANCH].getValue()).isNull(), "the main branch");
            String message = ((LocalizedText) e[MESSAGE].getValue()).text();
            assertTrue(message.contains("warning (raised from ok)") && message.contains("[alert " + raised.alert() + "]"),
                    message);

            // the condition object is in the address space, under Objects/minetwin/Alarms
            NodeId conditionId = (NodeId) e[CONDITION].getValue();
            int ans = c.getNamespaceTable().getIndex(AlarmNamespace.URI).intValue();
            assertTrue(c.getAddressSpace().browseNodes(new NodeId(ans, "minetwin/" + AlarmNamespace.FOLDER)).stream()
                    .anyMatch(n -> n.getNodeId().equals(conditionId)), "the condition is browsable");

            StatusCode denied = acknowledge(anon, e, "anonymous tries");
            assertEquals(StatusCodes.Bad_UserAccessDenied, denied.value(), denied.toString());
            assertTrue(recorded.stream().noneMatch(a -> a.action() == AlertEvent.Action.ACKNOWLEDGED
                    && a.alert().equals(raised.alert())), "nothing recorded for the refused call");

            StatusCode confirmEarly = call(c, conditionId, NodeIds.AcknowledgeableConditionType_Confirm,
                    new Variant(e[EVENT_ID].getValue()), new Variant(LocalizedText.english("too early")));
            assertEquals(StatusCodes.Bad_InvalidState, confirmEarly.value(), confirmEarly.toString());

            StatusCode ok = acknowledge(c, e, "crew sent to check the hoist");
            assertTrue(ok.isGood(), ok.toString());
            AlertEvent ack = recorded.stream().filter(a -> a.action() == AlertEvent.Action.ACKNOWLEDGED
                    && a.alert().equals(raised.alert())).findFirst().orElseThrow();
            assertEquals(Optional.of("control-room"), ack.user(), "the SCADA user is who acknowledged");
            assertEquals(Optional.of("crew sent to check the hoist"), ack.comment());
            await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(last(events, source)[ACKED].getValue()),
                    () -> describe(events));
            Variant[] acked = last(events, source);
            assertEquals(false, acked[CONFIRMED].getValue(), "confirmation is due after the acknowledgement");
            assertEquals("control-room", acked[USER].getValue());
            assertNotEquals(e[EVENT_ID].getValue(), acked[EVENT_ID].getValue(), "each event has its own EventId");
            assertTrue(audit.contains("control-room scada opcua Call Acknowledge Good"), audit.toString());
            assertTrue(audit.contains("anonymous anonymous opcua Call Acknowledge Bad_UserAccessDenied"), audit.toString());

            StatusCode again = acknowledge(c, acked, "twice");
            assertEquals(StatusCodes.Bad_ConditionBranchAlreadyAcked, again.value(), again.toString());
            StatusCode unknown = call(c, conditionId, NodeIds.AcknowledgeableConditionType_Acknowledge,
                    new Variant(ByteString.of(new byte[] {1, 2, 3})), new Variant(LocalizedText.english("x")));
            assertEquals(StatusCodes.Bad_EventIdUnknown, unknown.value(), unknown.toString());

            StatusCode confirmed = call(c, conditionId, NodeIds.AcknowledgeableConditionType_Confirm,
                    new Variant(acked[EVENT_ID].getValue()), new Variant(LocalizedText.english("bearing greased")));
            assertTrue(confirmed.isGood(), confirmed.toString());
            assertEquals(List.of(raised.alert() + " control-room bearing greased"), confirmations);
            await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(last(events, source)[CONFIRMED].getValue()),
                    () -> describe(events));
            assertEquals(true, last(events, source)[RETAIN].getValue(), "still active: retained");

            record(clear(raised, t.plusSeconds(5)));
            await(Duration.ofSeconds(10), () -> Boolean.FALSE.equals(last(events, source)[ACTIVE].getValue()),
                    () -> describe(events));
            assertEquals(false, last(events, source)[RETAIN].getValue(), "inactive, acknowledged, confirmed: not retained");
        } finally {
            anon.disconnect();
            c.disconnect();
        }
    }

    @Test
    void anAcknowledgementMadeElsewhereReachesTheConditionAndAnEarlierUnacknowledgedAlertBecomesABranch()
            throws Exception {
        String source = SHOVEL + "/swing-gearbox";
        OpcUaClient c = secure();
        try {
            List<Variant[]> events = Collections.synchronizedList(new ArrayList<>());
            subscribe(c, events);
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(100);
            AlertEvent first = raise("swing-gearbox", t, AlertLevel.CRITICAL);
            record(first);
            record(clear(first, t.plusSeconds(1)));
            AlertEvent second = raise("swing-gearbox", t.plusSeconds(2), AlertLevel.WATCH);
            record(second);
            await(Duration.ofSeconds(10), () -> conditionEvents(events, source).size() >= 4, () -> describe(events));
            List<Variant[]> got = conditionEvents(events, source);
            // raised, cleared (retained: not acknowledged), the branch of the first, the second raised
            Variant[] branch = got.get(2);
            assertTrue(branch[BRANCH].getValue() instanceof NodeId b && !b.isNull(), describe(events));
            assertEquals(false, branch[ACTIVE].getValue());
            assertEquals(true, branch[RETAIN].getValue());
            assertTrue(((LocalizedText) branch[MESSAGE].getValue()).text().contains(first.alert()));
            Variant[] main = got.get(3);
            assertTrue(main[BRANCH].getValue() == null || ((NodeId) main[BRANCH].getValue()).isNull());
            assertEquals(300, ((Number) main[SEVERITY].getValue()).intValue());

            // the second alert acknowledged through the API (another user): the condition shows it
            AlertEvent apiAck = AlertEvent.acknowledged(t.plusSeconds(3), SHOVEL, "swing-gearbox", second.alert(),
                    AlertLevel.WATCH, "planner", "seen on the dashboard");
            record(apiAck);
            await(Duration.ofSeconds(10), () -> Boolean.TRUE.equals(last(events, source)[ACKED].getValue()),
                    () -> describe(events));
            assertEquals("planner", last(events, source)[USER].getValue());

            // the branch is acknowledged by its EventId: the engine's first alert is acknowledged
            StatusCode ok = acknowledge(c, branch, "missed at night");
            assertTrue(ok.isGood(), ok.toString());
            assertTrue(recorded.stream().anyMatch(a -> a.action() == AlertEvent.Action.ACKNOWLEDGED
                    && a.alert().equals(first.alert()) && a.user().equals(Optional.of("control-room"))));

            // ConditionRefresh on a new subscription: start, the retained conditions (the main one, the branch),
            // end; the first subscription gets none of it
            List<Variant[]> refreshed = Collections.synchronizedList(new ArrayList<>());
            OpcUaSubscription sub2 = subscribe(c, refreshed);
            int before = events.size();
            StatusCode r = call(c, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
                    new Variant(sub2.getSubscriptionId().orElseThrow()));
            assertTrue(r.isGood(), r.toString());
            await(Duration.ofSeconds(10), () -> {
                synchronized (refreshed) {
                    return refreshed.stream().anyMatch(e -> NodeIds.RefreshEndEventType.equals(e[TYPE].getValue()));
                }
            }, () -> describe(refreshed));
            List<Object> types;
            synchronized (refreshed) {
                types = refreshed.stream().map(e -> e[TYPE].getValue()).toList();
            }
            assertEquals(NodeIds.RefreshStartEventType, types.get(0), describe(refreshed));
            assertEquals(NodeIds.RefreshEndEventType, types.get(types.size() - 1), describe(refreshed));
            List<Variant[]> resent = conditionEvents(refreshed, source);
            assertEquals(2, resent.size(), "the main condition and its branch: " + describe(refreshed));
            assertEquals(server.alarms().retained(), conditionEvents(refreshed, SHOVEL + "/hoist-motor").size()
                    + resent.size(), describe(refreshed));
            List<Variant[]> mainEvents = conditionEvents(events, source).stream().filter(ScadaAlarmsIT::main).toList();
            assertEquals(mainEvents.get(mainEvents.size() - 1)[EVENT_ID].getValue(),
                    resent.stream().filter(ScadaAlarmsIT::main).findFirst().orElseThrow()[EVENT_ID].getValue(),
                    "re-sent with its last EventId");
            synchronized (events) {
                assertFalse(events.subList(before, events.size()).stream().anyMatch(e ->
                        NodeIds.RefreshStartEventType.equals(e[TYPE].getValue())), "only the calling subscription");
            }

            StatusCode badSub = call(c, NodeIds.ConditionType, NodeIds.ConditionType_ConditionRefresh,
                    new Variant(uint(987_654)));
            assertEquals(StatusCodes.Bad_SubscriptionIdInvalid, badSub.value(), badSub.toString());
        } finally {
            c.disconnect();
        }
    }
}
