package io.minetwin.connectors.opcua;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.sdk.client.BrowseHelper;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Resolves an endpoint's mapping rules against a connected server: browses the Objects folder as deep
 * as the patterns reach, matches variables, resolves explicit node ids, reads each node's
 * {@code EngineeringUnits}, and reports what could not be mapped.
 */
final class MappingResolver {

    /** How many nodes go into one Browse, TranslateBrowsePaths or Read request. */

    private final OpcUaClient client;
    private final OperationLimits limits;
    private final List<MappingRule> rules;
    private final ChannelCatalog catalog;

    MappingResolver(OpcUaClient client, OperationLimits limits, List<MappingRule> rules, ChannelCatalog catalog) {
        this.limits = limits;
        this.client = client;
        this.rules = rules;
        this.catalog = catalog;
    }

    record Result(List<MappedItem> items, MappingReport report) {
    }

    /** A node a rule selected, before units are known. */
    private record Candidate(NodeId nodeId, String label, SeriesKey series, MappingRule rule, boolean explicit) {
    }

    Result resolve() throws UaException {
        var candidates = new ArrayList<Candidate>();
        var unmapped = new ArrayList<String>();
        int[] unmappedCount = {0};
        var problems = new ArrayList<String>();

        for (MappingRule r : rules) {
            if (r instanceof MappingRule.ByNodeId n) {
                Optional<NodeId> id = parseNodeId(n.nodeId());
                if (id.isEmpty()) {
                    problems.add(n.origin() + ": node id '" + n.nodeId() + "' cannot be parsed or its namespace is"
                            + " unknown to the server; write it as ns=2;s=Name, ns=2;i=42 or nsu=URI;s=Name");
                    continue;
                }
                if (catalog.unit(n.target()).isEmpty()) {
                    problems.add(n.origin() + ": node " + n.nodeId() + " maps to " + n.target()
                            + ", which no twin of the fleet has; fix the channel or the fleet");
                    continue;
                }
                candidates.add(new Candidate(id.get(), n.nodeId(), n.target(), r, true));
            }
        }
        List<MappingRule.ByPattern> patterns = rules.stream().filter(MappingRule.ByPattern.class::isInstance)
                .map(MappingRule.ByPattern.class::cast).toList();
        if (!patterns.isEmpty()) {
            browse(patterns, candidates, unmapped, unmappedCount, problems);
        }

        // One channel, one node: explicit node ids win over patterns; otherwise two nodes for one channel
        // are ambiguous and neither is used.
        var bySeries = new LinkedHashMap<SeriesKey, List<Candidate>>();
        for (Candidate c : candidates) {
            bySeries.computeIfAbsent(c.series(), k -> new ArrayList<>()).add(c);
        }
        var ambiguous = new ArrayList<String>();
        var chosen = new ArrayList<Candidate>();
        for (var e : bySeries.entrySet()) {
            List<Candidate> cs = e.getValue();
            List<Candidate> explicit = cs.stream().filter(Candidate::explicit).toList();
            List<Candidate> pick = explicit.isEmpty() ? cs : explicit;
            if (pick.size() == 1) {
                chosen.add(pick.get(0));
            } else {
                ambiguous.add(e.getKey() + " <- " + String.join(", ", pick.stream().map(Candidate::label).toList())
                        + "; narrow the pattern or map one node by id");
            }
        }

        Map<NodeId, String> units = engineeringUnits(chosen.stream().map(Candidate::nodeId).toList());
        var items = new ArrayList<MappedItem>();
        for (Candidate c : chosen) {
            String channelUnit = catalog.unit(c.series()).orElse("");
            Optional<String> nodeUnit = c.rule().unit().or(() -> Optional.ofNullable(units.get(c.nodeId())));
            Units.Conversion conv = Units.Conversion.IDENTITY;
            if (nodeUnit.isPresent() && !nodeUnit.get().isBlank() && !channelUnit.isBlank()) {
                try {
                    conv = Units.conversion(nodeUnit.get(), channelUnit);
                } catch (IllegalArgumentException ex) {
                    problems.add(c.label() + " -> " + c.series() + ": " + ex.getMessage());
                    continue;
                }
            }
            items.add(new MappedItem(c.nodeId(), c.label(), c.series(), conv, c.rule().sampling()));
        }
        var report = new MappingReport(items.size(), unmapped, unmappedCount[0], ambiguous, problems);
        return new Result(items, report);
    }

