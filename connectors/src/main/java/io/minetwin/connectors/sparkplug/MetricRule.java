package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.BrowsePattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Maps Sparkplug metrics to twin channels: every metric whose group, edge node, device and name match the
 * patterns feeds the channel named by filling the templates with the patterns' captures. A rule with a
 * device pattern takes device metrics ({@code DBIRTH}/{@code DDATA}) only; one without takes the edge node's
 * own metrics ({@code NBIRTH}/{@code NDATA}) only.
 *
 * <p>A rule's {@code unit} declares the metric's unit, over the engineering unit its birth reports; when
 * the metric's unit differs from the channel's, values are converted.
 *
 * @param group    pattern over the group id
 * @param edgeNode pattern over the edge node id
 * @param device   pattern over the device id; empty for the edge node's own metrics
 * @param metric   pattern over the metric name, folders separated by {@code /}
 * @param twin     twin id template, e.g. {@code baiyun:{asset}}
 * @param channel  {@code component.channel} template, e.g. {@code {component}.{channel}}
 * @param unit     the metric's unit, if declared
 * @param origin   where the rule was written, for messages (e.g. {@code config/minetwin.yaml:40:9})
 */
public record MetricRule(NamePattern group, NamePattern edgeNode, Optional<NamePattern> device, NamePattern metric,
                         String twin, String channel, Optional<String> unit, String origin) {

    public MetricRule {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(edgeNode, "edgeNode");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(twin, "twin");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(origin, "origin");
        Set<String> captures = new HashSet<>();
        var all = new ArrayList<NamePattern>(List.of(group, edgeNode, metric));
        device.ifPresent(all::add);
        for (NamePattern p : all) {
            for (String c : p.captures()) {
                if (!captures.add(c)) {
                    throw new IllegalArgumentException("{" + c + "} is captured by two patterns of the rule; give"
                            + " each capture its own name");
                }
            }
        }
        for (String t : new String[] {twin, channel}) {
            for (String p : BrowsePattern.placeholders(t)) {
                if (!captures.contains(p)) {
                    throw new IllegalArgumentException("template '" + t + "' uses {" + p + "}, which the rule's"
                            + " patterns do not capture; captures: " + String.join(", ", new java.util.TreeSet<>(captures)));
                }
            }
        }
    }

    /** The captures if the metric matches every pattern of the rule. */
    public Optional<Map<String, String>> match(String groupId, String edgeNodeId, Optional<String> deviceId,
                                               String metricName) {
        if (device.isPresent() != deviceId.isPresent()) {
            return Optional.empty();
        }
        var out = new LinkedHashMap<String, String>();
        Optional<Map<String, String>> g = group.match(groupId);
        Optional<Map<String, String>> e = g.isEmpty() ? Optional.empty() : edgeNode.match(edgeNodeId);
        Optional<Map<String, String>> d = e.isEmpty() ? Optional.empty()
                : deviceId.isEmpty() ? Optional.of(Map.of()) : device.get().match(deviceId.get());
        Optional<Map<String, String>> m = d.isEmpty() ? Optional.empty() : metric.match(metricName);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        out.putAll(g.get());
        out.putAll(e.get());
        out.putAll(d.get());
        out.putAll(m.get());
        return Optional.of(out);
    }
}
