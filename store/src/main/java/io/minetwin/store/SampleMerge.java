package io.minetwin.store;

import io.minetwin.model.SeriesData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Merges sorted runs of samples of one series (chunks, the in-memory head) into one time-ordered
 * result. Where runs hold the same time, the run with the higher sequence wins: sequences grow with
 * write order, so a later write of a (series, time) replaces an earlier one. Runs with equal
 * sequences are copies of the same chunk and hold equal samples.
 */
final class SampleMerge {

    private record Run(long seq, long[] times, double[] values, byte[] qualities, int from, int to) {
        long first() {
            return times[from];
        }

        long last() {
            return times[to - 1];
        }
    }

    private final List<Run> runs = new ArrayList<>();
    private final long lo;
    private final long hi;

    /** Keeps samples with {@code lo <= time < hi}. */
    SampleMerge(long lo, long hi) {
        this.lo = lo;
        this.hi = hi;
    }

    void add(long seq, long[] times, double[] values, byte[] qualities, int size) {
        int from = lowerBound(times, size, lo);
        int to = lowerBound(times, size, hi);
        if (from < to) {
            runs.add(new Run(seq, times, values, qualities, from, to));
        }
    }

    private static int lowerBound(long[] times, int size, long key) {
        int a = 0;
        int b = size;
        while (a < b) {
            int m = (a + b) >>> 1;
            if (times[m] < key) {
                a = m + 1;
            } else {
                b = m;
            }
        }
        return a;
    }

    SeriesData result() {
        if (runs.isEmpty()) {
            return SeriesData.EMPTY;
        }
        runs.sort(Comparator.comparingLong(Run::first).thenComparingLong(Run::seq));
        int total = 0;
        boolean disjoint = true;
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            total += r.to - r.from;
            if (i > 0 && runs.get(i - 1).last() >= r.first()) {
                disjoint = false;
            }
        }
        long[] times = new long[total];
        double[] values = new double[total];
        byte[] qualities = new byte[total];
        if (disjoint) {
            int p = 0;
            for (Run r : runs) {
                int n = r.to - r.from;
                System.arraycopy(r.times, r.from, times, p, n);
                System.arraycopy(r.values, r.from, values, p, n);
                System.arraycopy(r.qualities, r.from, qualities, p, n);
                p += n;
            }
            return new SeriesData(times, values, qualities, total);
        }
        // Overlapping runs: order every sample by (time, sequence descending) and keep the first per time.
        long[] allTimes = new long[total];
        long[] seqs = new long[total];
        int[] runOf = new int[total];
        int[] indexIn = new int[total];
        int p = 0;
        for (int ri = 0; ri < runs.size(); ri++) {
            Run r = runs.get(ri);
            for (int i = r.from; i < r.to; i++) {
                allTimes[p] = r.times[i];
                seqs[p] = r.seq;
                runOf[p] = ri;
                indexIn[p] = i;
                p++;
            }
        }
        Integer[] order = new Integer[total];
        for (int i = 0; i < total; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(allTimes[a], allTimes[b]);
            return c != 0 ? c : Long.compare(seqs[b], seqs[a]);
        });
        int n = 0;
        for (int j = 0; j < total; j++) {
            int i = order[j];
            if (n > 0 && times[n - 1] == allTimes[i]) {
                continue;
            }
            Run r = runs.get(runOf[i]);
            times[n] = allTimes[i];
            values[n] = r.values[indexIn[i]];
            qualities[n] = r.qualities[indexIn[i]];
            n++;
        }
        return new SeriesData(times, values, qualities, n);
    }
}
