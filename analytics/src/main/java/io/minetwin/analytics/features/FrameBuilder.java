package io.minetwin.analytics.features;

import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Aligns the channels of one twin component on a grid of {@code step}: each row is a step in which at
 * least one channel has a sample, holding each channel's mean over that step, or its last earlier value
 * when it has none there (forward fill, so a row never looks at the future). Steps without any sample,
 * e.g. while the equipment is parked, produce no row.
 */
public final class FrameBuilder {

    private final Duration step;

    public FrameBuilder(Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the frame step must be positive, got " + step);
        }
        this.step = step;
    }

    /**
     * Reads the good samples ({@link SeriesData#good()}) of {@code channels} of {@code twin}'s {@code component}
     * over {@code [from, to)} and aligns them; a channel written {@code other/channel} is read from the twin's
     * component {@code other} (see {@link Inputs#reads()}).
     */
    public Frame build(SeriesReader source, TwinId twin, String component, List<String> channels,
                       Instant from, Instant to) {
        List<SeriesData> series = new ArrayList<>(channels.size());
        for (String channel : channels) {
            series.add(source.read(Inputs.key(twin, component, channel), from.toEpochMilli(), to.toEpochMilli()).good());
        }
        return align(channels, series);
    }

    /** Aligns already read series, one per channel, on the grid. */
    public Frame align(List<String> channels, List<SeriesData> series) {
        long stepMillis = step.toMillis();
        int total = 0;
        for (SeriesData s : series) {
            total += s.size();
        }
        // The grid rows: every step in which some channel has a sample, sorted, without repeats.
        long[] keys = new long[total];
        int k = 0;
        for (SeriesData s : series) {
            for (int i = 0; i < s.size(); i++) {
                keys[k++] = Math.floorDiv(s.times()[i], stepMillis) * stepMillis;
            }
        }
        java.util.Arrays.sort(keys);
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (i == 0 || keys[i] != keys[i - 1]) {
                keys[n++] = keys[i];
            }
        }
        long[] times = java.util.Arrays.copyOf(keys, n);
        double[][] columns = new double[channels.size()][n];
        double[] sum = new double[n];
        int[] count = new int[n];
        for (int c = 0; c < columns.length; c++) {
            SeriesData s = series.get(c);
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            int row = 0;
            for (int i = 0; i < s.size(); i++) {
                long key = Math.floorDiv(s.times()[i], stepMillis) * stepMillis;
                // SeriesData are in time order, so their rows only move forward.
                while (times[row] < key) {
                    row++;
                }
                double v = s.values()[i];
                if (Double.isFinite(v)) {
                    sum[row] += v;
                    count[row]++;
                }
            }
            double last = Double.NaN;
            for (int r = 0; r < n; r++) {
                if (count[r] > 0) {
                    last = sum[r] / count[r];
                }
                columns[c][r] = last;
            }
        }
        return new Frame(times, channels, columns);
    }
}
