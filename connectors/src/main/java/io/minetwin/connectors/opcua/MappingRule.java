package io.minetwin.connectors.opcua;

import io.minetwin.model.SeriesKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps server nodes to twin channels: one node by its id, or every node matching a browse pattern.
 *
 * <p>A rule's {@code unit} declares the node's unit when the server reports no {@code EngineeringUnits};
 * when the node's unit (reported or declared) differs from the channel's, values are converted.
 */
public sealed interface MappingRule {

    Optional<String> unit();

    Sampling sampling();

    /** Where the rule was written, for messages (e.g. {@code config/minetwin.yaml:40:9}). */
    String origin();

    /**
     * One node, e.g. {@code ns=2;s=Truck7.Engine.CoolantTemp}, to one channel.
     *
     * @param nodeId the node id in OPC UA's text form; {@code nsu=URI;} is accepted for the namespace
     */
    record ByNodeId(String nodeId, SeriesKey target, Optional<String> unit, Sampling sampling, String origin)
            implements MappingRule {
        public ByNodeId {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(sampling, "sampling");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * Every variable matching {@code pattern}, to the channel named by filling the templates with the
     * pattern's captures.
     *
     * @param twin    twin id template, e.g. {@code baiyun:{asset}}
     * @param channel {@code component.channel} template, e.g. {@code {component}.{channel}}
     */
    record ByPattern(BrowsePattern pattern, String twin, String channel, Optional<String> unit, Sampling sampling,
                     String origin) implements MappingRule {
        public ByPattern {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(twin, "twin");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(sampling, "sampling");
            Objects.requireNonNull(origin, "origin");
            var captures = pattern.captures();
            for (String t : new String[] {twin, channel}) {
                for (String p : BrowsePattern.placeholders(t)) {
                    if (!captures.contains(p)) {
                        throw new IllegalArgumentException("template '" + t + "' uses {" + p + "}, which pattern '"
                                + pattern + "' does not capture; captures: " + String.join(", ", captures));
                    }
                }
            }
        }
    }
}
