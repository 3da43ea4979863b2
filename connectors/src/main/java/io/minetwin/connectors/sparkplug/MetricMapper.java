package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.BrowsePattern;
import io.minetwin.connectors.opcua.ChannelCatalog;
import io.minetwin.connectors.opcua.Units;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Binds the metrics a birth announces to channels by the broker's rules, checks the channel exists and
 * that the units convert, and keeps the unmapped metrics for the status report.
 */
final class MetricMapper {

    /** How many unmapped metrics are listed; the rest are only counted. */
    static final int MAX_LISTED = 50;

    private final List<MetricRule> rules;
    private final ChannelCatalog catalog;
    private final Map<String, String> unmapped = new ConcurrentSkipListMap<>();

    MetricMapper(List<MetricRule> rules, ChannelCatalog catalog) {
        this.rules = List.copyOf(rules);
        this.catalog = catalog;
    }

    /**
     * The binding of one metric of a birth.
     *
     * @param reportedUnit the engineering unit the birth's metric properties carry, if any
     */
    MetricBinding bind(String group, String edgeNode, Optional<String> device, String metric, int datatype,
                       Optional<String> reportedUnit) {
        String label = group + "/" + edgeNode + device.map(d -> "/" + d).orElse("") + ": " + metric;
        String problem = "no rule maps it";
        for (MetricRule r : rules) {
            Optional<Map<String, String>> caps = r.match(group, edgeNode, device, metric);
            if (caps.isEmpty()) {
                continue;
            }
            SeriesKey key;
            try {
                key = SeriesKey.of(TwinId.parse(BrowsePattern.fill(r.twin(), caps.get())),
                        BrowsePattern.fill(r.channel(), caps.get()));
            } catch (IllegalArgumentException e) {
                problem = "the rule at " + r.origin() + " gives no valid channel: " + e.getMessage();
                continue;
            }
            Optional<String> channelUnit = catalog.unit(key);
            if (channelUnit.isEmpty()) {
                problem = "the rule at " + r.origin() + " would feed " + key + ", which no twin of the fleet has";
                continue;
            }
            Optional<String> unit = r.unit().or(() -> reportedUnit);
            Units.Conversion conv = Units.Conversion.IDENTITY;
            if (unit.isPresent() && !unit.get().isBlank() && !channelUnit.get().isBlank()) {
                try {
                    conv = Units.conversion(unit.get(), channelUnit.get());
                } catch (IllegalArgumentException e) {
                    problem = "-> " + key + ": " + e.getMessage();
                    continue;
                }
            }
            unmapped.remove(label);
            return new MetricBinding(metric, label, datatype, Optional.of(key), conv, "");
        }
        if (unmapped.size() < MAX_LISTED || unmapped.containsKey(label)) {
            unmapped.put(label, problem);
        }
        return MetricBinding.unmapped(metric, label, datatype, problem);
    }

    /** Unmapped metrics seen in births, with the reason, at most {@link #MAX_LISTED}. */
    Map<String, String> unmapped() {
        return Map.copyOf(unmapped);
    }
}
