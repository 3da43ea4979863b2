package io.minetwin.model;

import java.util.List;
import java.util.Optional;

/**
 * The live twins: register them, apply samples, read them, and restore them from snapshots.
 *
 * <p>Applying never throws for bad input: each sample gets an {@link ApplyResult} saying what became of it.
 */
public interface TwinRepository {

    /** Receives the history points of a batch before any of its changes becomes visible. */
    @FunctionalInterface
    interface HistorySink {
        /**
         * Makes {@code points} durable; throwing aborts the batch, so live state stays as it was and the
         * batch can be retried as a whole.
         */
        void write(List<Point> points);
    }

    Optional<Twin> twin(TwinId id);

    /** Every registered twin, in id order. */
    List<Twin> twins();

    /** Applies {@code batch} in order without keeping history. */
    default List<ApplyResult> apply(List<Sample> batch) {
        return apply(batch, points -> { });
    }

    /**
     * Validates and applies {@code batch} in order, one result per sample in the same order. The batch's
     * history points go to {@code history} first (one call, skipped when there are none); only if that
     * returns do the changes become visible, as one step per twin.
     */
    List<ApplyResult> apply(List<Sample> batch, HistorySink history);

    /**
     * Sets the latest forecast of one component of a twin and tells listeners with a
     * {@link TwinChange.HealthUpdated}. Returns false if the twin is not registered.
     *
     * @throws IllegalArgumentException if the twin's asset type has no such component
     */
    boolean updateHealth(TwinId twin, String component, ComponentHealth health);

    /**
     * Registers a twin, or replaces the definition of a registered one; channel states the new type
     * still declares with the same value type are kept.
     */
    void register(TwinDefinition definition);

    /** Removes a twin and its state; false if it was not registered. */
    boolean remove(TwinId id);

    /**
     * Replaces a registered twin's channel states with those of {@code snapshot}, keeping the registered
     * definition (configuration wins over the snapshot's attributes). Meant for start-up recovery.
     */
    RestoreReport restore(Twin snapshot);

    void addListener(TwinListener listener);

    void removeListener(TwinListener listener);
}
