package io.minetwin.simulator;

/**
 * Generated samples in columns: {@code series[i]} (an index into {@link FleetSimulation#series()}),
 * {@code times[i]} and {@code values[i]} for {@code i < size()}. A batch is reused once its sink
 * returns, so a sink must copy what it keeps.
 */
public final class SampleBatch implements SampleSink {
    private final int[] series;
    private final long[] times;
    private final double[] values;
    private int size;

    public SampleBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("batch capacity must be at least 1, got " + capacity);
        }
        series = new int[capacity];
        times = new long[capacity];
        values = new double[capacity];
    }

    @Override
    public void accept(int s, long time, double value) {
        series[size] = s;
        times[size] = time;
        values[size] = value;
        size++;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return series.length;
    }

    /** Whether {@code more} samples still fit. */
    public boolean fits(int more) {
        return size + more <= series.length;
    }

    public int series(int i) {
        return series[i];
    }

    public long time(int i) {
        return times[i];
    }

    public double value(int i) {
        return values[i];
    }

    void clear() {
        size = 0;
    }
}
