package io.minetwin.connectors.opcua;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ViewDescription;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Browses a server's address space below the Objects folder, level by level, and reads what tells a
 * variable's meaning: its data type, {@code EngineeringUnits} and {@code EURange}.
 *
 * <p>Every Browse and BrowseNext carries at most the server's {@code MaxNodesPerBrowse} nodes and every
 * Read its {@code MaxNodesPerRead}; each node asks for at most {@code maxReferencesPerNode} references and
 * the rest is fetched with BrowseNext through the continuation point, which is released as soon as it is
 * used up; a BrowseNext carries no more points than the server keeps per session
 * ({@code MaxBrowseContinuationPoints}). A node the server has no continuation point left for ({@code Bad_NoContinuationPoints}) is
 * browsed again alone. Standard nodes (namespace 0, e.g. the Server object) are skipped.
 */
public final class AddressSpaceScan {

    /**
     * A variable found below Objects.
     *
     * @param path      browse names from below Objects, e.g. {@code [Shovel-01, HoistMotor, Temperature]}
     * @param nodeId    the node id in its parseable text form, e.g. {@code ns=2;s=Shovel-01.HoistMotor.Temperature}
     * @param dataType  the data type's name for built-in types (e.g. {@code Double}), else its node id
     * @param kind      what the data type holds
     * @param unit      the unit from {@code EngineeringUnits}: the asset-type spelling when known
     *                  ({@code degC}), else the display name as the server gives it
     * @param euLow     the low end of {@code EURange}, NaN without one
     * @param euHigh    the high end of {@code EURange}, NaN without one
     */
    public record Variable(List<String> path, String nodeId, String dataType, Kind kind, Optional<String> unit,
                           double euLow, double euHigh) {
        public Variable {
            path = List.copyOf(path);
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(unit, "unit");
        }

        /** {@code Objects/...}, for messages and browse patterns. */
        public String browsePath() {
            return "Objects/" + String.join("/", path);
        }

        public boolean hasEuRange() {
            return !Double.isNaN(euLow) && !Double.isNaN(euHigh);
        }
    }

    /** What a variable's data type holds. */
    public enum Kind {
        NUMBER, BOOLEAN, TEXT, OTHER;

        public boolean numeric() {
            return this == NUMBER;
        }
    }

    /**
     * @param variables           variables in browse order (parents before children, names in server order)
     * @param objects             objects and folders passed through
     * @param browseRequests      Browse requests sent
     * @param browseNextRequests  BrowseNext requests sent (continuation points followed)
     * @param maxNodesPerBrowse   the most nodes one Browse or BrowseNext carried: the server's limit or less
     * @param truncated           whether the scan stopped at its node cap
     */
    public record Result(List<Variable> variables, int objects, int browseRequests, int browseNextRequests,
                         int maxNodesPerBrowse, boolean truncated) {
        public Result {
            variables = List.copyOf(variables);
        }
    }

    private static final int MAX_DEPTH = 16;

    private final OpcUaClient client;
    private final OperationLimits limits;
    private final int maxReferencesPerNode;
    private final int maxNodes;
    /** Continuation points the server keeps per session: also the most one BrowseNext may carry. */
    private int continuationPoints = Integer.MAX_VALUE;
    private int browseRequests;
    private int browseNextRequests;
    private int largestRequest;

    AddressSpaceScan(OpcUaClient client, OperationLimits limits, int maxReferencesPerNode, int maxNodes) {
        if (maxReferencesPerNode < 1 || maxNodes < 1) {
            throw new IllegalArgumentException("references per node and node cap must be at least 1");
        }
        this.client = client;
        this.limits = limits;
        this.maxReferencesPerNode = maxReferencesPerNode;
        this.maxNodes = maxNodes;
    }

    /** A node found, with what is known of it so far. */
    private static final class Found {
        final NodeId id;
        final List<String> path;
        final boolean variable;
        NodeId engineeringUnits;
        NodeId euRange;

        Found(NodeId id, List<String> path, boolean variable) {
            this.id = id;
            this.path = path;
            this.variable = variable;
        }
    }

