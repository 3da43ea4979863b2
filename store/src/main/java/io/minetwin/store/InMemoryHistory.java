package io.minetwin.store;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * History in memory with the same contract as the RocksDB one: the reference the contract tests
 * hold both to. Rollup buckets touched by an append are recomputed from raw. Retention works per
 * sample and per bucket (the RocksDB history deletes whole chunks and blocks). Every method is
 * synchronized.
 */
final class InMemoryHistory implements History {

    private record Sample(double value, byte quality) {
    }

    private final Map<SeriesKey, TreeMap<Long, Sample>> raw = new HashMap<>();
    private final Map<SeriesKey, TreeMap<Long, double[]>> minute = new HashMap<>();
    private final Map<SeriesKey, TreeMap<Long, double[]>> hour = new HashMap<>();
    private final RetentionPolicy retention;
    private boolean closed;

    InMemoryHistory(RetentionPolicy retention) {
        this.retention = retention;
    }

    @Override
    public synchronized void append(List<Point> batch) {
        if (closed) {
            throw new IllegalStateException("history is closed; create a new one to append");
        }
        Point.checkTimes(batch);
        Map<SeriesKey, Set<Long>> touchedHours = new HashMap<>();
        for (Point p : batch) {
            raw.computeIfAbsent(p.series(), k -> new TreeMap<>())
                    .put(p.time(), new Sample(p.value(), (byte) p.quality().code()));
            touchedHours.computeIfAbsent(p.series(), k -> new TreeSet<>()).add(Resolution.HOUR.bucketStart(p.time()));
        }
        touchedHours.forEach((series, hours) -> {
            for (long h : hours) {
                recompute(series, Resolution.HOUR, h);
                for (long m = h; m < h + Resolution.HOUR.bucketMillis(); m += Resolution.MINUTE.bucketMillis()) {
                    recompute(series, Resolution.MINUTE, m);
                }
            }
        });
    }

    private void recompute(SeriesKey series, Resolution r, long start) {
        TreeMap<Long, double[]> buckets = (r == Resolution.MINUTE ? minute : hour)
                .computeIfAbsent(series, k -> new TreeMap<>());
        double[] b = null;
        for (Map.Entry<Long, Sample> e : raw.get(series).subMap(start, start + r.bucketMillis()).entrySet()) {
            double v = e.getValue().value();
            if (!RollupBlock.counts(v, e.getValue().quality())) {
                continue;
            }
            if (b == null) {
                b = new double[] {v, v, v, 1};
            } else {
                b[0] = Math.min(b[0], v);
                b[1] = Math.max(b[1], v);
                b[2] += v;
                b[3]++;
            }
        }
        if (b == null) {
            buckets.remove(start);
        } else {
            buckets.put(start, b);
        }
    }

    @Override
    public synchronized SeriesData read(SeriesKey series, long from, long to) {
        TreeMap<Long, Sample> samples = raw.get(series);
        if (samples == null || from >= to) {
            return SeriesData.EMPTY;
        }
        NavigableMap<Long, Sample> range = samples.subMap(from, true, to, false);
        int n = range.size();
        long[] times = new long[n];
        double[] values = new double[n];
        byte[] qualities = new byte[n];
        int i = 0;
        for (Map.Entry<Long, Sample> e : range.entrySet()) {
            times[i] = e.getKey();
            values[i] = e.getValue().value();
            qualities[i] = e.getValue().quality();
            i++;
        }
        return new SeriesData(times, values, qualities, n);
    }

    @Override
    public synchronized RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
        if (resolution == Resolution.RAW) {
            throw new IllegalArgumentException("readRollup takes MINUTE or HOUR; use read(series, from, to) for raw samples");
        }
        TreeMap<Long, double[]> buckets = (resolution == Resolution.MINUTE ? minute : hour).get(series);
        RollupCollector out = new RollupCollector(resolution, from, to);
        if (buckets != null && from < to) {
            buckets.subMap(from, true, to, false).forEach((start, b) -> out.add(start, b[0], b[1], b[2], (long) b[3]));
        }
        return out.result();
    }

    @Override
    public synchronized Set<SeriesKey> series() {
        return Set.copyOf(raw.keySet());
    }

    @Override
    public synchronized long enforceRetention(long nowMillis) {
        long deleted = 0;
        long rawKeep = retention.raw().toMillis();
        if (rawKeep > 0) {
            for (TreeMap<Long, Sample> samples : raw.values()) {
                NavigableMap<Long, Sample> old = samples.headMap(nowMillis - rawKeep, false);
                deleted += old.size();
                old.clear();
            }
        }
        deleted += expire(minute, Resolution.MINUTE, nowMillis);
        deleted += expire(hour, Resolution.HOUR, nowMillis);
        return deleted;
    }

    private long expire(Map<SeriesKey, TreeMap<Long, double[]>> tier, Resolution r, long now) {
        long keep = retention.of(r).toMillis();
        if (keep == 0) {
            return 0;
        }
        long deleted = 0;
        for (TreeMap<Long, double[]> buckets : tier.values()) {
            // A bucket goes when its end is at or before the cutoff.
            NavigableMap<Long, double[]> old = buckets.headMap(now - keep - r.bucketMillis(), true);
            deleted += old.size();
            old.clear();
        }
        return deleted;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
