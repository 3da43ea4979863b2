package io.minetwin.connectors.opcua;

import io.minetwin.model.Sample;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a connector delivers what it reads; the engine implements it with its apply path and event log.
 */
public interface IngestSink {

    /**
     * Takes a batch of samples, in arrival order per series; values a subscription skipped (read back from
     * the server's history after a reconnect or a queue overflow) arrive later than newer ones, as late data.
     * May block while the engine falls behind: that is the backpressure that slows the connector down, so it
     * must not drop the batch.
     */
    void accept(List<Sample> batch) throws InterruptedException;

    /**
     * Takes a batch of samples that a source sends late, from its own store-and-forward buffer (Sparkplug B's
     * {@code is_historical} metrics): they go to history, validated like live samples, but never change a
     * twin's live state. May block like {@link #accept}.
     *
     * @throws UnsupportedOperationException if this sink keeps no history apart from live state
     */
    default void acceptHistory(List<Sample> batch) throws InterruptedException {
        throw new UnsupportedOperationException("this ingest sink takes no history-only samples; "
                + batch.size() + " historical samples cannot be stored");
    }

    /**
     * Records that data of {@code twin} is missing between {@code from} and {@code to}, e.g. because the
     * connection was lost; {@code details} say why and whether it was backfilled.
     */
    void gap(TwinId twin, Instant from, Instant to, Map<String, String> details);
}
