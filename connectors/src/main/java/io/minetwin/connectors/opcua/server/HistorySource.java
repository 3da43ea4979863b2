package io.minetwin.connectors.opcua.server;

import io.minetwin.model.SeriesKey;
import java.util.List;

/**
 * Where HistoryRead gets channel history: the engine passes its store's history in (this module does not
 * depend on the store). Times are epoch milliseconds; qualities are {@link io.minetwin.model.QualityLevel#code()}.
 */
public interface HistorySource {

    /** Raw samples of {@code series} with {@code from <= time < to}, in time order. */
    Raw read(SeriesKey series, long from, long to);

    /** Rollup buckets {@code bucketMillis} wide of {@code series} whose start lies in {@code [from, to)}, in time order. */
    Rollups readRollup(SeriesKey series, long bucketMillis, long from, long to);

    /** The rollup bucket widths kept, in milliseconds, e.g. one minute and one hour. */
    List<Long> rollupBuckets();

    /** Raw samples in columns, {@code i < size}. */
    record Raw(long[] times, double[] values, byte[] qualities, int size) {
        public static final Raw EMPTY = new Raw(new long[0], new double[0], new byte[0], 0);
    }

    /** Rollup buckets in columns: start, minimum, maximum, sum and count of the good samples, {@code i < size}. */
    record Rollups(long bucketMillis, long[] starts, double[] min, double[] max, double[] sum, long[] count, int size) {
    }

    /** No history: every read is empty. */
    HistorySource NONE = new HistorySource() {
        @Override
        public Raw read(SeriesKey series, long from, long to) {
            return Raw.EMPTY;
        }

        @Override
        public Rollups readRollup(SeriesKey series, long bucketMillis, long from, long to) {
            return new Rollups(bucketMillis, new long[0], new double[0], new double[0], new double[0], new long[0], 0);
        }

        @Override
        public List<Long> rollupBuckets() {
            return List.of();
        }
    };
}
