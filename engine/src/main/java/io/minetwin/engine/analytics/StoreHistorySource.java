package io.minetwin.engine.analytics;

import io.minetwin.analytics.HistorySource;
import io.minetwin.analytics.Samples;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.History;
import io.minetwin.store.SeriesData;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** Analytics' view of the store's history: raw samples of good quality only. */
public final class StoreHistorySource implements HistorySource {

    private final History history;

    public StoreHistorySource(History history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public Samples read(SeriesKey series, Instant from, Instant to) {
        SeriesData data = history.read(series, from.toEpochMilli(), to.toEpochMilli());
        long[] times = new long[data.size()];
        double[] values = new double[data.size()];
        int n = 0;
        byte good = (byte) QualityLevel.GOOD.code();
        for (int i = 0; i < data.size(); i++) {
            if (data.qualities()[i] == good && Double.isFinite(data.values()[i])) {
                times[n] = data.times()[i];
                values[n++] = data.values()[i];
            }
        }
        return new Samples(times, values, n);
    }

    @Override
    public Set<SeriesKey> series(TwinId twin) {
        return history.series().stream().filter(k -> k.twin().equals(twin)).collect(Collectors.toSet());
    }
}
