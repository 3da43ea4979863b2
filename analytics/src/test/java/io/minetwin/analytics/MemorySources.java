package io.minetwin.analytics;

import io.minetwin.model.Event;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** History and labels held in memory, for tests. */
public final class MemorySources implements SeriesReader, LabelSource {

    private final Map<SeriesKey, TreeMap<Long, Double>> series = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();

    public MemorySources add(SeriesKey key, long time, double value) {
        series.computeIfAbsent(key, k -> new TreeMap<>()).put(time, value);
        return this;
    }

    public MemorySources add(Event event) {
        events.add(event);
        return this;
    }

    @Override
    public SeriesData read(SeriesKey key, long from, long to) {
        var map = series.get(key);
        if (map == null) {
            return SeriesData.EMPTY;
        }
        var range = map.subMap(from, true, to, false);
        long[] t = new long[range.size()];
        double[] v = new double[range.size()];
        int i = 0;
        for (var e : range.entrySet()) {
            t[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return SeriesData.good(t, v, i);
    }

    @Override
    public RollupData readRollup(SeriesKey key, Resolution resolution, long from, long to) {
        throw new UnsupportedOperationException("MemorySources keeps raw samples only");
    }

    @Override
    public Set<SeriesKey> series() {
        return series.keySet();
    }

    @Override
    public List<Event> events(TwinId twin, Instant from, Instant to) {
        return events.stream()
                .filter(e -> e.twin().equals(twin) && !e.time().isBefore(from) && e.time().isBefore(to))
                .sorted((a, b) -> a.time().compareTo(b.time()))
                .toList();
    }

    @Override
    public String toString() {
        return "MemorySources" + Arrays.toString(new int[] {series.size(), events.size()});
    }
}
