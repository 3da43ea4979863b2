package io.minetwin.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A batch of history points held as columns: series, epoch-millisecond times, values and quality codes in
 * parallel arrays, with no object per point. {@link History#append(PointBatch)} stores it as {@link
 * History#append(List)} stores the same points as {@link Point}s; a writer that appends often keeps one batch
 * and {@link #clear()}s it between appends, so that appending costs no garbage per sample.
 *
 * <p>Not safe for concurrent use; {@code append} only reads the batch and does not keep it.
 */
public final class PointBatch {

    private SeriesKey[] series;
    private long[] times;
    private double[] values;
    private byte[] qualities;
    private int size;

    /** An empty batch with room for {@code capacity} points before it grows. */
    public PointBatch(int capacity) {
        int c = Math.max(1, capacity);
        series = new SeriesKey[c];
        times = new long[c];
        values = new double[c];
        qualities = new byte[c];
    }

    /** A batch holding {@code points}, in their order. */
    public static PointBatch of(List<Point> points) {
        PointBatch b = new PointBatch(points.size());
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            b.add(p.series(), p.time(), p.value(), p.quality());
        }
        return b;
    }

    /** Adds a point. */
    public PointBatch add(SeriesKey key, long time, double value, QualityLevel quality) {
        Objects.requireNonNull(key, "series");
        Objects.requireNonNull(quality, "quality");
        if (size == times.length) {
            int c = size * 2;
            series = Arrays.copyOf(series, c);
            times = Arrays.copyOf(times, c);
            values = Arrays.copyOf(values, c);
            qualities = Arrays.copyOf(qualities, c);
        }
        series[size] = key;
        times[size] = time;
        values[size] = value;
        qualities[size] = (byte) quality.code();
        size++;
        return this;
    }

    /** Adds a point of good quality. */
    public PointBatch addGood(SeriesKey key, long time, double value) {
        return add(key, time, value, QualityLevel.GOOD);
    }

    /** Empties the batch, keeping its arrays (series references are dropped). */
    public void clear() {
        Arrays.fill(series, 0, size, null);
        size = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public SeriesKey series(int i) {
        check(i);
        return series[i];
    }

    public long time(int i) {
        check(i);
        return times[i];
    }

    public double value(int i) {
        check(i);
        return values[i];
    }

    /** The quality's {@link QualityLevel#code()}. */
    public byte qualityCode(int i) {
        check(i);
        return qualities[i];
    }

    public QualityLevel quality(int i) {
        return QualityLevel.ofCode(qualityCode(i));
    }

    /** Point {@code i} as a {@link Point}. */
    public Point point(int i) {
        return new Point(series(i), time(i), value(i), quality(i));
    }

    /** The batch as points, in order. */
    public List<Point> toPoints() {
        List<Point> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(point(i));
        }
        return out;
    }

    /**
     * Checks that history can store every point, as {@link Point#checkTimes} does for a list.
     *
     * @throws IllegalArgumentException naming the first point whose time is outside
     *                                  {@code [Point.MIN_TIME, Point.MAX_TIME]}
     */
    public void checkTimes() {
        for (int i = 0; i < size; i++) {
            long t = times[i];
            if (t < Point.MIN_TIME || t > Point.MAX_TIME) {
                throw new IllegalArgumentException("point " + i + " of the batch (" + series[i] + " at " + t
                        + ") has a time outside [Point.MIN_TIME, Point.MAX_TIME]; history stores epoch milliseconds"
                        + " within about 146 million years of 1970");
            }
        }
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("point " + i + " of a batch of " + size);
        }
    }
}
