package io.minetwin.analytics;

import java.util.Objects;

/**
 * Samples of one series in time order, in columns: {@code times[i]} in epoch milliseconds and
 * {@code values[i]}, for {@code i < size}.
 */
public record Samples(long[] times, double[] values, int size) {

    public static final Samples EMPTY = new Samples(new long[0], new double[0], 0);

    public Samples {
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        if (size < 0 || size > times.length || size > values.length) {
            throw new IllegalArgumentException("size " + size + " exceeds the columns (" + times.length + " times, "
                    + values.length + " values)");
        }
        for (int i = 1; i < size; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("samples must be in time order; time " + times[i] + " at index "
                        + i + " comes before " + times[i - 1]);
            }
        }
    }
}