    Result run() throws UaException {
        continuationPoints = maxContinuationPoints();
        var variables = new ArrayList<Found>();
        int objects = 0;
        Set<NodeId> seen = new HashSet<>();
        seen.add(NodeIds.ObjectsFolder);
        List<Found> frontier = List.of(new Found(NodeIds.ObjectsFolder, List.of(), false));
        boolean truncated = false;
        for (int depth = 1; depth <= MAX_DEPTH && !frontier.isEmpty() && !truncated; depth++) {
            var next = new ArrayList<Found>();
            List<List<ReferenceDescription>> children = browseAll(frontier.stream().map(f -> f.id).toList());
            for (int i = 0; i < frontier.size() && !truncated; i++) {
                Found parent = frontier.get(i);
                for (ReferenceDescription ref : children.get(i)) {
                    Optional<NodeId> id = ref.getNodeId().toNodeId(client.getNamespaceTable());
                    String name = ref.getBrowseName() == null ? null : ref.getBrowseName().getName();
                    if (id.isEmpty() || name == null) {
                        continue;
                    }
                    boolean property = NodeIds.HasProperty.equals(ref.getReferenceTypeId());
                    if (property && parent.variable) {
                        if (name.equals("EngineeringUnits")) {
                            parent.engineeringUnits = id.get();
                        } else if (name.equals("EURange")) {
                            parent.euRange = id.get();
                        }
                        continue;
                    }
                    if (property || id.get().getNamespaceIndex().intValue() == 0 || !seen.add(id.get())) {
                        continue;
                    }
                    var path = new ArrayList<>(parent.path);
                    path.add(name);
                    boolean variable = ref.getNodeClass() == NodeClass.Variable;
                    Found f = new Found(id.get(), List.copyOf(path), variable);
                    if (variable) {
                        variables.add(f);
                    } else {
                        objects++;
                    }
                    next.add(f); // variables may carry properties and child variables too
                    if (seen.size() > maxNodes) {
                        truncated = true;
                        break;
                    }
                }
            }
            frontier = next;
        }
        return new Result(describe(variables), objects, browseRequests, browseNextRequests, largestRequest, truncated);
    }

