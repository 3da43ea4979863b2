package io.minetwin.connectors.opcua;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

/**
 * Checks a resolved mapping against the live server, node by node: the node exists and can be read, its
 * data type suits the channel (numbers for number and integer channels, booleans or numbers for boolean
 * channels, text or numbers for states), its unit converts to the channel's, and its {@code EURange},
 * converted, is a sane range that overlaps the channel's physical range.
 */
public final class MappingCheck {

    /**
     * One mapped node and what was found wrong with it.
     *
     * @param node       the node's browse path or id
     * @param series     the channel it feeds
     * @param conversion from the node's unit to the channel's
     * @param dataType   the node's data type
     * @param problems   what is wrong, each with the fix; empty when the mapping is good
     */
    public record Item(String node, SeriesKey series, String conversion, String dataType, List<String> problems) {
        public Item {
            Objects.requireNonNull(node, "node");
            problems = List.copyOf(problems);
        }
    }

    /**
     * @param items  every node that resolved to a channel
     * @param report what resolving the rules found: unmapped nodes below the patterns, ambiguous channels,
     *               rules that resolved to nothing
     */
    public record Result(List<Item> items, MappingReport report) {
        public Result {
            items = List.copyOf(items);
        }

        /** Problems that stop the configuration from working as written. */
        public int problemCount() {
            return (int) items.stream().filter(i -> !i.problems().isEmpty()).count() + report.problems().size()
                    + report.ambiguous().size();
        }
    }

    private final OpcUaClient client;
    private final OperationLimits limits;

    MappingCheck(OpcUaClient client, OperationLimits limits) {
        this.client = client;
        this.limits = limits;
    }

    Result check(MappingResolver.Result resolved, Function<SeriesKey, Optional<ChannelSpec>> channels)
            throws UaException {
        List<MappedItem> items = resolved.items();
        List<DataValue> types = readAttribute(items.stream().map(MappedItem::nodeId).toList(), AttributeId.DataType);
        List<DataValue> values = readAttribute(items.stream().map(MappedItem::nodeId).toList(), AttributeId.Value);
        List<Optional<double[]>> ranges = euRanges(items.stream().map(MappedItem::nodeId).toList());
        var out = new ArrayList<Item>(items.size());
        for (int i = 0; i < items.size(); i++) {
            MappedItem m = items.get(i);
            var problems = new ArrayList<String>();
            ChannelSpec spec = channels.apply(m.series()).orElse(null);
            DataValue typeValue = types.get(i);
            NodeId typeId = typeValue.getValue().getValue() instanceof NodeId n ? n : NodeId.NULL_VALUE;
            String typeName = AddressSpaceScan.typeName(typeId);
            if (typeValue.getStatusCode() != null && typeValue.getStatusCode().getValue() == StatusCodes.Bad_NodeIdUnknown) {
                problems.add("the node does not exist on the server; fix the node id or the browse path");
            } else if (typeValue.getStatusCode() != null && typeValue.getStatusCode().isBad()) {
                problems.add("the node's data type cannot be read (" + statusName(typeValue) + "); is it a variable?");
            } else if (spec != null) {
                typeProblem(spec, AddressSpaceScan.kind(typeId), typeName).ifPresent(problems::add);
            }
            DataValue v = values.get(i);
            if (v.getStatusCode() != null && (v.getStatusCode().getValue() == StatusCodes.Bad_NotReadable
                    || v.getStatusCode().getValue() == StatusCodes.Bad_UserAccessDenied)) {
                problems.add("the node's value cannot be read (" + statusName(v) + "); give the login read access");
            }
            if (spec != null && spec.type().isNumeric() && ranges.get(i).isPresent()) {
                rangeProblem(spec, m.conversion(), ranges.get(i).get()).ifPresent(problems::add);
            }
            out.add(new Item(m.label(), m.series(), m.conversion().toString(), typeName, problems));
        }
        return new Result(out, resolved.report());
    }

