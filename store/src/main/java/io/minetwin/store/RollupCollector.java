package io.minetwin.store;

import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import java.util.Arrays;

/** Gathers non-empty buckets with a start in {@code [from, to)} from blocks given in time order. */
final class RollupCollector {

    private final Resolution resolution;
    private final long from;
    private final long to;
    private long[] starts = new long[64];
    private double[] min = new double[64];
    private double[] max = new double[64];
    private double[] sum = new double[64];
    private long[] count = new long[64];
    private int size;

    RollupCollector(Resolution resolution, long from, long to) {
        this.resolution = resolution;
        this.from = from;
        this.to = to;
    }

    void add(RollupBlock b) {
        for (int i = 0; i < b.count.length; i++) {
            if (b.count[i] > 0) {
                add(b.bucketStart(i), b.min[i], b.max[i], b.sum[i], b.count[i]);
            }
        }
    }

    void add(long start, double mn, double mx, double sm, long n) {
        if (start < from || start >= to) {
            return;
        }
        if (size == starts.length) {
            int c = size * 2;
            starts = Arrays.copyOf(starts, c);
            min = Arrays.copyOf(min, c);
            max = Arrays.copyOf(max, c);
            sum = Arrays.copyOf(sum, c);
            count = Arrays.copyOf(count, c);
        }
        starts[size] = start;
        min[size] = mn;
        max[size] = mx;
        sum[size] = sm;
        count[size] = n;
        size++;
    }

    RollupData result() {
        return new RollupData(resolution, starts, min, max, sum, count, size);
    }
}
