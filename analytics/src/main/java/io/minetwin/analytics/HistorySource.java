package io.minetwin.analytics;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.Set;

/**
 * Where analytics reads twin history from; the engine implements it over its store.
 *
 * <p>Only good-quality samples are handed out: analytics never learns from a value that the source
 * or validation marked uncertain or bad.
 */
public interface HistorySource {

    /** Good samples of {@code series} with {@code from <= time < to}, in time order. */
    Samples read(SeriesKey series, Instant from, Instant to);

    /** Every series of {@code twin} that has history. */
    Set<SeriesKey> series(TwinId twin);
}
