package io.minetwin.connectors.sparkplug;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the connector knows of one edge node's Sparkplug session: whether it is online, its {@code bdSeq},
 * the last sequence number, the metrics (by name and alias) its birth and its devices' births announced,
 * and since when it is offline. Confined to the connector's lock.
 */
final class EdgeNodeState {

    final String group;
    final String id;
    boolean online;
    /** The bdSeq of the current session's NBIRTH, if it carried one. */
    Long bdSeq;
    int lastSeq = -1;
    /** When the node went offline (death or lost broker connection), while it is; else null. */
    Instant offlineSince;
    String offlineReason;
    /** When a rebirth was last requested, in nanoTime; pending until the next NBIRTH. */
    long rebirthRequestedNanos;
    boolean rebirthPending;
    final MetricTable metrics = new MetricTable();
    final Map<String, DeviceState> devices = new LinkedHashMap<>();

    EdgeNodeState(String group, String id) {
        this.group = group;
        this.id = id;
    }

    String key() {
        return group + "/" + id;
    }

    /** The sequence number that must follow the last one. */
    int expectedSeq() {
        return (lastSeq + 1) & 0xFF;
    }

    /** One device of the edge node. */
    static final class DeviceState {
        final String id;
        boolean online;
        Instant offlineSince;
        String offlineReason;
        final MetricTable metrics = new MetricTable();

        DeviceState(String id) {
            this.id = id;
        }
    }

    /** The metrics a birth announced, by name and by alias. */
    static final class MetricTable {
        final Map<String, MetricBinding> byName = new HashMap<>();
        final Map<Long, MetricBinding> byAlias = new HashMap<>();

        void clear() {
            byName.clear();
            byAlias.clear();
        }

        void put(MetricBinding b, Long alias) {
            byName.put(b.name(), b);
            if (alias != null) {
                byAlias.put(alias, b);
            }
        }

        /** The channels these metrics feed. */
        Set<SeriesKey> series() {
            var out = new LinkedHashSet<SeriesKey>();
            for (MetricBinding b : byName.values()) {
                b.series().ifPresent(out::add);
            }
            return out;
        }

        Set<TwinId> twins() {
            var out = new LinkedHashSet<TwinId>();
            for (SeriesKey s : series()) {
                out.add(s.twin());
            }
            return out;
        }
    }
}
