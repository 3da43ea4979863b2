package io.minetwin.connectors.opcua;

import java.util.List;

/**
 * What mapping an endpoint's address space to channels found.
 *
 * @param mapped    nodes mapped to a channel
 * @param unmapped  nodes a pattern reached that no channel takes, each with the reason (at most
 *                  {@link #MAX_LISTED}; {@code unmappedCount} has them all)
 * @param ambiguous channels more than one node maps to, with the nodes (none of them is used)
 * @param problems  rules or nodes that could not be mapped, e.g. an unknown node id or a unit that does
 *                  not convert
 */
public record MappingReport(int mapped, List<String> unmapped, int unmappedCount, List<String> ambiguous,
                            List<String> problems) {

    public static final int MAX_LISTED = 50;
    public static final MappingReport EMPTY = new MappingReport(0, List.of(), 0, List.of(), List.of());

    public MappingReport {
        unmapped = List.copyOf(unmapped);
        ambiguous = List.copyOf(ambiguous);
        problems = List.copyOf(problems);
    }

    /** One paragraph for logs. */
    public String describe(String endpoint) {
        var sb = new StringBuilder();
        sb.append(endpoint).append(": ").append(mapped).append(" nodes mapped");
        if (unmappedCount > 0) {
            sb.append(", ").append(unmappedCount).append(" unmapped");
        }
        if (!ambiguous.isEmpty()) {
            sb.append(", ").append(ambiguous.size()).append(" ambiguous channels");
        }
        if (!problems.isEmpty()) {
            sb.append(", ").append(problems.size()).append(" problems");
        }
        for (String p : problems) {
            sb.append("\n  problem: ").append(p);
        }
        for (String a : ambiguous) {
            sb.append("\n  ambiguous: ").append(a);
        }
        for (String u : unmapped) {
            sb.append("\n  unmapped: ").append(u);
        }
        if (unmappedCount > unmapped.size()) {
            sb.append("\n  ... and ").append(unmappedCount - unmapped.size()).append(" more unmapped nodes");
        }
        return sb.toString();
    }
}