    static Optional<String> typeProblem(ChannelSpec spec, AddressSpaceScan.Kind kind, String typeName) {
        boolean ok = switch (spec.type()) {
            case NUMBER, INTEGER -> kind == AddressSpaceScan.Kind.NUMBER;
            case BOOLEAN -> kind == AddressSpaceScan.Kind.BOOLEAN || kind == AddressSpaceScan.Kind.NUMBER;
            case STATE -> kind == AddressSpaceScan.Kind.TEXT || kind == AddressSpaceScan.Kind.NUMBER;
        };
        if (ok) {
            return Optional.empty();
        }
        String wants = spec.type() == ValueType.BOOLEAN ? "a Boolean or a number"
                : spec.type() == ValueType.STATE ? "text or a number" : "a number";
        return Optional.of("data type " + typeName + " does not suit channel type " + spec.type().id() + ", which needs "
                + wants + "; map another node to this channel, or this node to a channel of its kind");
    }

    /** An EURange that is empty, or, in the channel's unit, lies wholly outside its physical range. */
    static Optional<String> rangeProblem(ChannelSpec spec, Units.Conversion conversion, double[] range) {
        double low = conversion.apply(range[0]);
        double high = conversion.apply(range[1]);
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            return Optional.of(String.format(Locale.ROOT, "EURange %s..%s is empty or not finite; the server's range"
                    + " is wrong, or the node is not a measurement", fmt(range[0]), fmt(range[1])));
        }
        var physical = spec.physical();
        if (high < physical.min() || low > physical.max()) {
            return Optional.of(String.format(Locale.ROOT, "EURange %s..%s%s lies outside the channel's physical range"
                            + " %s..%s %s: the node is probably another quantity or in another unit; declare its 'unit'"
                            + " or map it elsewhere", fmt(low), fmt(high), conversion.isIdentity() ? ""
                            : " (converted " + conversion + ")", fmt(physical.min()), fmt(physical.max()), spec.unit()));
        }
        return Optional.empty();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String statusName(DataValue v) {
        return StatusCodes.lookup(v.getStatusCode().getValue()).map(a -> a[0]).orElse(v.getStatusCode().toString());
    }

    private List<DataValue> readAttribute(List<NodeId> nodes, AttributeId attribute) throws UaException {
        var out = new ArrayList<DataValue>(nodes.size());
        for (int from = 0; from < nodes.size(); from += limits.read()) {
            var ids = nodes.subList(from, Math.min(nodes.size(), from + limits.read())).stream()
                    .map(n -> new ReadValueId(n, attribute.uid(), null, null)).toList();
            out.addAll(List.of(client.read(0, TimestampsToReturn.Neither, ids).getResults()));
        }
        return out;
    }

    /** Each node's EURange property, where it has one that decodes. */
    private List<Optional<double[]>> euRanges(List<NodeId> nodes) throws UaException {
        var out = new ArrayList<Optional<double[]>>(nodes.size());
        var path = new RelativePath(new RelativePathElement[] {
                new RelativePathElement(NodeIds.HasProperty, false, true, new QualifiedName(0, "EURange"))});
        int size = Math.min(limits.translateBrowsePaths(), limits.read());
        for (int from = 0; from < nodes.size(); from += size) {
            List<NodeId> chunk = nodes.subList(from, Math.min(nodes.size(), from + size));
            BrowsePathResult[] results = client.translateBrowsePaths(chunk.stream().map(n -> new BrowsePath(n, path))
                    .toList()).getResults();
            var props = new ArrayList<NodeId>();
            var at = new ArrayList<Integer>();
            for (int i = 0; i < chunk.size(); i++) {
                out.add(Optional.empty());
                BrowsePathResult r = results == null ? null : results[i];
                if (r != null && r.getStatusCode().isGood() && r.getTargets() != null && r.getTargets().length > 0) {
                    r.getTargets()[0].getTargetId().toNodeId(client.getNamespaceTable()).ifPresent(p -> {
                        props.add(p);
                        at.add(out.size() - 1);
                    });
                }
            }
            if (props.isEmpty()) {
                continue;
            }
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Neither, props);
            for (int k = 0; k < values.size(); k++) {
                if (values.get(k).getValue().getValue() instanceof ExtensionObject xo) {
                    try {
                        if (xo.decode(client.getStaticEncodingContext())
                                instanceof org.eclipse.milo.opcua.stack.core.types.structured.Range range
                                && range.getLow() != null && range.getHigh() != null) {
                            out.set(at.get(k), Optional.of(new double[] {range.getLow(), range.getHigh()}));
                        }
                    } catch (RuntimeException ignored) {
                        // a range that does not decode is treated as absent
                    }
                }
            }
        }
        return out;
    }
}
