package io.minetwin.engine.history;

import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A raw read of a long range as consecutive pages, each read from the store only when the one before has been
 * written out, so that a year of raw samples streams to an HTTP response in bounded memory instead of being
 * loaded whole. The pages are time windows that tile {@code [from, to)}: whole hours, as many as the hour
 * rollups say fit in {@code pageSize} samples (an hour holding more is one page of its own), so no sample is
 * read twice or left out, whatever the rollups count.
 */
public final class RawPages implements Iterable<SeriesData> {

    private static final long HOUR_MS = 3_600_000L;

    private final SeriesReader reader;
    private final SeriesKey key;
    private final long from;
    private final long to;
    private final RollupData hours;
    private final long pageSize;

    /**
     * @param hours    the series' hour rollups over {@code [from, to)}, which count its samples per hour
     * @param pageSize the samples a page should hold at most (an hour with more is still one page)
     */
    public RawPages(SeriesReader reader, SeriesKey key, long from, long to, RollupData hours, long pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size " + pageSize + " must be at least 1");
        }
        this.reader = reader;
        this.key = key;
        this.from = from;
        this.to = to;
        this.hours = hours;
        this.pageSize = pageSize;
    }

    @Override
    public Iterator<SeriesData> iterator() {
        return new Iterator<>() {
            private long start = from;
            private int hour; // the first hour bucket not yet in a page

            @Override
            public boolean hasNext() {
                return start < to;
            }

            @Override
            public SeriesData next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                while (hour < hours.size() && hours.starts()[hour] + HOUR_MS <= start) { // buckets before the page
                    hour++;
                }
                long counted = 0;
                long end = to;
                while (hour < hours.size()) {
                    long n = hours.count()[hour];
                    if (counted > 0 && counted + n > pageSize) {
                        end = hours.starts()[hour];
                        break;
                    }
                    counted += n;
                    hour++;
                }
                if (end <= start) {
                    end = to;
                }
                SeriesData page = reader.read(key, start, end);
                start = end;
                return page;
            }
        };
    }
}
