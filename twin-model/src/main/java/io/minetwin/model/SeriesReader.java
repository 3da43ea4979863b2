package io.minetwin.model;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The read side of {@link History}: raw samples and rollups of one series over a range. Analytics and
 * the SCADA server's HistoryRead take this, so a test hands them history in a few lines.
 *
 * <p>Times are epoch milliseconds; ranges are {@code [from, to)}.
 */
public interface SeriesReader {

    /** Raw samples of {@code series} with {@code from <= time < to}, in time order. */
    SeriesData read(SeriesKey series, long from, long to);

    /** Rollup buckets of {@code series} whose start lies in {@code [from, to)}, in time order. */
    RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to);

    /** Every series that has ever been appended to. */
    Set<SeriesKey> series();

    /** The series of {@code twin} that have history. */
    default Set<SeriesKey> series(TwinId twin) {
        return series().stream().filter(k -> k.twin().equals(twin)).collect(Collectors.toSet());
    }

    /** No history: every read is empty. */
    SeriesReader NONE = new SeriesReader() {
        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            return SeriesData.EMPTY;
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            return RollupData.empty(resolution);
        }

        @Override
        public Set<SeriesKey> series() {
            return Set.of();
        }
    };
}
