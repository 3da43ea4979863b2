package io.minetwin.store;

import io.minetwin.model.QualityLevel;

/**
 * Raw samples of one series in time order, in columns: {@code times[i]}, {@code values[i]},
 * {@code qualities[i]} (a {@link QualityLevel#code()}) for {@code i < size}.
 */
public record SeriesData(long[] times, double[] values, byte[] qualities, int size) {

    public static final SeriesData EMPTY = new SeriesData(new long[0], new double[0], new byte[0], 0);

    public SeriesData {
        if (size < 0 || size > times.length || size > values.length || size > qualities.length) {
            throw new IllegalArgumentException("size " + size + " exceeds the columns");
        }
    }

    public long time(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    public QualityLevel quality(int i) {
        return QualityLevel.ofCode(qualities[i]);
    }
}
