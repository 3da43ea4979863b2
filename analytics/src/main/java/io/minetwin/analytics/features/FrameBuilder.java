package io.minetwin.analytics.features;

import io.minetwin.analytics.HistorySource;
import io.minetwin.analytics.Samples;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

    /** Reads {@code channels} of {@code twin}'s {@code component} over {@code [from, to)} and aligns them. */
    public Frame build(HistorySource source, TwinId twin, String component, List<String> channels,
                       Instant from, Instant to) {
        List<Samples> series = new ArrayList<>(channels.size());
        for (String channel : channels) {
            series.add(source.read(new SeriesKey(twin, component, channel), from, to));
        }
        return align(channels, series);
    }

    /** Aligns already read series, one per channel, on the grid. */
    public Frame align(List<String> channels, List<Samples> series) {
        long stepMillis = step.toMillis();
        TreeMap<Long, Integer> rowOf = new TreeMap<>();
        for (Samples s : series) {
            for (int i = 0; i < s.size(); i++) {
                rowOf.put(Math.floorDiv(s.times()[i], stepMillis) * stepMillis, 0);
            }
        }
        long[] times = new long[rowOf.size()];
        int r = 0;
        for (var e : rowOf.entrySet()) {
            times[r] = e.getKey();
            e.setValue(r++);
        }
        double[][] columns = new double[channels.size()][times.length];
        for (int c = 0; c < columns.length; c++) {
            Samples s = series.get(c);
            double[] sum = new double[times.length];
            int[] count = new int[times.length];
            for (int i = 0; i < s.size(); i++) {
                double v = s.values()[i];
                if (Double.isFinite(v)) {
                    int row = rowOf.get(Math.floorDiv(s.times()[i], stepMillis) * stepMillis);
                    sum[row] += v;
                    count[row]++;
                }
            }
            double last = Double.NaN;
            for (int row = 0; row < times.length; row++) {
                if (count[row] > 0) {
                    last = sum[row] / count[row];
                }
                columns[c][row] = last;
            }
        }
        return new Frame(times, channels, columns);
    }
}
