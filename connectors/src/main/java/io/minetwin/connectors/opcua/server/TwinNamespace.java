package io.minetwin.connectors.opcua.server;

import io.minetwin.milo.server.SampledNamespace;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ChannelState;
import io.minetwin.model.ChannelUpdate;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.ComponentType;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Reading;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.model.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.AddressSpace;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.model.objects.BaseEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.model.objects.GeneralModelChangeEventTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ModelChangeStructureDataType;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

/**
 * The twins as an OPC UA address space:
 * {@code Objects/minetwin/<site>/<asset>/<component>/<channel>}, where the site is the twin id's namespace
 * and the asset its name. Node ids are readable strings in this namespace: {@code baiyun:shovel-07}
 * (asset), {@code baiyun:shovel-07/hoist-motor} (component), {@code baiyun:shovel-07/hoist-motor/winding-temp}
 * (channel), {@code baiyun:shovel-07/hoist-motor#Health/FailureProbability7d} (forecast), {@code ...#Name}
 * for properties.
 *
 * <h2>The fleet as the mine sees it</h2>
 * Beside those paths, which stay as they are, the same asset nodes are organised as the mine sees them:
 * {@code Objects/minetwin/<site>/<area>/<machine>/<installed twin>}. A folder per area of a site
 * ({@code minetwin/baiyun/North pit}) organises the machines with that area (twins installed in no other), and
 * each machine's asset node organises the twins installed in it by their parent links (a truck's traction
 * inverters). These are Organizes references only, so a node may be reached by several paths; they follow the
 * twin when it is registered again with other attributes.
 *
 * <h2>Values</h2>
 * A channel variable ({@link ChannelNode}) reads the twin repository when a client reads it, so it is never
 * stale and keeps no copy. Monitored items on a channel's Value are paced by {@link #outbox}: the repository's
 * change events only mark the channel changed (on the ingest thread, without building a value), and the
 * outbox's thread reads the channel's latest state and hands it to each item at most once per the item's
 * revised sampling interval (at least {@link ScadaLimits#minSamplingInterval()}), so an item sees the latest
 * value of each of its sampling intervals, in order, ending on the last, with the ingest's timestamps (source
 * time; server time is when the engine received it). Forecast variables hold their value and are set, then
 * pushed at once (they change rarely). Items on other attributes go to Milo's sampling
 * {@link SubscriptionModel}. A per-node lock orders a new item's first value against concurrent pushes.
 *
 * <h2>Start-up and re-registration</h2>
 * Forecasts queued before a twin's state was read for building its nodes ({@code seq <= syncSeq}) are
 * applied only if newer than what the nodes show. Monitored items keep working when a twin's nodes are
 * rebuilt with the same ids.
 */
final class TwinNamespace extends SampledNamespace {

    static final String URI = "urn:minetwin:twins";
    static final String HEALTH = "Health";