    private Optional<NodeId> parseNodeId(String text) {
        try {
            if (text.startsWith("nsu=")) {
                return ExpandedNodeId.parse(text).toNodeId(client.getNamespaceTable());
            }
            return Optional.of(NodeId.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Node(NodeId id, List<String> path) {
    }

    private void browse(List<MappingRule.ByPattern> patterns, List<Candidate> out, List<String> unmapped,
                        int[] unmappedCount, List<String> problems) throws UaException {
        int maxDepth = patterns.stream().mapToInt(p -> p.pattern().segments().size()).max().orElse(0);
        List<Node> frontier = List.of(new Node(NodeIds.ObjectsFolder, List.of()));
        Set<NodeId> seen = new HashSet<>();
        seen.add(NodeIds.ObjectsFolder);
        var nodeProblems = new LinkedHashMap<String, String>();
        for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
            var next = new ArrayList<Node>();
            for (int from = 0; from < frontier.size(); from += limits.browse()) {
                List<Node> chunk = frontier.subList(from, Math.min(frontier.size(), from + limits.browse()));
                var futures = new ArrayList<CompletableFuture<List<ReferenceDescription>>>(chunk.size());
                for (Node n : chunk) {
                    futures.add(BrowseHelper.browse(client, new BrowseDescription(n.id(), BrowseDirection.Forward,
                            NodeIds.HierarchicalReferences, true,
                            uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                            uint(BrowseResultMask.All.getValue())), uint(0)));
                }
                for (int i = 0; i < chunk.size(); i++) {
                    Node parent = chunk.get(i);
                    List<ReferenceDescription> refs;
                    try {
                        refs = futures.get(i).get();
                    } catch (Exception e) {
                        problems.add("browsing Objects/" + String.join("/", parent.path()) + " failed: " + e.getMessage());
                        continue;
                    }
                    for (ReferenceDescription ref : refs) {
                        Optional<NodeId> id = ref.getNodeId().toNodeId(client.getNamespaceTable());
                        String name = ref.getBrowseName() == null ? null : ref.getBrowseName().getName();
                        // Namespace 0 holds the standard nodes (the Server object and its diagnostics), never
                        // equipment; skipping them keeps the unmapped report about the site's own nodes.
                        if (id.isEmpty() || name == null || id.get().getNamespaceIndex().intValue() == 0
                                || !seen.add(id.get())) {
                            continue;
                        }
                        var path = new ArrayList<>(parent.path());
                        path.add(name);
                        boolean variable = ref.getNodeClass() == NodeClass.Variable;
                        boolean prefix = false;
                        boolean matched = false;
                        String label = "Objects/" + String.join("/", path);
                        for (MappingRule.ByPattern p : patterns) {
                            if (!p.pattern().matchesPrefix(path)) {
                                continue;
                            }
                            prefix = true;
                            Optional<Map<String, String>> caps = p.pattern().match(path);
                            if (caps.isEmpty() || !variable || matched) {
                                continue;
                            }
                            Optional<SeriesKey> series = target(p, caps.get(), label, nodeProblems);
                            if (series.isPresent()) {
                                out.add(new Candidate(id.get(), label, series.get(), p, false));
                                matched = true;
                            }
                        }
                        if (variable && prefix && !matched && path.size() == maxDepthOf(patterns, path)) {
                            unmappedCount[0]++;
                            if (unmapped.size() < MappingReport.MAX_LISTED) {
                                unmapped.add(label + " (" + id.get().toParseableString() + "): "
                                        + nodeProblems.getOrDefault(label, "no rule maps it"));
                            }
                        }
                        if (prefix && path.size() < maxDepth) {
                            next.add(new Node(id.get(), path));
                        }
                    }
                }
            }
            frontier = next;
        }
    }

    /** The length of the longest pattern that {@code path} is a prefix of. */
    private static int maxDepthOf(List<MappingRule.ByPattern> patterns, List<String> path) {
        int d = 0;
        for (MappingRule.ByPattern p : patterns) {
            if (p.pattern().matchesPrefix(path)) {
                d = Math.max(d, p.pattern().segments().size());
            }
        }
        return d;
    }

    private Optional<SeriesKey> target(MappingRule.ByPattern p, Map<String, String> caps, String label,
                                       Map<String, String> problems) {
        SeriesKey key;
        try {
            key = SeriesKey.of(TwinId.parse(BrowsePattern.fill(p.twin(), caps)), BrowsePattern.fill(p.channel(), caps));
        } catch (IllegalArgumentException e) {
            problems.put(label, "the rule at " + p.origin() + " gives no valid channel: " + e.getMessage());
            return Optional.empty();
        }
        if (catalog.unit(key).isEmpty()) {
            problems.put(label, "would feed " + key + ", which no twin of the fleet has");
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** Each node's unit from its {@code EngineeringUnits} property, where it has one the catalog knows. */
    private Map<NodeId, String> engineeringUnits(List<NodeId> nodes) throws UaException {
        var out = new java.util.HashMap<NodeId, String>();
        var path = new RelativePath(new RelativePathElement[] {
                new RelativePathElement(NodeIds.HasProperty, false, true, new QualifiedName(0, "EngineeringUnits"))});
        int size = Math.min(limits.translateBrowsePaths(), limits.read());
        for (int from = 0; from < nodes.size(); from += size) {
            List<NodeId> chunk = nodes.subList(from, Math.min(nodes.size(), from + size));
            var paths = chunk.stream().map(n -> new BrowsePath(n, path)).toList();
            BrowsePathResult[] results = client.translateBrowsePaths(paths).getResults();
            if (results == null) {
                continue;
            }
            var owners = new ArrayList<NodeId>();
            var props = new ArrayList<NodeId>();
            for (int i = 0; i < results.length; i++) {
                var r = results[i];
                if (r.getStatusCode().isGood() && r.getTargets() != null && r.getTargets().length > 0) {
                    Optional<NodeId> p = r.getTargets()[0].getTargetId().toNodeId(client.getNamespaceTable());
                    if (p.isPresent()) {
                        owners.add(chunk.get(i));
                        props.add(p.get());
                    }
                }
            }
            if (props.isEmpty()) {
                continue;
            }
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Neither, props);
            for (int i = 0; i < values.size(); i++) {
                Object v = values.get(i).getValue().getValue();
                if (v instanceof ExtensionObject xo) {
                    try {
                        Object decoded = xo.decode(client.getStaticEncodingContext());
                        if (decoded instanceof EUInformation eu) {
                            NodeId owner = owners.get(i);
                            unitOf(eu).ifPresent(u -> out.put(owner, u));
                        }
                    } catch (RuntimeException ignored) {
                        // A property that does not decode is treated as absent; the rule's unit still applies.
                    }
                }
            }
        }
        return out;
    }

    static Optional<String> unitOf(EUInformation eu) {
        Integer id = eu.getUnitId();
        if (id != null) {
            Optional<String> u = Units.fromUneceId(id);
            if (u.isPresent()) {
                return u;
            }
        }
        if (eu.getDisplayName() != null && eu.getDisplayName().getText() != null) {
            String text = eu.getDisplayName().getText();
            return Optional.of(Units.canonical(text).orElse(text));
        }
        return Optional.empty();
    }
}
