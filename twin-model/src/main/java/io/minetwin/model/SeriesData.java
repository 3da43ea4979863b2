package io.minetwin.model;


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

    /**
     * The good-quality samples with a finite value, in the same order; this instance when all of them are.
     * Analytics learns only from these.
     */
    public SeriesData good() {
        byte good = (byte) QualityLevel.GOOD.code();
        int n = 0;
        while (n < size && qualities[n] == good && Double.isFinite(values[n])) {
            n++;
        }
        if (n == size) {
            return this;
        }
        long[] t = java.util.Arrays.copyOf(times, size);
        double[] v = java.util.Arrays.copyOf(values, size);
        for (int i = n; i < size; i++) {
            if (qualities[i] == good && Double.isFinite(values[i])) {
                t[n] = times[i];
                v[n++] = values[i];
            }
        }
        byte[] q = new byte[n];
        java.util.Arrays.fill(q, good);
        return new SeriesData(t, v, q, n);
    }

    /** Good samples from columns of times and values, {@code i < size}, e.g. for a test. */
    public static SeriesData good(long[] times, double[] values, int size) {
        byte[] q = new byte[Math.max(0, size)];
        java.util.Arrays.fill(q, (byte) QualityLevel.GOOD.code());
        return new SeriesData(times, values, q, size);
    }
}