    /** The hierarchical children (objects and variables) of each node, in order. */
    private List<List<ReferenceDescription>> browseAll(List<NodeId> nodes) throws UaException {
        var out = new ArrayList<List<ReferenceDescription>>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            out.add(new ArrayList<>());
        }
        Deque<Integer> pending = new ArrayDeque<>();
        for (int i = 0; i < nodes.size(); i++) {
            pending.add(i);
        }
        int batch = limits.browse();
        while (!pending.isEmpty()) {
            var chunk = new ArrayList<Integer>();
            while (chunk.size() < batch && !pending.isEmpty()) {
                chunk.add(pending.poll());
            }
            var descriptions = chunk.stream().map(i -> new BrowseDescription(nodes.get(i), BrowseDirection.Forward,
                    NodeIds.HierarchicalReferences, true,
                    uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                    uint(BrowseResultMask.All.getValue()))).toList();
            browseRequests++;
            largestRequest = Math.max(largestRequest, descriptions.size());
            BrowseResult[] results = client.browse(new ViewDescription(NodeId.NULL_VALUE, null, uint(0)),
                    uint(maxReferencesPerNode), descriptions).getResults();
            var continuations = new ArrayList<ByteString>();
            var owners = new ArrayList<Integer>();
            boolean starved = false;
            for (int k = 0; k < chunk.size(); k++) {
                BrowseResult r = results[k];
                int node = chunk.get(k);
                if (r.getStatusCode().getValue() == StatusCodes.Bad_NoContinuationPoints) {
                    pending.addFirst(node); // browsed again, alone, once the others' points are released
                    starved = true;
                    continue;
                }
                if (r.getStatusCode().isBad()) {
                    throw new UaException(r.getStatusCode(), "browsing " + nodes.get(node).toParseableString()
                            + " failed: " + r.getStatusCode());
                }
                add(out.get(node), r);
                if (hasMore(r)) {
                    continuations.add(r.getContinuationPoint());
                    owners.add(node);
                }
            }
            follow(continuations, owners, out);
            if (starved) {
                batch = 1;
            }
        }
        return out;
    }

    /** Follows continuation points with BrowseNext, at most MaxNodesPerBrowse per request, until used up. */
    private void follow(List<ByteString> continuations, List<Integer> owners, List<List<ReferenceDescription>> out)
            throws UaException {
        var points = new ArrayList<>(continuations);
        var who = new ArrayList<>(owners);
        while (!points.isEmpty()) {
            int n = Math.min(points.size(), Math.min(limits.browse(), continuationPoints));
            List<ByteString> send = new ArrayList<>(points.subList(0, n));
            List<Integer> sendWho = new ArrayList<>(who.subList(0, n));
            points.subList(0, n).clear();
            who.subList(0, n).clear();
            browseNextRequests++;
            largestRequest = Math.max(largestRequest, n);
            BrowseResult[] results = client.browseNext(false, send).getResults();
            for (int k = 0; k < n; k++) {
                BrowseResult r = results[k];
                if (r.getStatusCode().isBad()) {
                    throw new UaException(r.getStatusCode(), "BrowseNext failed for "
                            + sendWho.get(k) + ": " + r.getStatusCode());
                }
                add(out.get(sendWho.get(k)), r);
                if (hasMore(r)) {
                    points.add(r.getContinuationPoint());
                    who.add(sendWho.get(k));
                }
            }
        }
    }

    /** ServerCapabilities/MaxBrowseContinuationPoints; no limit when absent or 0. */
    private int maxContinuationPoints() {
        try {
            DataValue v = client.readValue(0, TimestampsToReturn.Neither, new NodeId(0, 2735));
            if (v.getStatusCode() != null && v.getStatusCode().isGood() && v.getValue().getValue() instanceof Number n
                    && n.intValue() > 0) {
                return n.intValue();
            }
        } catch (UaException | RuntimeException e) {
            // a server that does not say keeps enough; Bad_NoContinuationPoints is handled where it comes
        }
        return Integer.MAX_VALUE;
    }

    private static boolean hasMore(BrowseResult r) {
        return r.getContinuationPoint() != null && !r.getContinuationPoint().isNull()
                && r.getContinuationPoint().length() > 0;
    }

    private static void add(List<ReferenceDescription> to, BrowseResult r) {
        if (r.getReferences() != null) {
            to.addAll(List.of(r.getReferences()));
        }
    }

    /** Reads each variable's data type and its EngineeringUnits and EURange properties. */
    private List<Variable> describe(List<Found> found) throws UaException {
        var reads = new ArrayList<ReadValueId>();
        for (Found f : found) {
            reads.add(new ReadValueId(f.id, AttributeId.DataType.uid(), null, null));
            reads.add(new ReadValueId(f.engineeringUnits == null ? f.id : f.engineeringUnits,
                    f.engineeringUnits == null ? AttributeId.NodeId.uid() : AttributeId.Value.uid(), null, null));
            reads.add(new ReadValueId(f.euRange == null ? f.id : f.euRange,
                    f.euRange == null ? AttributeId.NodeId.uid() : AttributeId.Value.uid(), null, null));
        }
        var values = new ArrayList<DataValue>(reads.size());
        int chunk = Math.max(3, limits.read() - limits.read() % 3);
        for (int from = 0; from < reads.size(); from += chunk) {
            DataValue[] r = client.read(0, TimestampsToReturn.Neither,
                    reads.subList(from, Math.min(reads.size(), from + chunk))).getResults();
            values.addAll(List.of(r));
        }
        var out = new ArrayList<Variable>(found.size());
        for (int i = 0; i < found.size(); i++) {
            Found f = found.get(i);
            Object type = values.get(3 * i).getValue().getValue();
            NodeId typeId = type instanceof NodeId n ? n : NodeId.NULL_VALUE;
            Optional<String> unit = Optional.empty();
            if (f.engineeringUnits != null && values.get(3 * i + 1).getValue().getValue() instanceof ExtensionObject xo) {
                try {
                    if (xo.decode(client.getStaticEncodingContext()) instanceof EUInformation eu) {
                        unit = MappingResolver.unitOf(eu);
                    }
                } catch (RuntimeException ignored) {
                    // an EngineeringUnits that does not decode tells nothing
                }
            }
            double low = Double.NaN;
            double high = Double.NaN;
            if (f.euRange != null && values.get(3 * i + 2).getValue().getValue() instanceof ExtensionObject xo) {
                try {
                    if (xo.decode(client.getStaticEncodingContext())
                            instanceof org.eclipse.milo.opcua.stack.core.types.structured.Range range
                            && range.getLow() != null && range.getHigh() != null) {
                        low = range.getLow();
                        high = range.getHigh();
                    }
                } catch (RuntimeException ignored) {
                    // likewise
                }
            }
            out.add(new Variable(f.path, f.id.toParseableString(), typeName(typeId), kind(typeId), unit, low, high));
        }
        return out;
    }

    /** What a data type holds: the built-in numeric types and their standard subtypes are numbers. */
    static Kind kind(NodeId type) {
        if (type.getNamespaceIndex().intValue() != 0 || !(type.getIdentifier() instanceof
                org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger id)) {
            return Kind.OTHER;
        }
        int i = id.intValue();
        if (i == 1) {
            return Kind.BOOLEAN;
        }
        if (i >= 2 && i <= 11 || i == 26 || i == 27 || i == 28 || i == 290) {
            return Kind.NUMBER;
        }
        if (i == 12 || i == 21) {
            return Kind.TEXT;
        }
        return Kind.OTHER;
    }

    private static final String[] BUILT_IN = {"", "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32",
            "Int64", "UInt64", "Float", "Double", "String", "DateTime", "Guid", "ByteString", "XmlElement", "NodeId",
            "ExpandedNodeId", "StatusCode", "QualifiedName", "LocalizedText"};

    static String typeName(NodeId type) {
        if (type.getNamespaceIndex().intValue() == 0
                && type.getIdentifier() instanceof org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger id) {
            int i = id.intValue();
            if (i > 0 && i < BUILT_IN.length) {
                return BUILT_IN[i];
            }
            return switch (i) {
                case 26 -> "Number";
                case 27 -> "Integer";
                case 28 -> "UInteger";
                case 290 -> "Duration";
                default -> type.toParseableString();
            };
        }
        return type.isNull() ? "unknown" : type.toParseableString();
    }
}
