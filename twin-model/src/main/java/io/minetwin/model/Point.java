package io.minetwin.model;

import java.util.Objects;

/**
 * One sample of one series as history keeps it: the source time in epoch milliseconds, the value as a
 * double ({@link ChannelSpec#encode}; NaN or an infinity for a value that was rejected as bad) and the
 * quality level after validation. Applying a sample to a twin yields one ({@link ApplyResult#historyPoint()})
 * and {@link History#append} stores it as it is.
 */
public record Point(SeriesKey series, long time, double value, QualityLevel quality) {

    /** The earliest time history stores, about 146 million years before 1970. */
    public static final long MIN_TIME = -(1L << 62);
    /** The latest time history stores, about 146 million years after 1970. */
    public static final long MAX_TIME = 1L << 62;

    public Point {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(quality, "quality");
    }

    /**
     * Checks that history can store every point of {@code batch}.
     *
     * @throws IllegalArgumentException naming the first point whose time is outside
     *                                  {@code [MIN_TIME, MAX_TIME]}
     */
    public static void checkTimes(java.util.List<Point> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Point p = batch.get(i);
            if (p.time < MIN_TIME || p.time > MAX_TIME) {
                throw new IllegalArgumentException("point " + i + " of the batch (" + p.series + " at " + p.time
                        + ") has a time outside [Point.MIN_TIME, Point.MAX_TIME]; history stores epoch milliseconds"
                        + " within about 146 million years of 1970");
            }
        }
    }

    public static Point good(SeriesKey series, long time, double value) {
        return new Point(series, time, value, QualityLevel.GOOD);
    }
}
