package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.IngestSink;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Keeps what the connector delivers, live and history-only apart, for assertions. */
final class RecordingSink implements IngestSink {

    record Gap(TwinId twin, Instant from, Instant to, Map<String, String> details) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final List<Sample> history = new ArrayList<>();
    private final List<Gap> gaps = new ArrayList<>();

    @Override
    public synchronized void accept(List<Sample> batch) {
        samples.addAll(batch);
    }

    @Override
    public synchronized void acceptHistory(List<Sample> batch) {
        history.addAll(batch);
    }

    @Override
    public synchronized void gap(TwinId twin, Instant from, Instant to, Map<String, String> details) {
        gaps.add(new Gap(twin, from, to, details));
    }

    synchronized List<Sample> samples(SeriesKey key) {
        return samples.stream().filter(s -> s.series().equals(key)).toList();
    }

    synchronized List<Sample> history(SeriesKey key) {
        return history.stream().filter(s -> s.series().equals(key)).toList();
    }

    synchronized List<Gap> gaps(TwinId twin) {
        return gaps.stream().filter(g -> g.twin().equals(twin)).toList();
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
