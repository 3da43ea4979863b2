package io.minetwin.connectors.opcua.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.TwinId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.items.BaseMonitoredItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredEventItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler.InvocationContext;
import org.eclipse.milo.opcua.sdk.server.model.objects.AcknowledgeableConditionType;
import org.eclipse.milo.opcua.sdk.server.model.objects.AlarmConditionTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.ConditionType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's component alerts as OPC UA alarm conditions (Part 9) on the SCADA server.
 *
 * <h2>What a client sees</h2>
 * One {@code AlarmConditionType} object per component that has had an alert ({@link AlarmNamespace}): ConditionName
 * {@value #CONDITION_NAME}, ConditionClass Maintenance, SourceNode the component's node, InputNode its
 * {@code Health/AlertLevel}. Its main branch follows the component's newest alert: ActiveState true while the alert
 * is open, Severity from the alert level (watch 300, warning 600, critical 900; kept when the alert clears),
 * Message with the level, the action and the forecast, AckedState and ConfirmedState, EnabledState always true,
 * Retain while the alert is active, unacknowledged or unconfirmed. Every change is an event of the Server object
 * (its EventNotifier), with a new EventId.
 *
 * <h2>Acknowledge and Confirm</h2>
 * Both methods (on the condition, or the type's methods called with the condition as object) take the EventId of
 * the state being acknowledged and a comment. Only users with a role ({@code scada}, {@code admin}) may call them;
 * anonymous sessions get Bad_UserAccessDenied. The call is handed to {@link ScadaAlarmActions}: the engine records
 * the acknowledgement in its event log, and that record, like an acknowledgement made through the API, comes back
 * through {@link #apply}, which updates AckedState (and sets ConfirmedState false, confirmation now being due) and
 * notifies clients. Confirm needs an acknowledged state. Every call, allowed or refused, goes to the
 * {@link ScadaAudit}.
 *
 * <h2>Branches</h2>
 * When a new alert is raised for a component while the previous one is still retained (cleared but not yet
 * acknowledged or confirmed), the previous one becomes a branch with its own BranchId and keeps its state: clients
 * can still acknowledge and confirm it (acknowledging the engine's older alert); once it needs nothing more a last
 * event with Retain false is sent and the branch is gone. At most {@value #MAX_BRANCHES} branches are kept per
 * condition; beyond that the oldest is closed (Retain false) without being acknowledged. Branches are not created
 * for level changes of one alert (escalated, eased): the main branch shows the newest level.
 *
 * <h2>ConditionRefresh</h2>
 * Milo 1.1.2's ConditionRefresh only sends RefreshStart and RefreshEnd (to every subscription); {@link #install}
 * replaces it, and ConditionRefresh2, with the Part 9 behaviour for the calling subscription's event items on the
 * Server object: RefreshStartEvent, the last event of every retained condition and branch (same EventId), and
 * RefreshEndEvent. Milo 1.1.2 passes every event, the markers too, through the item's where clause: a client whose
 * filter admits only ConditionType events gets the conditions without the markers.
 *
 * <p>After a restart the conditions are rebuilt from the engine's open alerts; cleared alerts that were not
 * acknowledged before the restart are not shown again (they are in the API's cleared alerts).
 */
public final class ScadaAlarms {

    static final String CONDITION_NAME = "Alert";
    static final int MAX_BRANCHES = 16;
    private static final int EVENT_IDS_KEPT = 32;
    private static final Logger LOG = LoggerFactory.getLogger(ScadaAlarms.class);

    private final OpcUaServer server;
    private final AlarmNamespace namespace;
    private final Map<String, ScadaUser> users;
    private final ScadaAudit audit;
    private final int twinNamespace;
    private volatile ScadaAlarmActions actions;
    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    final LongAdder events = new LongAdder();

    /** One alert as a condition branch: the main one, or an earlier alert still retained. */
    static final class Occurrence {
        final String alertId;
        NodeId branchId = NodeId.NULL_VALUE;
        AlertLevel level = AlertLevel.OK;
        boolean active;
        boolean acked;
        boolean confirmed = true;
        int severity = TwinNamespace.severity(AlertLevel.OK);
        int lastSeverity = severity;
        Instant time = Instant.EPOCH;
        String message = "";
        String user = "";
        String comment = "";
        ByteString lastEventId = ByteString.NULL_VALUE;
        final Deque<ByteString> eventIds = new ArrayDeque<>();

        Occurrence(String alertId) {
            this.alertId = alertId;
        }

        boolean retained() {
            return active || !acked || !confirmed;
        }
    }

    /** The condition of one component, its node, the main branch and the retained earlier ones. */
    final class Condition {
        final TwinId twin;
        final String component;
        final NodeId id;
        final NodeId source;
        final NodeId input;
        final AlarmConditionTypeNode node;
        Occurrence main;
        final List<Occurrence> branches = new ArrayList<>();

        Condition(TwinId twin, String component, AlarmConditionTypeNode node) {
            this.twin = twin;
            this.component = component;
            this.id = node.getNodeId();
            this.source = new NodeId(twinNamespace, twin + "/" + component);
            this.input = new NodeId(twinNamespace, twin + "/" + component + "#" + TwinNamespace.HEALTH + "/AlertLevel");
            this.node = node;
        }

        String name() {
            return twin + "/" + component;
        }

        Optional<Occurrence> find(String alertId) {
            if (main != null && main.alertId.equals(alertId)) {
                return Optional.of(main);
            }
            return branches.stream().filter(b -> b.alertId.equals(alertId)).findFirst();
        }

        Optional<Occurrence> byEventId(ByteString eventId) {
            if (main != null && main.eventIds.contains(eventId)) {
                return Optional.of(main);
            }
            return branches.stream().filter(b -> b.eventIds.contains(eventId)).findFirst();
        }
    }

    ScadaAlarms(OpcUaServer server, Map<String, ScadaUser> users, ScadaAudit audit) {
        this.server = server;
        this.users = Map.copyOf(users);
        this.audit = audit;
        this.twinNamespace = server.getNamespaceTable().getIndex(TwinNamespace.URI).intValue();
        this.namespace = new AlarmNamespace(server, new NodeId(twinNamespace, "minetwin"));
        this.actions = new LocalActions();
    }

    void startup() {
        namespace.startup();
    }

    void shutdown() {
        namespace.shutdown();
    }

    /**
     * Has the engine record acknowledgements and confirmations; until then (tests, benches) they are applied here
     * only.
     */
    public void setActions(ScadaAlarmActions actions) {
        this.actions = Objects.requireNonNull(actions, "actions");
    }

    /** Replaces Milo's ConditionRefresh and ConditionRefresh2 with ones that re-send the retained conditions. */
    void install() {
        server.getAddressSpaceManager().getManagedNode(NodeIds.ConditionType_ConditionRefresh)
                .filter(UaMethodNode.class::isInstance).map(UaMethodNode.class::cast)
                .ifPresentOrElse(m -> m.setInvocationHandler(new Refresh(m)),
                        () -> LOG.warn("ConditionType.ConditionRefresh not found; SCADA clients cannot refresh alarms"));
        server.getAddressSpaceManager().getManagedNode(NodeIds.ConditionType_ConditionRefresh2)
                .filter(UaMethodNode.class::isInstance).map(UaMethodNode.class::cast)
                .ifPresent(m -> m.setInvocationHandler(new Refresh2(m)));
    }

    /** The node id of the condition of {@code twin}'s {@code component} (it exists once the component had an alert). */
    public NodeId conditionId(TwinId twin, String component) {
        return namespace.conditionId(twin + "/" + component);
    }

    /** Conditions and branches a client's ConditionRefresh would receive now. */
    public synchronized int retained() {
        int n = 0;
        for (Condition c : conditions.values()) {
            n += (c.main != null && c.main.retained() ? 1 : 0) + c.branches.size();
        }
        return n;
    }

    /** Condition events sent so far (refreshes included). */
    public long events() {
        return events.sum();
    }

    // ---- state from the engine's alerts ----

    /**
     * Applies one step of an alert (raised, escalated, eased, cleared, acknowledged) as the event log recorded it:
     * updates the component's condition and notifies clients. Steps older than what the condition shows, and
     * acknowledgements or clearances of alerts it does not show, are ignored.
     */
    public synchronized void apply(AlertEvent e) {
        if (e.component() == null) {
            return;
        }
        String key = e.twin() + "/" + e.component();
        Condition c = conditions.get(key);
        Occurrence o = c == null ? null : c.find(e.alert()).orElse(null);
        if (o == null) {
            if (e.action() == AlertEvent.Action.ACKNOWLEDGED || e.action() == AlertEvent.Action.CLEARED) {
                return;
            }
            if (c == null) {
                c = create(e.twin(), e.component());
                if (c == null) {
                    return;
                }
            }
            if (c.main != null && c.main.retained()) {
                branch(c);
            }
            o = new Occurrence(e.alert());
            c.main = o;
        } else if (e.time().isBefore(o.time)) {
            return;
        }
        switch (e.action()) {
            case RAISED, ESCALATED, EASED -> {
                o.active = true;
                o.level = e.level();
                o.lastSeverity = o.severity;
                o.severity = TwinNamespace.severity(e.level());
            }
            case CLEARED -> {
                o.active = false;
                o.level = AlertLevel.OK;
            }
            case ACKNOWLEDGED -> {
                if (o.acked) {
                    return;
                }
                o.acked = true;
                o.confirmed = false;
                o.user = e.user().orElse("");
                o.comment = e.comment().orElse("");
            }
        }
        o.time = e.time();
        o.message = message(c, o, e);
        changed(c, o);
    }

    /** The acknowledged alert {@code alertId} was confirmed by {@code user}: ConfirmedState true. */
    public synchronized void confirmed(String alertId, String user, String comment, Instant time) {
        for (Condition c : conditions.values()) {
            Optional<Occurrence> found = c.find(alertId);
            if (found.isPresent()) {
                Occurrence o = found.get();
                if (!o.acked || o.confirmed) {
                    return;
                }
                o.confirmed = true;
                o.user = user;
                o.comment = comment == null ? "" : comment;
                o.time = time.isBefore(o.time) ? o.time : time;
                o.message = c.name() + ": alert confirmed by " + user + (o.comment.isEmpty() ? "" : ": " + o.comment)
                        + " [alert " + alertId + "]";
                changed(c, o);
                return;
            }
        }
    }

    private Condition create(TwinId twin, String component) {
        String key = twin + "/" + component;
        try {
            AlarmConditionTypeNode node = namespace.condition(namespace.conditionId(key), key,
                    new NodeId(twinNamespace, key));
            var c = new Condition(twin, component, node);
            node.getAcknowledgeMethodNode().setInvocationHandler(new Acknowledge(node.getAcknowledgeMethodNode(), c));
            if (node.getConfirmMethodNode() != null) {
                node.getConfirmMethodNode().setInvocationHandler(new Confirm(node.getConfirmMethodNode(), c));
            }
            conditions.put(key, c);
            return c;
        } catch (UaException | RuntimeException failed) {
            LOG.error("alarm condition for {} not created: {}", key, failed.toString());
            return null;
        }
    }

    /** The main branch of {@code c} is retained and a new alert comes: it goes on as a branch of its own. */
    private void branch(Condition c) {
        Occurrence old = c.main;
        old.branchId = namespace.branchId(UUID.randomUUID());
        c.branches.add(old);
        c.main = null;
        fire(c, old, newEventId(old), null);
        while (c.branches.size() > MAX_BRANCHES) {
            Occurrence dropped = c.branches.remove(0);
            dropped.active = false;
            dropped.acked = true;
            dropped.confirmed = true;
            dropped.message = c.name() + ": earlier alert no longer kept (more than " + MAX_BRANCHES
                    + " retained) [alert " + dropped.alertId + "]";
            fire(c, dropped, newEventId(dropped), null);
        }
    }

    private void changed(Condition c, Occurrence o) {
        ByteString id = newEventId(o);
        fire(c, o, id, null);
        if (o != c.main && !o.retained()) {
            c.branches.remove(o);
        }
    }

    private static ByteString newEventId(Occurrence o) {
        UUID u = UUID.randomUUID();
        ByteString id = ByteString.of(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array());
        o.lastEventId = id;
        o.eventIds.addLast(id);
        while (o.eventIds.size() > EVENT_IDS_KEPT) {
            o.eventIds.removeFirst();
        }
        return id;
    }

    private static String message(Condition c, Occurrence o, AlertEvent e) {
        var m = new StringBuilder(c.name()).append(": ");
        switch (e.action()) {
            case ACKNOWLEDGED -> m.append("alert acknowledged by ").append(o.user)
                    .append(o.comment.isEmpty() ? "" : ": " + o.comment);
            case CLEARED -> m.append("alert cleared (was ").append(e.previous().id()).append(")");
            default -> {
                m.append(e.level().id()).append(" (").append(e.action().id()).append(" from ")
                        .append(e.previous().id()).append(")");
                Map<String, String> f = e.forecast();
                if (f.containsKey("health")) {
                    m.append("; health ").append(f.get("health"));
                }
                if (f.containsKey("p.7d")) {
                    m.append(String.format(Locale.ROOT, ", 7-day failure probability %s", f.get("p.7d")));
                }
                if (f.containsKey("rulHours")) {
                    m.append(", remaining life ").append(f.get("rulHours")).append(" h");
                }
                String signals = f.getOrDefault("signals", "");
                if (!signals.isEmpty()) {
                    m.append("; signals: ").append(signals);
                }
            }
        }
        return m.append(" [alert ").append(o.alertId).append("]").toString();
    }

    // ---- events ----

    /**
     * Sends the state of {@code o} as an event: to every subscriber, or only to {@code items} (a refresh). The main
     * branch's event is the condition node itself, set to that state (subscribers read the event's fields as it is
     * fired, under this object's lock); a branch's event is an instance made for it, which costs far more.
     */
    private void fire(Condition c, Occurrence o, ByteString eventId, List<MonitoredEventItem> items) {
        BaseEventTypeNode event = null;
        boolean transientEvent = o != c.main;
        try {
            if (transientEvent) {
                event = server.getEventFactory().createEvent(c.id, NodeIds.AlarmConditionType);
            } else {
                event = c.node;
            }
            fill((AlarmConditionTypeNode) event, c, o, eventId);
            if (items == null) {
                server.getEventNotifier().fire(event);
            } else {
                for (MonitoredEventItem item : items) {
                    item.onEvent(event);
                }
            }
            events.increment();
        } catch (UaException | RuntimeException failed) {
            LOG.warn("alarm event of {} not sent: {}", c.name(), failed.toString());
        } finally {
            if (transientEvent && event != null) {
                event.delete();
            }
        }
    }

    private static void fill(AlarmConditionTypeNode a, Condition c, Occurrence o, ByteString eventId) {
        a.setBrowseName(new QualifiedName(c.id.getNamespaceIndex(), c.name()));
        a.setDisplayName(LocalizedText.english(c.name()));
        a.setEventId(eventId);
        a.setEventType(NodeIds.AlarmConditionType);
        a.setSourceNode(c.source);
        a.setSourceName(c.name());
        a.setTime(new DateTime(o.time));
        a.setReceiveTime(DateTime.now());
        a.setMessage(LocalizedText.english(o.message));
        a.setSeverity(ushort(o.severity));
        a.setConditionClassId(NodeIds.MaintenanceConditionClassType);
        a.setConditionClassName(LocalizedText.english("Maintenance"));
        a.setConditionName(CONDITION_NAME);
        a.setBranchId(o.branchId);
        a.setRetain(o.retained());
        a.setEnabledState(LocalizedText.english("Enabled"));
        a.getEnabledStateNode().setId(true);
        a.setQuality(StatusCode.GOOD);
        a.setLastSeverity(ushort(o.lastSeverity));
        a.setComment(LocalizedText.english(o.comment));
        a.setClientUserId(o.user);
        a.setAckedState(LocalizedText.english(o.acked ? "Acknowledged" : "Unacknowledged"));
        a.getAckedStateNode().setId(o.acked);
        if (a.getConfirmedStateNode() != null) {
            a.setConfirmedState(LocalizedText.english(o.confirmed ? "Confirmed" : "Unconfirmed"));
            a.getConfirmedStateNode().setId(o.confirmed);
        }
        a.setActiveState(LocalizedText.english(o.active ? "Active" : "Inactive"));
        a.getActiveStateNode().setId(o.active);
        a.setInputNode(c.input);
        a.setSuppressedOrShelved(false);
    }

    /** Part 9 ConditionRefresh for {@code items}: start marker, every retained condition and branch, end marker. */
    private synchronized void refresh(List<MonitoredEventItem> items) throws UaException {
        marker(NodeIds.RefreshStartEventType, "RefreshStart", items);
        for (Condition c : conditions.values()) {
            if (c.main != null && c.main.retained()) {
                fire(c, c.main, c.main.lastEventId, items);
            }
            for (Occurrence b : c.branches) {
                fire(c, b, b.lastEventId, items);
            }
        }
        marker(NodeIds.RefreshEndEventType, "RefreshEnd", items);
    }

    private void marker(NodeId type, String name, List<MonitoredEventItem> items) throws UaException {
        BaseEventTypeNode m = server.getEventFactory().createEvent(new NodeId(1, UUID.randomUUID()), type);
        try {
            m.setBrowseName(new QualifiedName(0, name));
            m.setDisplayName(LocalizedText.english(name));
            UUID u = UUID.randomUUID();
            m.setEventId(ByteString.of(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array()));
            m.setEventType(type);
            m.setSourceNode(NodeIds.Server);
            m.setSourceName("Server");
            m.setTime(DateTime.now());
            m.setReceiveTime(DateTime.now());
            m.setMessage(LocalizedText.english(name));
            m.setSeverity(ushort(100));
            for (MonitoredEventItem item : items) {
                item.onEvent(m);
            }
        } finally {
            m.delete();
        }
    }

    /** The event items of {@code subscription} on the Server object. */
    private static List<MonitoredEventItem> serverItems(Subscription subscription) {
        List<MonitoredEventItem> out = new ArrayList<>();
        for (BaseMonitoredItem<?> item : subscription.getMonitoredItems().values()) {
            if (item instanceof MonitoredEventItem e && NodeIds.Server.equals(e.getReadValueId().getNodeId())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Subscription subscription(InvocationContext context, UInteger id) throws UaException {
        Session session = context.getSession().orElseThrow(() -> new UaException(StatusCodes.Bad_SessionIdInvalid));
        Subscription s = session.getSubscriptionManager().getSubscription(id);
        if (s == null) {
            throw new UaException(StatusCodes.Bad_SubscriptionIdInvalid, "no subscription " + id + " in this session");
        }
        return s;
    }

    private final class Refresh extends ConditionType.ConditionRefreshMethod {
        Refresh(UaMethodNode node) {
            super(node);
        }

        @Override
        protected void invoke(InvocationContext context, UInteger subscriptionId) throws UaException {
            refresh(serverItems(subscription(context, subscriptionId)));
        }
    }

    private final class Refresh2 extends ConditionType.ConditionRefresh2Method {
        Refresh2(UaMethodNode node) {
            super(node);
        }

        @Override
        protected void invoke(InvocationContext context, UInteger subscriptionId, UInteger monitoredItemId)
                throws UaException {
            BaseMonitoredItem<?> item = subscription(context, subscriptionId).getMonitoredItems().get(monitoredItemId);
            if (!(item instanceof MonitoredEventItem e)) {
                throw new UaException(StatusCodes.Bad_MonitoredItemIdInvalid,
                        "monitored item " + monitoredItemId + " is not an event item of subscription " + subscriptionId);
            }
            refresh(List.of(e));
        }
    }

    // ---- methods ----

    /** The session's user name if it has a role that may acknowledge and confirm; else Bad_UserAccessDenied. */
    private String[] caller(InvocationContext context) {
        Session session = context.getSession().orElse(null);
        Identity identity = session == null ? null : session.getIdentity();
        String from = session == null || session.getClientAddress() == null ? "unknown"
                : session.getClientAddress().getHostAddress();
        if (identity instanceof Identity.UsernameIdentity u) {
            ScadaUser user = users.get(u.getUsername());
            if (user != null) {
                return new String[] {user.name(), user.role().id(), from};
            }
            return new String[] {u.getUsername(), "unknown", from};
        }
        return new String[] {"anonymous", "anonymous", from};
    }

    private void call(InvocationContext context, Condition c, String method, ByteString eventId, LocalizedText comment,
                      boolean acknowledge) throws UaException {
        String[] who = caller(context);
        String target = c.id.toParseableString();
        if ("anonymous".equals(who[1]) || "unknown".equals(who[1])) {
            audit.record(who[0], who[1], "opcua Call " + method, target, who[2], "Bad_UserAccessDenied");
            throw new UaException(StatusCodes.Bad_UserAccessDenied,
                    method + " needs a user with the scada or admin role; anonymous sessions are read-only");
        }
        String text = comment == null || comment.text() == null ? "" : comment.text();
        String alertId;
        synchronized (this) {
            Occurrence o = eventId == null ? null : c.byEventId(eventId).orElse(null);
            if (o == null) {
                audit.record(who[0], who[1], "opcua Call " + method, target, who[2], "Bad_EventIdUnknown");
                throw new UaException(StatusCodes.Bad_EventIdUnknown, "the EventId is not one of " + c.name()
                        + "'s current events; refresh (ConditionRefresh) and use the newest");
            }
            if (acknowledge && o.acked) {
                audit.record(who[0], who[1], "opcua Call " + method, target, who[2], "Bad_ConditionBranchAlreadyAcked");
                throw new UaException(StatusCodes.Bad_ConditionBranchAlreadyAcked, "alert " + o.alertId
                        + " was already acknowledged by " + o.user);
            }
            if (!acknowledge && !o.acked) {
                audit.record(who[0], who[1], "opcua Call " + method, target, who[2], "Bad_InvalidState");
                throw new UaException(StatusCodes.Bad_InvalidState, "alert " + o.alertId
                        + " is not acknowledged yet; acknowledge it before confirming");
            }
            if (!acknowledge && o.confirmed) {
                audit.record(who[0], who[1], "opcua Call " + method, target, who[2],
                        "Bad_ConditionBranchAlreadyConfirmed");
                throw new UaException(StatusCodes.Bad_ConditionBranchAlreadyConfirmed, "alert " + o.alertId
                        + " was already confirmed by " + o.user);
            }
            alertId = o.alertId;
        }
        try {
            if (acknowledge) {
                actions.acknowledge(alertId, who[0], text);
            } else {
                actions.confirm(alertId, who[0], text);
            }
        } catch (IllegalStateException | IllegalArgumentException refused) {
            audit.record(who[0], who[1], "opcua Call " + method, target + " alert " + alertId, who[2], "Bad_InvalidState");
            throw new UaException(StatusCodes.Bad_InvalidState, refused.getMessage());
        } catch (RuntimeException failed) {
            audit.record(who[0], who[1], "opcua Call " + method, target + " alert " + alertId, who[2],
                    "Bad_InternalError");
            LOG.error("{} of alert {} by {} not recorded", method, alertId, who[0], failed);
            throw new UaException(StatusCodes.Bad_InternalError, method + " not recorded: " + failed.getMessage());
        }
        audit.record(who[0], who[1], "opcua Call " + method, target + " alert " + alertId, who[2], "Good");
    }

    private final class Acknowledge extends AcknowledgeableConditionType.AcknowledgeMethod {
        private final Condition condition;

        Acknowledge(UaMethodNode node, Condition condition) {
            super(node);
            this.condition = condition;
        }

        @Override
        protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment) throws UaException {
            call(context, condition, "Acknowledge", eventId, comment, true);
        }
    }

    private final class Confirm extends AcknowledgeableConditionType.ConfirmMethod {
        private final Condition condition;

        Confirm(UaMethodNode node, Condition condition) {
            super(node);
            this.condition = condition;
        }

        @Override
        protected void invoke(InvocationContext context, ByteString eventId, LocalizedText comment) throws UaException {
            call(context, condition, "Confirm", eventId, comment, false);
        }
    }

    /** Without the engine: acknowledgements and confirmations are applied to the conditions only. */
    private final class LocalActions implements ScadaAlarmActions {
        @Override
        public void acknowledge(String alertId, String user, String comment) {
            AlertEvent.Id id = AlertEvent.parseId(alertId).orElseThrow(() -> new IllegalArgumentException(
                    "alert id " + alertId + " is malformed"));
            Occurrence o;
            synchronized (ScadaAlarms.this) {
                Condition c = conditions.get(id.twin() + "/" + id.component());
                o = c == null ? null : c.find(alertId).orElse(null);
                if (o == null) {
                    throw new IllegalStateException("no alert " + alertId);
                }
                Instant now = Instant.now();
                apply(AlertEvent.acknowledged(now.isAfter(o.time) ? now : o.time, id.twin(), id.component(), alertId,
                        o.level, user, comment));
            }
        }

        @Override
        public void confirm(String alertId, String user, String comment) {
            confirmed(alertId, user, comment, Instant.now());
        }
    }
}
