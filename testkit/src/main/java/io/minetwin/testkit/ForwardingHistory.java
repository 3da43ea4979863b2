package io.minetwin.testkit;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import java.util.List;
import java.util.Set;

/**
 * A {@link History} that forwards every call to another; a test overrides the calls it watches or breaks (counting
 * reads, failing appends as a full disk would) and leaves the rest as they are.
 */
public class ForwardingHistory implements History {

    protected final History delegate;

    public ForwardingHistory(History delegate) {
        this.delegate = delegate;
    }

    @Override
    public void append(List<Point> batch) {
        delegate.append(batch);
    }

    @Override
    public SeriesData read(SeriesKey series, long from, long to) {
        return delegate.read(series, from, to);
    }

    @Override
    public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
        return delegate.readRollup(series, resolution, from, to);
    }

    @Override
    public Set<SeriesKey> series() {
        return delegate.series();
    }

    @Override
    public long enforceRetention(long nowMillis) {
        return delegate.enforceRetention(nowMillis);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
