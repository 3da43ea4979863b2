package io.minetwin.engine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.minetwin.model.SeriesKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine acknowledged, as seen through its API while it ran. The engine makes a batch's history
 * durable (fsync'd with acknowledged durability) before it changes the twins, so a tick the API shows as a
 * channel's value is on disk, and so is every tick of that series the engine received before it from the same
 * subscription: OPC UA delivers a monitored item's values in order. A segment is the time one set of
 * subscriptions delivers (an engine's life, or the time between two reconnects). Per segment and series, the
 * ticks from the second value seen (the first may be the connector's initial read, which the subscription's
 * values do not continue; and it must be newer than anything of earlier segments, as a restarted engine
 * first shows its last snapshot) to the last one seen are therefore acknowledged; any of them the equipment
 * produced must be in history afterwards.
 *
 * <p>Not thread-safe: one poller per case.
 */
final class Acknowledged {

    /** An acknowledged range of ticks of one series, inclusive. */
    record Range(SeriesKey series, long first, long last) {
    }

    private final FaultLayout layout;
    private final List<Range> closed = new ArrayList<>();
    private final Map<SeriesKey, long[]> life = new HashMap<>();
    private final Map<SeriesKey, Long> before = new HashMap<>();
    /** The first new tick seen of each series in this segment, which does not start its acknowledged range. */
    private final Map<SeriesKey, Long> firstSeen = new HashMap<>();
    private long polls;

    Acknowledged(FaultLayout layout) {
        this.layout = layout;
    }

    /**
     * Reads every twin's channel values through the API; returns the smallest of the series' newest
     * acknowledged ticks in this life (Long.MIN_VALUE while some series has none yet).
     */
    long poll(EngineProcess engine) throws IOException, InterruptedException {
        for (int t = 0; t < layout.twins(); t++) {
            JsonNode props = engine.get("/api/twins/" + layout.twin(t)).path("features").path(FaultLayout.COMPONENT)
                    .path("properties");
            for (int c = 0; c < layout.channels(); c++) {
                JsonNode v = props.path(FaultLayout.channelName(c)).path("value");
                if (!v.isNumber()) {
                    continue;
                }
                long tick = (long) v.asDouble();
                SeriesKey key = new SeriesKey(layout.twin(t), FaultLayout.COMPONENT, FaultLayout.channelName(c));
                if (tick <= before.getOrDefault(key, Long.MIN_VALUE)) {
                    continue; // restored from a snapshot of an earlier life, or nothing new yet
                }
                long[] r = life.get(key);
                if (r == null) {
                    Long first = firstSeen.putIfAbsent(key, tick);
                    if (first != null && tick > first) {
                        life.put(key, new long[] {tick, tick});
                    }
                } else {
                    r[1] = Math.max(r[1], tick);
                }
            }
        }
        polls++;
        return newest();
    }

    /** The smallest of the series' newest acknowledged ticks in this life, or Long.MIN_VALUE. */
    long newest() {
        if (life.size() < layout.items()) {
            return Long.MIN_VALUE;
        }
        long min = Long.MAX_VALUE;
        for (long[] r : life.values()) {
            min = Math.min(min, r[1]);
        }
        return min;
    }

    /** The newest tick seen of any series in any life, or Long.MIN_VALUE. */
    long newestOfAny() {
        long max = Long.MIN_VALUE;
        for (long[] r : life.values()) {
            max = Math.max(max, r[1]);
        }
        for (long b : before.values()) {
            max = Math.max(max, b);
        }
        return max;
    }

    /** Ends a segment (the engine was killed or stopped, or lost its connection); the next polls start a new one. */
    void endLife() {
        life.forEach((k, r) -> {
            closed.add(new Range(k, r[0], r[1]));
            before.merge(k, r[1], Math::max);
        });
        life.clear();
        firstSeen.clear();
    }

    /** The acknowledged ranges of every ended life. */
    List<Range> ranges() {
        return List.copyOf(closed);
    }

    /** Rounds of API calls made. */
    long polls() {
        return polls;
    }
}
