package io.minetwin.analytics.monitor;

import io.minetwin.analytics.forecast.FeatureReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Counts of the recently scored feature rows of one model version, per feature and reference bin, over a
 * sliding window: the window is cut into slots (a day each by default); a row is counted in the slot of its
 * time and a slot is emptied when it is reused for a later period. Memory is bounded by slots x features x
 * bins, however many rows are scored. Not thread-safe; {@link DriftTracker} guards it.
 */
public final class DriftWindow {

    private final String version;
    private final FeatureReference reference;
    private final long slotMillis;
    private final long[] slotStart;
    private final long[][][] counts;
    private final long[] rows;

    /**
     * @param version  the model version it counts for, e.g. {@code haul-truck.engine@3}
     * @param window   how far back rows count
     * @param slots    into how many slots the window is cut
     */
    public DriftWindow(String version, FeatureReference reference, Duration window, int slots) {
        this.version = Objects.requireNonNull(version, "version");
        this.reference = Objects.requireNonNull(reference, "reference");
        if (slots < 1 || window.isZero() || window.isNegative() || window.toMillis() % slots != 0) {
            throw new IllegalArgumentException("a drift window needs a positive length that divides into " + slots
                    + " slots, got " + window);
        }
        this.slotMillis = window.toMillis() / slots;
        this.slotStart = new long[slots];
        Arrays.fill(slotStart, Long.MIN_VALUE);
        int features = reference.names().size();
        this.counts = new long[slots][features][];
        for (int s = 0; s < slots; s++) {
            for (int i = 0; i < features; i++) {
                counts[s][i] = new long[reference.bins(i)];
            }
        }
        this.rows = new long[slots];
    }

    public String version() {
        return version;
    }

    public FeatureReference reference() {
        return reference;
    }

    /** The window's length. */
    public Duration window() {
        return Duration.ofMillis(slotMillis * slotStart.length);
    }

    /** Counts {@code x} (feature rows in the reference's order) as scored at {@code time}. */
    public void add(double[][] x, Instant time) {
        int s = slot(time.toEpochMilli());
        for (double[] row : x) {
            if (row.length != counts[s].length) {
                throw new IllegalArgumentException("a row of " + version + " has " + row.length + " features, the"
                        + " reference " + counts[s].length);
            }
            for (int i = 0; i < row.length; i++) {
                counts[s][i][reference.bin(i, row[i])]++;
            }
            rows[s]++;
        }
    }

    private int slot(long time) {
        long start = Math.floorDiv(time, slotMillis) * slotMillis;
        int s = (int) Math.floorMod(Math.floorDiv(time, slotMillis), (long) slotStart.length);
        if (slotStart[s] != start) {
            slotStart[s] = start;
            rows[s] = 0;
            for (long[] c : counts[s]) {
                Arrays.fill(c, 0);
            }
        }
        return s;
    }

    private boolean current(int s, long now) {
        return slotStart[s] != Long.MIN_VALUE && slotStart[s] > now - slotMillis * slotStart.length
                && slotStart[s] <= now;
    }

    /** Rows counted in the window that ends at {@code now}. */
    public long rows(Instant now) {
        long n = 0;
        for (int s = 0; s < rows.length; s++) {
            if (current(s, now.toEpochMilli())) {
                n += rows[s];
            }
        }
        return n;
    }

    /** Per reference bin, rows of feature {@code i} in the window that ends at {@code now}. */
    public long[] counts(int i, Instant now) {
        long[] sum = new long[reference.bins(i)];
        for (int s = 0; s < rows.length; s++) {
            if (current(s, now.toEpochMilli())) {
                for (int b = 0; b < sum.length; b++) {
                    sum[b] += counts[s][i][b];
                }
            }
        }
        return sum;
    }

    /** Per feature, its population stability index over the window that ends at {@code now} (NaN: no rows). */
    public double[] psi(Instant now) {
        double[] out = new double[reference.names().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = reference.psi(i, counts(i, now));
        }
        return out;
    }

    // --- state, for DriftTracker's file ---------------------------------------------------------------

    int slots() {
        return slotStart.length;
    }

    long slotStart(int s) {
        return slotStart[s];
    }

    long slotRows(int s) {
        return rows[s];
    }

    long[] slotCounts(int s, int i) {
        return counts[s][i];
    }

    /** Restores slot {@code s}; refused (false) when the counts do not fit this reference's bins. */
    boolean restore(int s, long start, long slotRows, long[][] slotCounts) {
        if (slotCounts.length != counts[s].length || start % slotMillis != 0
                || Math.floorMod(Math.floorDiv(start, slotMillis), (long) slotStart.length) != s) {
            return false;
        }
        for (int i = 0; i < slotCounts.length; i++) {
            if (slotCounts[i].length != counts[s][i].length) {
                return false;
            }
        }
        slotStart[s] = start;
        rows[s] = slotRows;
        for (int i = 0; i < slotCounts.length; i++) {
            System.arraycopy(slotCounts[i], 0, counts[s][i], 0, slotCounts[i].length);
        }
        return true;
    }
}
