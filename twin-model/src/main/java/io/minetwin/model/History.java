package io.minetwin.model;

import java.util.List;

/**
 * Durable time-series history of twin channels: the seam between ingest, analytics and the SCADA
 * server above and the store below, which implements it.
 *
 * <p>{@link #append} is the only write: once it returns, every point of the batch survives a crash of
 * the process. Rollups per minute and per hour (min, max, sum, count of good-quality samples) are
 * kept up to date by {@code append}, so long ranges are answered without reading raw samples.
 * A later point with the same series and time replaces the earlier one. Times are epoch
 * milliseconds within {@code [Point.MIN_TIME, Point.MAX_TIME]}.
 *
 * <p>Implementations are safe for concurrent appends and reads.
 */
public interface History extends SeriesReader, AutoCloseable {

    /**
     * Stores {@code batch} durably; points may come in any order and for any number of series.
     *
     * @throws RuntimeException the implementation's (e.g. the store's {@code StoreException}) if the batch could
     *                          not be made durable; then none of it is acknowledged
     * @throws IllegalArgumentException if a point's time is outside {@code [Point.MIN_TIME, Point.MAX_TIME]};
     *                                  nothing of the batch is stored
     */
    void append(List<Point> batch);

    /**
     * Stores {@code batch} durably, exactly as {@link #append(List)} stores the same points; implementations
     * override it to take the columns without a {@link Point} per sample. The batch is only read, and may be
     * cleared and reused once this returns.
     *
     * @throws RuntimeException         as {@link #append(List)}
     * @throws IllegalArgumentException as {@link #append(List)}
     */
    default void append(PointBatch batch) {
        append(batch.toPoints());
    }

    /**
     * Deletes what the retention policy no longer keeps, as of {@code nowMillis}. Implementations may
     * delete in units (a chunk, a block of buckets) and so keep a little more than the policy asks.
     *
     * @return how many chunks and rollup buckets were deleted
     */
    long enforceRetention(long nowMillis);

    /** Stops appends and makes everything appended durable without the log; reads stay possible until the store closes. */
    @Override
    void close();
}
