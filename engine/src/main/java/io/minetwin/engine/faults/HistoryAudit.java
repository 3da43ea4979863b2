package io.minetwin.engine.faults;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stopped engine's store and compares it with the equipment's history and with what the engine
 * acknowledged: lost (acknowledged ticks the equipment produced that are not in history), duplicates (a tick
 * stored more than once), misplaced (a value stored at another time than its tick's), the produced ticks
 * missing from history in a range, and the gap events.
 */
final class HistoryAudit {

    private final FaultLayout layout;
    private final long[] produced;
    private final Map<SeriesKey, long[]> stored = new HashMap<>();
    private final List<Event> gaps;
    private long duplicates;
    private long misplaced;
    private long samples;

    private HistoryAudit(FaultLayout layout, long[] produced, List<Event> gaps) {
        this.layout = layout;
        this.produced = produced;
        this.gaps = gaps;
    }

    /** Opens the store in {@code data} (the engine must have stopped) and reads every series of the layout. */
    static HistoryAudit read(FaultLayout layout, Path data, Path producedTicks) throws IOException {
        long[] produced = ProducedTicks.read(producedTicks);
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        try (Store store = Store.open(data, options)) {
            long from = layout.t0() - 1;
            long to = System.currentTimeMillis() + 3_600_000L;
            List<Event> gaps = store.events().query(Optional.empty(), Instant.ofEpochMilli(from),
                    Instant.ofEpochMilli(to)).stream().filter(e -> e.kind() == EventKind.GAP).toList();
            var audit = new HistoryAudit(layout, produced, gaps);
            for (SeriesKey k : layout.series()) {
                audit.add(k, store.history().read(k, from, to));
            }
            return audit;
        }
    }

    private void add(SeriesKey key, SeriesData data) {
        long[] ticks = new long[data.size()];
        int n = 0;
        for (int i = 0; i < data.size(); i++) {
            double v = data.value(i);
            if (!Double.isFinite(v) || v < 0) {
                continue;
            }
            long k = (long) v;
            if (layout.timeOf(k) != data.time(i)) {
                misplaced++;
            }
            ticks[n++] = k;
        }
        samples += n;
        long[] sorted = Arrays.copyOf(ticks, n);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        duplicates += n - distinct;
        stored.put(key, Arrays.copyOf(sorted, distinct));
    }

    /** Produced ticks within the acknowledged ranges that are not in history. */
    long lost(List<Acknowledged.Range> acknowledged) {
        long lost = 0;
        for (Acknowledged.Range r : acknowledged) {
            lost += missing(r.series(), r.first(), r.last());
        }
        return lost;
    }

    /** Acknowledged ticks the equipment produced, summed over ranges. */
    long acknowledged(List<Acknowledged.Range> acknowledged) {
        long n = 0;
        for (Acknowledged.Range r : acknowledged) {
            n += countProduced(r.first(), r.last());
        }
        return n;
    }

    /** Produced ticks in {@code [first, last]} missing from history, summed over every series of the layout. */
    long missingEverywhere(long first, long last) {
        long n = 0;
        for (SeriesKey k : layout.series()) {
            n += missing(k, first, last);
        }
        return n;
    }

    /**
     * Produced ticks missing from history between each series' own first and last stored tick, summed: the
     * samples of the ingest's span that never reached the store (a series stops at its own last tick when the
     * engine stops or dies, so the span is per series).
     */
    long holesInside() {
        long n = 0;
        for (SeriesKey k : layout.series()) {
            long[] have = stored.getOrDefault(k, new long[0]);
            if (have.length > 0) {
                n += missing(k, have[0], have[have.length - 1]);
            }
        }
        return n;
    }

    private long missing(SeriesKey key, long first, long last) {
        long[] have = stored.getOrDefault(key, new long[0]);
        long n = 0;
        int lo = lowerBound(produced, first);
        for (int i = lo; i < produced.length && produced[i] <= last; i++) {
            if (Arrays.binarySearch(have, produced[i]) < 0) {
                n++;
            }
        }
        return n;
    }

    private long countProduced(long first, long last) {
        return Math.max(0, lowerBound(produced, last + 1) - lowerBound(produced, first));
    }

    private static int lowerBound(long[] a, long t) {
        int i = Arrays.binarySearch(a, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && a[i - 1] == t) {
            i--;
        }
        return i;
    }

    long duplicates() {
        return duplicates;
    }

    long misplaced() {
        return misplaced;
    }

    long samples() {
        return samples;
    }

    long producedTicks() {
        return produced.length;
    }

    List<Event> gaps() {
        return gaps;
    }

}