    private static final Set<AccessLevel> READ = Set.of(AccessLevel.CurrentRead);
    private static final Set<AccessLevel> READ_HISTORY = Set.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead);
    private static final UByte READ_HISTORY_BYTE = AccessLevel.toValue(READ_HISTORY);
    private static final DataValue WAITING = new DataValue(Variant.NULL_VALUE,
            new StatusCode(StatusCodes.Bad_WaitingForInitialData), null, null);

    /** Property names, shared by all nodes that have the property. */
    private static final Map<String, QualifiedName> PROPERTY_NAMES = new ConcurrentHashMap<>();
    private static final Map<String, LocalizedText> PROPERTY_TEXTS = new ConcurrentHashMap<>();

    private final Map<NodeId, CopyOnWriteArrayList<DataItem>> pushed = new ConcurrentHashMap<>();
    /** The outbox slot of each monitored channel node, by node id (kept when a twin's nodes are rebuilt). */
    private final Map<NodeId, ChannelSlot> watched = new ConcurrentHashMap<>();
    /** The outbox reader of each monitored item on a channel's Value. */
    private final Map<DataItem, LatestValueOutbox.Reader<ChannelState>> readers = new ConcurrentHashMap<>();
    private final Map<TwinId, TwinNodes> twins = new ConcurrentHashMap<>();
    private final Map<String, UaFolderNode> sites = new ConcurrentHashMap<>();
    private final Map<String, Layout> layouts = new HashMap<>();
    /** Area folders by site and area; built and removed with the twins, on the thread that builds them. */
    private final Map<String, AreaFolder> areas = new HashMap<>();
    /** The twins installed in each twin (by their parent links), served or not yet. */
    private final Map<TwinId, Set<TwinId>> installed = new HashMap<>();
    /** Open alerts by twin and component: when they were raised, for the alert id. */
    private final Map<String, Long> openAlerts = new HashMap<>();
    private final HistoryReader history;
    private final Function<TwinId, Optional<Twin>> lookup;
    private UaFolderNode root;
    private final ScadaLimits limits;
    /** Paces channel values from ingest to the monitored items: the latest per item per sampling interval. */
    final LatestValueOutbox<ChannelState> outbox;

    final LongAdder notifications = new LongAdder();
    final LongAdder events = new LongAdder();
    final LongAdder historyReads = new LongAdder();

    TwinNamespace(OpcUaServer server, Function<TwinId, Optional<Twin>> lookup, SeriesReader history,
                  int maxValuesPerRead, ScadaLimits limits) {
        super(server, URI);
        this.lookup = lookup;
        this.history = new HistoryReader(history, maxValuesPerRead);
        this.limits = limits;
        // the notify thread looks for changed channels every min-sampling-interval (1-10 ms)
        long pollMicros = Math.max(1_000, Math.min(10_000, (long) (limits.minSamplingInterval() * 1_000)));
        this.outbox = new LatestValueOutbox<>("minetwin-scada-notify", pollMicros, java.util.concurrent.TimeUnit.MICROSECONDS);
        getLifecycleManager().addStartupTask(this::buildRoot);
        getLifecycleManager().addShutdownTask(outbox::close);
    }

    private void buildRoot() {
        root = new UaFolderNode(getNodeContext(), newNodeId("minetwin"), newQualifiedName("minetwin"),
                LocalizedText.english("minetwin"));
        root.setDescription(LocalizedText.english("Live digital twins: channels, health and failure forecasts"));
        getNodeManager().addNode(root);
        root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    }

    int twinCount() {
        return twins.size();
    }

    int nodeCount() {
        return getNodeManager().getNodes().size();
    }

    int monitoredItems() {
        int n = 0;
        for (var l : pushed.values()) {
            n += l.size();
        }
        return n + readers.size() + subscriptionModel().getDataItems().size();
    }

    // ---- building ----

    /** What all twins of one asset type share: channel order, specs and their static property values. */
    private final class Layout {
        final AssetType type;
        final Map<String, Map<String, Integer>> index = new HashMap<>();
        final List<SeriesKeyPart> channels = new ArrayList<>();

        Layout(AssetType type) {
            this.type = type;
            for (ComponentType c : type.components()) {
                Map<String, Integer> m = new HashMap<>();
                for (ChannelSpec spec : c.channels()) {
                    m.put(spec.name(), channels.size());
                    channels.add(new SeriesKeyPart(c.name(), spec, eu(spec), range(spec), newQualifiedName(spec.name()),
                            LocalizedText.english(spec.name()), LocalizedText.english(spec.description())));
                }
                index.put(c.name(), m);
            }
        }

        int indexOf(String component, String channel) {
            Map<String, Integer> m = index.get(component);
            Integer i = m == null ? null : m.get(channel);
            return i == null ? -1 : i;
        }
    }

    /** One channel of an asset type, with the names and property values every twin of the type shares. */
    private record SeriesKeyPart(String component, ChannelSpec spec, Variant eu, Variant range, QualifiedName browseName,
                                 LocalizedText displayName, LocalizedText description) {
    }

    /** The nodes of one twin, and what each channel and forecast node currently shows. */
    static final class TwinNodes {
        final TwinDefinition definition;
        final Layout layout;
        final UaObjectNode asset;
        final ChannelNode[] vars;
        /** How many monitored items there are on this twin's channels: updates of unmonitored twins stop at the count. */
        final java.util.concurrent.atomic.AtomicInteger monitored = new java.util.concurrent.atomic.AtomicInteger();
        final Map<String, HealthNodes> health = new LinkedHashMap<>();
        volatile long syncSeq;
        /**
         * The monitored channels, for ingest: read once per change of the twin, so an update of an unmonitored
         * channel touches neither its node nor a map. Replaced whole when items come and go.
         */
        volatile Watched[] watched = NONE_WATCHED;
        /** With more than a few monitored channels: the slot of each channel by layout index (null if unmonitored). */
        volatile LatestValueOutbox.Slot<ChannelState>[] slots;

        final Function<TwinId, Optional<Twin>> lookup;

        private TwinNodes(TwinDefinition definition, Layout layout, UaObjectNode asset,
                          Function<TwinId, Optional<Twin>> lookup) {
            this.lookup = lookup;
            this.definition = definition;
            this.layout = layout;
            this.asset = asset;
            this.vars = new ChannelNode[layout.channels.size()];
        }
    }

    private static final Watched[] NONE_WATCHED = new Watched[0];

    /** A monitored channel of a twin: its names, to match updates, and its outbox slot. */
    record Watched(String component, String channel, LatestValueOutbox.Slot<ChannelState> slot) {
    }

    /** Recomputes {@code t.watched} from its channel nodes' slots; under the {@code watched} lock. */
    private static void refreshWatched(TwinNodes t) {
        List<Watched> w = new ArrayList<>();
        for (int i = 0; i < t.vars.length; i++) {
            ChannelNode n = t.vars[i];
            if (n != null && n.slot != null) {
                w.add(new Watched(n.component, n.spec.name(), n.slot));
            }
        }
        t.watched = w.isEmpty() ? NONE_WATCHED : w.toArray(Watched[]::new);
        if (w.size() > FEW_WATCHED) {
            @SuppressWarnings("unchecked")
            LatestValueOutbox.Slot<ChannelState>[] slots = new LatestValueOutbox.Slot[t.vars.length];
            for (int i = 0; i < t.vars.length; i++) {
                slots[i] = t.vars[i] == null ? null : t.vars[i].slot;
            }
            t.slots = slots;
        } else {
            t.slots = null;
        }
    }

    /** Up to this many monitored channels per twin, updates are matched by name; past it, by layout index. */
    private static final int FEW_WATCHED = 4;

    /** The forecast variables under one component's {@code Health} object. */
    record HealthNodes(UaObjectNode object, UaVariableNode score, UaVariableNode p72h, UaVariableNode p7d,
                       UaVariableNode rul, UaVariableNode rulLower, UaVariableNode rulUpper, UaVariableNode alert,
                       UaVariableNode signals, UaVariableNode model, UaVariableNode basis) {
    }

    private Layout layout(AssetType type) {
        Layout l = layouts.get(type.name());
        if (l == null || !l.type.equals(type)) {
            l = new Layout(type);
            layouts.put(type.name(), l);
        }
        return l;
    }

    /**
     * Builds (or rebuilds) the nodes of {@code twin}; {@code syncSeq} is the last change sequence number queued
     * before {@code twin} was read (forecasts queued up to it are applied only if newer than what it shows).
     *
     * @return true if the twin is new to the address space
     */
    boolean build(Twin twin, long syncSeq) {
        TwinNodes old = twins.remove(twin.id());
        if (old != null) {
            delete(old, false);
        }
        TwinDefinition d = twin.definition();
        Layout layout = layout(d.type());
        String id = d.id().toString();
        UaFolderNode site = sites.computeIfAbsent(d.id().namespace(), ns -> {
            var f = new UaFolderNode(getNodeContext(), newNodeId("minetwin/" + ns), newQualifiedName(ns),
                    LocalizedText.english(ns));
            getNodeManager().addNode(f);
            f.addReference(new Reference(f.getNodeId(), NodeIds.Organizes, root.getNodeId().expanded(), false));
            return f;
        });
        UaObjectNode asset = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(id))
                .setBrowseName(newQualifiedName(d.id().name()))
                .setDisplayName(LocalizedText.english(d.id().name()))
                .setDescription(LocalizedText.english(d.type().name() + (d.attributes().model().isEmpty() ? ""
                        : " " + d.attributes().model())))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(asset);
        forwardTypeDefinitionOnly(asset, NodeIds.BaseObjectType);
        asset.addReference(new Reference(asset.getNodeId(), NodeIds.Organizes, site.getNodeId().expanded(), false));
        place(d, old == null ? null : old.definition, site);
        var t = new TwinNodes(d, layout, asset, lookup);
        property(asset, id, "TwinId", new Variant(id), NodeIds.String);
        property(asset, id, "AssetType", new Variant(d.type().name()), NodeIds.String);
        property(asset, id, "Model", new Variant(d.attributes().model()), NodeIds.String);
        property(asset, id, "SerialNumber", new Variant(d.attributes().serial()), NodeIds.String);
        property(asset, id, "Site", new Variant(d.attributes().site()), NodeIds.String);
        d.attributes().commissioned().ifPresent(c -> property(asset, id, "Commissioned", new Variant(c.toString()),
                NodeIds.String));
        d.attributes().parent().ifPresent(p -> property(asset, id, "InstalledIn",
                new Variant(p.twin() + "/" + p.component()), NodeIds.String));

        Map<String, UaObjectNode> components = new HashMap<>();
        for (ComponentType c : d.type().components()) {
            String cid = id + "/" + c.name();
            UaObjectNode comp = UaObjectNode.builder(getNodeContext())
                    .setNodeId(newNodeId(cid))
                    .setBrowseName(newQualifiedName(c.name()))
                    .setDisplayName(LocalizedText.english(c.name()))
                    .setDescription(LocalizedText.english(c.description()))
                    .setTypeDefinition(NodeIds.BaseObjectType)
                    .build();
            getNodeManager().addNode(comp);
            forwardTypeDefinitionOnly(comp, NodeIds.BaseObjectType);
            comp.addReference(new Reference(comp.getNodeId(), NodeIds.HasComponent, asset.getNodeId().expanded(), false));
            String supplier = d.attributes().suppliers().get(c.name());
            if (supplier != null) {
                property(comp, cid, "Supplier", new Variant(supplier), NodeIds.String);
            }
            components.put(c.name(), comp);
            t.health.put(c.name(), healthNodes(comp, cid, twin.health(c.name()).orElse(null)));
        }
        for (int i = 0; i < layout.channels.size(); i++) {
            SeriesKeyPart part = layout.channels.get(i);
            ChannelSpec spec = part.spec();
            String vid = id + "/" + part.component() + "/" + spec.name();
            var v = new ChannelNode(getNodeContext(), newNodeId(vid), part, t, limits.minSamplingInterval());
            ChannelSlot w = watched.get(v.getNodeId()); // monitored items survive a rebuild of the twin
            if (w != null) {
                w.node = v;
                v.slot = w.slot;
                t.monitored.addAndGet(w.slot.readers());
            }
            // forward only: see forwardTypeDefinitionOnly
            getNodeManager().addReference(new Reference(v.getNodeId(), NodeIds.HasTypeDefinition,
                    (spec.type().isNumeric() ? NodeIds.AnalogItemType : NodeIds.BaseDataVariableType).expanded(), true));
            getNodeManager().addNode(v);
            v.addReference(new Reference(v.getNodeId(), NodeIds.HasComponent,
                    components.get(part.component()).getNodeId().expanded(), false));
            property(v, vid, "EngineeringUnits", part.eu(), NodeIds.EUInformation);
            if (part.range() != null) {
                property(v, vid, "EURange", part.range(), NodeIds.Range);
            }
            if (spec.type() == ValueType.STATE) {
                property(v, vid, "States", new Variant(spec.states().toArray(String[]::new)), NodeIds.String);
            }
            t.vars[i] = v;
        }
        t.syncSeq = syncSeq;
        synchronized (watched) {
            refreshWatched(t);
        }
        twins.put(d.id(), t);
        return old == null;
    }

    private HealthNodes healthNodes(UaObjectNode comp, String cid, ComponentHealth h) {
        String hid = cid + "#" + HEALTH;
        UaObjectNode obj = UaObjectNode.builder(getNodeContext())
                .setNodeId(newNodeId(hid))
                .setBrowseName(newQualifiedName(HEALTH))
                .setDisplayName(LocalizedText.english(HEALTH))
                .setDescription(LocalizedText.english("The latest failure forecast of this component"))
                .setTypeDefinition(NodeIds.BaseObjectType)
                .build();
        getNodeManager().addNode(obj);
        forwardTypeDefinitionOnly(obj, NodeIds.BaseObjectType);
        obj.addReference(new Reference(obj.getNodeId(), NodeIds.HasComponent, comp.getNodeId().expanded(), false));
        var nodes = new HealthNodes(obj,
                healthVar(obj, hid, "HealthScore", NodeIds.Double, "Health from 0 (failed) to 100 (as new)"),
                healthVar(obj, hid, "FailureProbability72h", NodeIds.Double, "Probability of failure within 72 hours, 0..1"),
                healthVar(obj, hid, "FailureProbability7d", NodeIds.Double, "Probability of failure within 7 days, 0..1"),
                healthVar(obj, hid, "RemainingUsefulLifeHours", NodeIds.Double, "Remaining useful life, hours"),
                healthVar(obj, hid, "RemainingUsefulLifeLowerHours", NodeIds.Double,
                        "Lower bound of the remaining useful life interval, hours"),
                healthVar(obj, hid, "RemainingUsefulLifeUpperHours", NodeIds.Double,
                        "Upper bound of the remaining useful life interval, hours"),
                healthVar(obj, hid, "AlertLevel", NodeIds.String, "ok, watch, warning or critical"),
                healthVar(obj, hid, "TopSignals", NodeIds.String, "The signals behind the forecast, strongest first"),
                healthVar(obj, hid, "ModelVersion", NodeIds.String, "The model version(s) that made the forecast"),
                healthVar(obj, hid, "Basis", NodeIds.String, "What the forecast rests on: 'model' (trained models) or"
                        + " 'prior' (the component type's life distribution, for a component without a model)"));
        if (h != null) {
            setHealth(nodes, h, false);
        }
        return nodes;
    }

    private UaVariableNode healthVar(UaObjectNode owner, String ownerId, String name, NodeId type, String description) {
        UaVariableNode v = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(ownerId + "/" + name))
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .setDataType(type)
                .setValueRank(name.equals("TopSignals") ? 1 : -1)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setAccessLevel(READ)
                .setUserAccessLevel(READ)
                .setMinimumSamplingInterval(0.0)
                .setValue(WAITING)
                .build();
        getNodeManager().addNode(v);
        forwardTypeDefinitionOnly(v, NodeIds.BaseDataVariableType);
        v.addReference(new Reference(v.getNodeId(), NodeIds.HasComponent, owner.getNodeId().expanded(), false));
        return v;
    }

    private void property(UaNode owner, String ownerId, String name, Variant value, NodeId dataType) {
        UaVariableNode prop = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(newNodeId(ownerId + "#" + name))
                .setBrowseName(PROPERTY_NAMES.computeIfAbsent(name, n -> new QualifiedName(0, n)))
                .setDisplayName(PROPERTY_TEXTS.computeIfAbsent(name, LocalizedText::english))
                .setDataType(dataType)
                .setValueRank(value.getValue() instanceof Object[] ? 1 : -1)
                .setTypeDefinition(NodeIds.PropertyType)
                .setAccessLevel(READ)
                .setUserAccessLevel(READ)
                .setValue(new DataValue(value))
                .build();
        getNodeManager().addNode(prop);
        forwardTypeDefinitionOnly(prop, NodeIds.PropertyType);
        prop.addReference(new Reference(prop.getNodeId(), NodeIds.HasProperty, owner.getNodeId().expanded(), false));
    }

    /**
     * Drops the inverse of {@code node}'s HasTypeDefinition reference (type to instance), which Milo's builders
     * add beside the forward one. Kept, every twin node would add one entry under a standard type node in this
     * namespace's reference map: about a million under PropertyType alone for 10,000 twins, heap for nothing, and
     * Milo copies that list whenever it instantiates a type (each new session's diagnostics object), which took
     * seconds of CPU per SCADA login. Clients browse from instances to their type, which is kept.
     */
    private void forwardTypeDefinitionOnly(UaNode node, NodeId type) {
        getNodeManager().removeReference(new Reference(type, NodeIds.HasTypeDefinition, node.getNodeId().expanded(),
                false));
    }

    private Variant eu(ChannelSpec spec) {
        var eu = new EUInformation(null, -1, LocalizedText.english(spec.unit()), LocalizedText.english(spec.unit()));
        return new Variant(ExtensionObject.encode(getServer().getStaticEncodingContext(), eu));
    }

    private Variant range(ChannelSpec spec) {
        if (!spec.type().isNumeric()) {
            return null;
        }
        io.minetwin.model.Range r = spec.physical().isUnbounded() ? spec.normal() : spec.physical();
        double lo = r.hasMin() ? r.min() : -Double.MAX_VALUE;
        double hi = r.hasMax() ? r.max() : Double.MAX_VALUE;
        return new Variant(ExtensionObject.encode(getServer().getStaticEncodingContext(), new Range(lo, hi)));
    }

    private static NodeId dataType(ChannelSpec spec) {
        return switch (spec.type()) {
            case STATE -> NodeIds.String;
            case BOOLEAN -> NodeIds.Boolean;
            default -> NodeIds.Double;
        };
    }

    /** Removes a twin's nodes; false if it was not served. */
    boolean remove(TwinId id) {
        TwinNodes t = twins.remove(id);
        if (t == null) {
            return false;
        }
        delete(t, true);
        unplace(t.definition);
        return true;
    }

    // ---- the fleet as the mine sees it: extra Organizes references, beside the site folder's ----

    /**
     * Places a (re)built twin's asset node in the fleet tree: a machine (a twin installed in no other) is
     * organised by its area's folder under its site folder, when it has an area; a twin installed in another
     * is organised by that twin's asset node, when that twin is served; and the asset node organises the
     * served twins installed in it (their references went with the node when it was deleted for the rebuild).
     * Only references and one folder per area are added; every node keeps its id and its path through the
     * site folder. Organizes, not HasComponent: deleting a parent's nodes must not delete its children's.
     *
     * @param before the twin's previous definition, or null if it is new
     */
    private void place(TwinDefinition d, TwinDefinition before, UaFolderNode site) {
        TwinId id = d.id();
        NodeId node = newNodeId(id.toString());
        if (before != null) {
            uninstall(before);
        }
        Optional<TwinId> parent = parent(d);
        if (parent.isPresent()) {
            installed.computeIfAbsent(parent.get(), k -> new java.util.LinkedHashSet<>()).add(id);
            if (twins.containsKey(parent.get())) {
                organize(newNodeId(parent.get().toString()), node);
            }
        } else if (!d.attributes().area().isEmpty()) {
            AreaFolder area = areas.computeIfAbsent(areaKey(id.namespace(), d.attributes().area()),
                    k -> new AreaFolder(newArea(site, id.namespace(), d.attributes().area())));
            area.machines++;
            organize(area.node.getNodeId(), node);
        }
        if (before != null) {
            leaveArea(before); // after joining the new one, so a folder the twin stays in is kept
        }
        for (TwinId child : installed.getOrDefault(id, Set.of())) {
            if (twins.containsKey(child)) {
                organize(node, newNodeId(child.toString()));
            }
        }
    }

    /** Forgets where a removed twin was placed (its references went with its nodes). */
    private void unplace(TwinDefinition d) {
        uninstall(d);
        leaveArea(d);
    }

    /** The twin {@code d} is installed in, if any (a link to itself is ignored). */
    private static Optional<TwinId> parent(TwinDefinition d) {
        return d.attributes().parent().map(p -> p.twin()).filter(p -> !p.equals(d.id()));
    }

    private void uninstall(TwinDefinition d) {
        parent(d).ifPresent(p -> {
            Set<TwinId> children = installed.get(p);
            if (children != null && children.remove(d.id()) && children.isEmpty()) {
                installed.remove(p);
            }
        });
    }

    /** Leaves the area folder of a machine, deleting the folder when no machine is left in it. */
    private void leaveArea(TwinDefinition d) {
        if (parent(d).isEmpty() && !d.attributes().area().isEmpty()) {
            String key = areaKey(d.id().namespace(), d.attributes().area());
            AreaFolder area = areas.get(key);
            if (area != null && --area.machines <= 0) {
                areas.remove(key);
                area.node.delete();
            }
        }
    }

    private void organize(NodeId source, NodeId target) {
        getNodeManager().addReferences(new Reference(source, NodeIds.Organizes, target.expanded(), true),
                getServer().getNamespaceTable());
    }

    private UaFolderNode newArea(UaFolderNode site, String namespace, String area) {
        var f = new UaFolderNode(getNodeContext(), newNodeId("minetwin/" + namespace + "/" + area),
                newQualifiedName(area), LocalizedText.english(area));
        f.setDescription(LocalizedText.english("The machines working in " + area));
        getNodeManager().addNode(f);
        f.addReference(new Reference(f.getNodeId(), NodeIds.Organizes, site.getNodeId().expanded(), false));
        return f;
    }

    private static String areaKey(String namespace, String area) {
        return namespace + "\n" + area;
    }

    /** The folder of one area of a site, and how many machines it organises. */
    private static final class AreaFolder {
        final UaFolderNode node;
        int machines;

        AreaFolder(UaFolderNode node) {
            this.node = node;
        }
    }

    /** Deletes a twin's nodes; monitored items on them stay attached when the twin is rebuilt with the same ids. */
    private void delete(TwinNodes t, boolean forget) {
        List<NodeId> ids = new ArrayList<>();
        collect(t.asset, ids);
        t.asset.delete();
        if (forget) {
            for (NodeId n : ids) {
                pushed.remove(n);
                ChannelSlot w = watched.remove(n);
                if (w != null) {
                    w.node.slot = null;
                }
            }
        }
    }

    private void collect(UaNode node, List<NodeId> out) {
        out.add(node.getNodeId());
        for (Reference r : getNodeManager().getReferences(node.getNodeId())) {
            if (r.isForward() && (r.getReferenceTypeId().equals(NodeIds.HasComponent)
                    || r.getReferenceTypeId().equals(NodeIds.HasProperty))) {
                r.getTargetNodeId().toNodeId(getServer().getNamespaceTable())
                        .flatMap(n -> getNodeManager().getNode(n)).ifPresent(child -> collect(child, out));
            }
        }
    }

    /** Tells subscribers of the server's events that twins were added or removed. */
    void modelChanged(List<TwinId> ids, boolean added) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            var changes = new ArrayList<ModelChangeStructureDataType>();
            for (TwinId id : ids) {
                // verb bits (Part 3): NodeAdded 1, NodeDeleted 2, ReferenceAdded 4, ReferenceDeleted 8
                changes.add(new ModelChangeStructureDataType(newNodeId(id.toString()), NodeIds.BaseObjectType,
                        ubyte(added ? 1 | 4 : 2 | 8)));
            }
            BaseEventTypeNode event = getServer().getEventFactory().createEvent(newNodeId(UUID.randomUUID()),
                    NodeIds.GeneralModelChangeEventType);
            event.setBrowseName(new QualifiedName(1, "GeneralModelChangeEvent"));
            event.setDisplayName(LocalizedText.english("GeneralModelChangeEvent"));
            event.setEventId(ByteString.of(uuid()));
            event.setEventType(NodeIds.GeneralModelChangeEventType);
            event.setSourceNode(root.getNodeId());
            event.setSourceName("minetwin");
            event.setTime(DateTime.now());
            event.setReceiveTime(DateTime.NULL_VALUE);
            event.setMessage(LocalizedText.english((added ? "twins added: " : "twins removed: ")
                    + (ids.size() > 5 ? ids.size() + " twins" : ids.toString())));
            event.setSeverity(ushort(100));
            ((GeneralModelChangeEventTypeNode) event).setChanges(changes.toArray(ModelChangeStructureDataType[]::new));
            getServer().getEventNotifier().fire(event);
            event.delete();
            events.increment();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TwinNamespace.class).warn("model change event not sent: {}", e.toString());
        }
    }

    private static byte[] uuid() {
        UUID u = UUID.randomUUID();
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();
    }

    // ---- live values ----

    /**
     * Tells {@link #outbox} which monitored channels of one twin changed: on the thread that made the changes
     * (ingest) this only marks the channel's slot, without building a value, so it never waits for Milo or a
     * client; the outbox's thread samples the channel from the twin state at each item's sampling interval. A
     * twin nobody monitors costs one map lookup.
     */
    void updated(TwinId id, List<ChannelUpdate> updates) {
        TwinNodes t = twins.get(id);
        if (t == null) {
            return;
        }
        Watched[] watched = t.watched;
        if (watched.length == 0) {
            return;
        }
        LatestValueOutbox.Slot<ChannelState>[] slots = t.slots;
        if (slots != null) {
            for (ChannelUpdate u : updates) {
                int i = t.layout.indexOf(u.series().component(), u.series().channel());
                if (i >= 0 && slots[i] != null) {
                    outbox.changed(slots[i]);
                }
            }
            return;
        }
        for (ChannelUpdate u : updates) {
            String channel = u.series().channel();
            for (Watched w : watched) {
                if (w.channel().equals(channel) && w.component().equals(u.series().component())) {
                    outbox.changed(w.slot());
                    break;
                }
            }
        }
    }

    /** The outbox slot of one monitored channel node id, and the node that now has that id. */
    private static final class ChannelSlot {
        volatile ChannelNode node;
        final LatestValueOutbox.Slot<ChannelState> slot = new LatestValueOutbox.Slot<>(() -> node.state());

        ChannelSlot(ChannelNode node) {
            this.node = node;
        }
    }

    /** Sets a component's forecast nodes and, when the alert level changed, fires an alert event. */
    void health(TwinId id, String component, Optional<ComponentHealth> before, ComponentHealth after, long seq) {
        TwinNodes t = twins.get(id);
        if (t == null) {
            return;
        }
        HealthNodes h = t.health.get(component);
        if (h == null) {
            return;
        }
        if (seq <= t.syncSeq) {
            DataValue shown = h.score().getValue();
            if (shown != null && shown.sourceTime() != null
                    && !shown.sourceTime().getJavaInstant().isBefore(after.time())) {
                return;
            }
        }
        setHealth(h, after, true);
        AlertLevel previous = before.map(ComponentHealth::alert).orElse(AlertLevel.OK);
        if (previous != after.alert()) {
            alert(t, component, h, previous, after);
        }
    }

    private void setHealth(HealthNodes h, ComponentHealth f, boolean push) {
        DateTime time = new DateTime(f.time());
        DateTime now = DateTime.now();
        set(h.score(), new Variant(f.score()), time, now, push);
        set(h.p72h(), f.probability("72h").map(Variant::new).orElse(null), time, now, push);
        set(h.p7d(), f.probability("7d").map(Variant::new).orElse(null), time, now, push);
        set(h.rul(), f.rul().map(r -> new Variant(r.hours())).orElse(null), time, now, push);
        set(h.rulLower(), f.rul().map(r -> new Variant(r.lowerHours())).orElse(null), time, now, push);
        set(h.rulUpper(), f.rul().map(r -> new Variant(r.upperHours())).orElse(null), time, now, push);
        set(h.alert(), new Variant(f.alert().id()), time, now, push);
        set(h.signals(), new Variant(f.topSignals().stream().map(ComponentHealth.Signal::label).toArray(String[]::new)),
                time, now, push);
        set(h.model(), new Variant(f.modelVersion()), time, now, push);
        set(h.basis(), new Variant(f.basis().id()), time, now, push);
    }

    private void set(UaVariableNode node, Variant v, DateTime source, DateTime server, boolean push) {
        DataValue dv = v == null ? new DataValue(Variant.NULL_VALUE, new StatusCode(StatusCodes.Bad_NoData), source, server)
                : new DataValue(v, StatusCode.GOOD, source, server);
        if (push) {
            publish(node, dv);
        } else {
            node.setValue(dv);
        }
    }

    private void alert(TwinNodes t, String component, HealthNodes h, AlertLevel previous, ComponentHealth after) {
        String key = t.definition.id() + "." + component;
        AlertEvent.Action action = AlertEvent.Action.between(previous, after.alert());
        if (action == AlertEvent.Action.RAISED) {
            openAlerts.put(key, after.time().toEpochMilli());
        }
        long raised = action == AlertEvent.Action.CLEARED
                ? Optional.ofNullable(openAlerts.remove(key)).orElse(after.time().toEpochMilli())
                : openAlerts.computeIfAbsent(key, k -> after.time().toEpochMilli());
        AlertEvent alert = AlertEvent.levelChanged(after.time(), t.definition.id(), component,
                Instant.ofEpochMilli(raised), previous, after.alert(), after);
        String alertId = alert.alert();
        var msg = new StringBuilder();
        msg.append(component).append(" of ").append(t.definition.id()).append(": ").append(alert.level().id())
                .append(" (").append(alert.action().id()).append(" from ").append(alert.previous().id()).append("); health ")
                .append(String.format(Locale.ROOT, "%.0f", after.score()));
        after.probability("7d").ifPresent(p -> msg.append(String.format(Locale.ROOT, ", 7-day failure probability %.0f%%", p * 100)));
        after.rul().ifPresent(r -> msg.append(String.format(Locale.ROOT, ", remaining life %.0f h", r.hours())));
        if (!after.topSignals().isEmpty()) {
            msg.append("; signals: ").append(String.join("; ",
                    after.topSignals().stream().map(ComponentHealth.Signal::label).toList()));
        }
        msg.append(" [alert ").append(alertId).append("]");
        try {
            BaseEventTypeNode event = getServer().getEventFactory().createEvent(newNodeId(UUID.randomUUID()),
                    NodeIds.BaseEventType);
            event.setBrowseName(new QualifiedName(1, "MinetwinAlert"));
            event.setDisplayName(LocalizedText.english("minetwin alert"));
            event.setEventId(ByteString.of(uuid()));
            event.setEventType(NodeIds.BaseEventType);
            event.setSourceNode(h.object().getNodeId());
            event.setSourceName(t.definition.id() + "/" + component);
            event.setTime(new DateTime(after.time()));
            event.setReceiveTime(DateTime.now());
            event.setMessage(LocalizedText.english(msg.toString()));
            event.setSeverity(ushort(severity(after.alert())));
            getServer().getEventNotifier().fire(event);
            event.delete();
            events.increment();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(TwinNamespace.class).warn("alert event for {} not sent: {}", alertId,
                    e.toString());
        }
    }

    /** OPC UA severity (1..1000) of an alert level. */
    static int severity(AlertLevel level) {
        return switch (level) {
            case OK -> 100;
            case WATCH -> 300;
            case WARNING -> 600;
            case CRITICAL -> 900;
        };
    }

    /** Sets a variable and hands the value to the monitored items on it, in that order, under the node's lock. */
    private void publish(UaVariableNode node, DataValue value) {
        synchronized (node) {
            node.setValue(value);
            if (pushed.isEmpty()) {
                return;
            }
            List<DataItem> items = pushed.get(node.getNodeId());
            if (items != null) {
                push(items, value);
            }
        }
    }

    private void push(List<DataItem> items, DataValue value) {
        for (DataItem item : items) {
            if (item.isSamplingEnabled()) {
                item.setValue(stamped(value, item.getTimestampsToReturn()));
                notifications.increment();
            }
        }
    }

    private static DataValue stamped(DataValue v, TimestampsToReturn ts) {
        return switch (ts == null ? TimestampsToReturn.Both : ts) {
            case Both -> v;
            case Source -> new DataValue(v.value(), v.statusCode(), v.sourceTime(), null);
            case Server -> new DataValue(v.value(), v.statusCode(), null, v.serverTime());
            default -> new DataValue(v.value(), v.statusCode(), null, null);
        };
    }

    /** A channel state as a variable value: the latest reading, its quality as the status, ingest timestamps. */
    static DataValue channelValue(ChannelSpec spec, ChannelState state) {
        Reading r = state.latest();
        Variant v = variant(r.value());
        if (spec.type() == ValueType.NUMBER || spec.type() == ValueType.INTEGER) {
            v = r.value() instanceof Value.Num n ? new Variant(n.value()) : Variant.NULL_VALUE;
        }
        return new DataValue(v, status(r.quality().level()), new DateTime(r.sourceTime()), new DateTime(r.receiveTime()));
    }

    static Variant variant(Value value) {
        if (value instanceof Value.Num n) {
            return new Variant(n.value());
        }
        if (value instanceof Value.Bool b) {
            return new Variant(b.value());
        }
        return new Variant(((Value.Text) value).value());
    }

    static StatusCode status(QualityLevel q) {
        return switch (q) {
            case GOOD -> StatusCode.GOOD;
            case UNCERTAIN -> StatusCode.UNCERTAIN;
            case BAD -> StatusCode.BAD;
        };
    }

    // ---- monitored items ----

    /** A queue larger than {@code max-queue-size} is revised down to it; the sampling interval is kept. */
    @Override
    public AddressSpace.RevisedDataItemParameters onCreateDataItem(ReadValueId item, Double samplingInterval,
                                                                  UInteger queueSize) {
        return new AddressSpace.RevisedDataItemParameters(samplingInterval, revisedQueueSize(queueSize));
    }

    @Override
    public AddressSpace.RevisedDataItemParameters onModifyDataItem(ReadValueId item, Double samplingInterval,
                                                                  UInteger queueSize) {
        return new AddressSpace.RevisedDataItemParameters(samplingInterval, revisedQueueSize(queueSize));
    }

    private UInteger revisedQueueSize(UInteger requested) {
        long r = requested == null ? 1 : requested.longValue();
        return UInteger.valueOf(Math.max(1, Math.min(r, limits.maxQueueSize())));
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            NodeId id = item.getReadValueId().getNodeId();
            Optional<UaNode> node = item.getReadValueId().getAttributeId().equals(AttributeId.Value.uid())
                    ? getNodeManager().getNode(id) : Optional.empty();
            if (node.isPresent() && node.get() instanceof ChannelNode c) {
                watch(id, c, item);
            } else if (node.isPresent() && node.get() instanceof UaVariableNode v) {
                synchronized (v) {
                    var list = pushed.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
                    list.add(item);
                    DataValue value = v.getValue();
                    if (value != null && item.isSamplingEnabled()) {
                        item.setValue(stamped(value, item.getTimestampsToReturn()));
                    }
                }
            } else {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            super.onDataItemsCreated(sampled);
        }
    }

    /** A monitored item on a channel's Value: an outbox reader at the item's sampling interval; the first value now. */
    private void watch(NodeId id, ChannelNode c, DataItem item) {
        synchronized (watched) {
            ChannelSlot w = watched.computeIfAbsent(id, k -> new ChannelSlot(c));
            w.node = c;
            c.slot = w.slot;
            var reader = new LatestValueOutbox.Reader<ChannelState>(item::getSamplingInterval, item::isSamplingEnabled,
                    state -> {
                        item.setValue(w.node.value(state));
                        notifications.increment();
                    });
            readers.put(item, reader);
            c.owner.monitored.incrementAndGet();
            refreshWatched(c.owner);
            outbox.add(w.slot, reader);
        }
    }

    /** Removes a monitored item on a channel's Value; false if it is not one. */
    private boolean unwatch(DataItem item) {
        synchronized (watched) {
            var reader = readers.remove(item);
            if (reader == null) {
                return false;
            }
            NodeId id = item.getReadValueId().getNodeId();
            ChannelSlot w = watched.get(id);
            if (w != null && outbox.remove(w.slot, reader)) {
                w.node.owner.monitored.decrementAndGet();
                if (!w.slot.hasReaders()) {
                    watched.remove(id, w);
                    w.node.slot = null;
                    refreshWatched(w.node.owner);
                }
            }
            return true;
        }
    }

    @Override
    public void onMonitoringModeChanged(List<org.eclipse.milo.opcua.sdk.server.items.MonitoredItem> items) {
        List<org.eclipse.milo.opcua.sdk.server.items.MonitoredItem> others = new ArrayList<>();
        for (var item : items) {
            var reader = item instanceof DataItem d ? readers.get(d) : null;
            ChannelSlot w = reader == null ? null : watched.get(item.getReadValueId().getNodeId());
            if (w != null) {
                // sampling enabled again: the item gets the channel's latest value at its next tick
                outbox.resample(w.slot, reader);
            } else if (reader == null) {
                others.add(item);
            }
        }
        if (!others.isEmpty()) {
            super.onMonitoringModeChanged(others);
        }
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            if (unwatch(item)) {
                continue;
            }
            var list = pushed.get(item.getReadValueId().getNodeId());
            if (list != null && list.remove(item)) {
                if (list.isEmpty()) {
                    pushed.remove(item.getReadValueId().getNodeId(), list);
                }
            } else {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            super.onDataItemsDeleted(sampled);
        }
    }

    // ---- history ----

    @Override
    public List<HistoryReadResult> historyRead(AddressSpace.HistoryReadContext context, HistoryReadDetails details,
                                               TimestampsToReturn timestamps, List<HistoryReadValueId> nodes) {
        List<HistoryReadResult> results = new ArrayList<>(nodes.size());
        NodeId[] aggregates = details instanceof ReadProcessedDetails p ? p.getAggregateType() : null;
        if (details instanceof ReadProcessedDetails && (aggregates == null || aggregates.length != nodes.size())) {
            for (int i = 0; i < nodes.size(); i++) {
                results.add(result(HistoryReader.Page.error(StatusCodes.Bad_AggregateListMismatch)));
            }
            return results;
        }
        // One call returns at most max-history-points-per-call values: each node gets an equal share (at least
        // one) and a continuation point for the rest.
        int share = Math.max(1, limits.maxHistoryPointsPerCall() / Math.max(1, nodes.size()));
        for (int i = 0; i < nodes.size(); i++) {
            historyReads.increment();
            HistoryReadValueId n = nodes.get(i);
            Channel c = channel(n.getNodeId());
            HistoryReader.Page page;
            if (c == null) {
                page = HistoryReader.Page.error(getNodeManager().containsNode(n.getNodeId())
                        ? StatusCodes.Bad_HistoryOperationUnsupported : StatusCodes.Bad_NodeIdUnknown);
            } else if (details instanceof ReadRawModifiedDetails raw) {
                page = Boolean.TRUE.equals(raw.getIsReadModified())
                        ? HistoryReader.Page.error(StatusCodes.Bad_HistoryOperationUnsupported)
                        : history.raw(c.series(), c.spec(), raw.getStartTime(), raw.getEndTime(),
                        perNode(raw.getNumValuesPerNode(), share), n.getContinuationPoint());
            } else if (details instanceof ReadProcessedDetails p) {
                page = history.processed(c.series(), p.getStartTime(), p.getEndTime(),
                        p.getProcessingInterval() == null ? 0 : p.getProcessingInterval(), aggregates[i],
                        n.getContinuationPoint(), share);
            } else {
                page = HistoryReader.Page.error(StatusCodes.Bad_HistoryOperationUnsupported);
            }
            results.add(result(page));
        }
        return results;
    }

    /** The values a node may return: what the client asked (0 for no limit), within the call's share. */
    private static long perNode(UInteger requested, int share) {
        long r = requested == null ? 0 : requested.longValue();
        return r <= 0 ? share : Math.min(r, share);
    }

    private HistoryReadResult result(HistoryReader.Page page) {
        return new HistoryReadResult(page.status(), page.continuation(),
                ExtensionObject.encode(getServer().getStaticEncodingContext(),
                        new HistoryData(page.values().toArray(DataValue[]::new))));
    }

    private record Channel(SeriesKey series, ChannelSpec spec) {
    }

    /** The channel a node id names ({@code <twin>/<component>/<channel>}), or null. */
    private Channel channel(NodeId id) {
        if (id == null || id.getNamespaceIndex().intValue() != getNamespaceIndex().intValue()
                || !(id.getIdentifier() instanceof String s) || s.indexOf('#') >= 0) {
            return null;
        }
        String[] p = s.split("/");
        if (p.length != 3) {
            return null;
        }
        try {
            TwinNodes t = twins.get(TwinId.parse(p[0]));
            if (t == null) {
                return null;
            }
            return t.definition.type().channel(p[1], p[2])
                    .map(spec -> new Channel(new SeriesKey(t.definition.id(), p[1], p[2]), spec)).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A channel variable whose value is read from the twin repository when a client reads it: the node keeps
     * no value of its own, so a channel change costs nothing here unless somebody monitors the channel.
     */
    static final class ChannelNode extends UaVariableNode {
        private final TwinNodes owner;
        private final String component;
        private final ChannelSpec spec;
        /** The outbox slot of the monitored items on the Value attribute, or null when nobody monitors it. */
        volatile LatestValueOutbox.Slot<ChannelState> slot;

        private ChannelNode(org.eclipse.milo.opcua.sdk.server.nodes.UaNodeContext context, NodeId id, SeriesKeyPart part,
                            TwinNodes owner, double minimumSamplingInterval) {
            super(context, id, part.browseName(), part.displayName(), part.description(), UInteger.MIN, UInteger.MIN,
                    null, null, null, WAITING, dataType(part.spec()), -1, null, READ_HISTORY_BYTE, READ_HISTORY_BYTE,
                    minimumSamplingInterval, true, null);
            this.owner = owner;
            this.component = part.component();
            this.spec = part.spec();
        }

        /** The channel's state in the twin repository now, or null before its first reading. */
        ChannelState state() {
            return owner.lookup.apply(owner.definition.id()).flatMap(t -> t.channel(component, spec.name()))
                    .orElse(null);
        }

        /** {@code state} as this variable's value. */
        DataValue value(ChannelState state) {
            return state == null ? WAITING : channelValue(spec, state);
        }

        @Override
        public synchronized Object getAttribute(AttributeId attributeId) {
            if (attributeId == AttributeId.Value) {
                return value(state());
            }
            return super.getAttribute(attributeId);
        }

        @Override
        public synchronized void setAttribute(AttributeId attributeId, Object value) {
            if (attributeId != AttributeId.Value) {
                super.setAttribute(attributeId, value);
            }
        }
    }
}
