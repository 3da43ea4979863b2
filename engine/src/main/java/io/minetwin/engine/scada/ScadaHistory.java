package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.HistorySource;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.History;
import io.minetwin.store.Resolution;
import io.minetwin.store.RollupData;
import io.minetwin.store.SeriesData;
import java.util.List;
import java.util.Objects;

/** The store's history as the SCADA server's {@link HistorySource}: raw samples and the per-minute and per-hour rollups. */
public final class ScadaHistory implements HistorySource {

    private final History history;

    public ScadaHistory(History history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public Raw read(SeriesKey series, long from, long to) {
        SeriesData d = history.read(series, from, to);
        return new Raw(d.times(), d.values(), d.qualities(), d.size());
    }

    @Override
    public Rollups readRollup(SeriesKey series, long bucketMillis, long from, long to) {
        Resolution r = bucketMillis == Resolution.MINUTE.bucketMillis() ? Resolution.MINUTE
                : bucketMillis == Resolution.HOUR.bucketMillis() ? Resolution.HOUR : null;
        if (r == null) {
            throw new IllegalArgumentException("no rollups of " + bucketMillis + " ms; the store keeps "
                    + rollupBuckets());
        }
        RollupData d = history.readRollup(series, r, from, to);
        return new Rollups(bucketMillis, d.starts(), d.min(), d.max(), d.sum(), d.count(), d.size());
    }

    @Override
    public List<Long> rollupBuckets() {
        return List.of(Resolution.MINUTE.bucketMillis(), Resolution.HOUR.bucketMillis());
    }
}
