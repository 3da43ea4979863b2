package io.minetwin.analytics.features;

import java.util.List;
import java.util.Objects;

/**
 * Channels of one asset component aligned on common rows: {@code columns[c][row]} is channel
 * {@code channels.get(c)} at {@code times[row]} (epoch milliseconds, increasing); NaN where unknown.
 */
public record Frame(long[] times, List<String> channels, double[][] columns) {

    public Frame {
        Objects.requireNonNull(times, "times");
        channels = List.copyOf(channels);
        Objects.requireNonNull(columns, "columns");
        if (columns.length != channels.size()) {
            throw new IllegalArgumentException(channels.size() + " channels but " + columns.length + " columns");
        }
        for (int c = 0; c < columns.length; c++) {
            if (columns[c].length != times.length) {
                throw new IllegalArgumentException("column " + channels.get(c) + " has " + columns[c].length
                        + " rows, the frame " + times.length);
            }
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("frame times must increase; row " + i + " at " + times[i]
                        + " does not come after " + times[i - 1]);
            }
        }
    }

    public int rows() {
        return times.length;
    }

    /** The column of {@code channel}, or throws naming the channels there are. */
    public double[] column(String channel) {
        int i = channels.indexOf(channel);
        if (i < 0) {
            throw new IllegalArgumentException("no channel '" + channel + "' in this frame; it has " + channels);
        }
        return columns[i];
    }

    /** The rows {@code [from, to)}. */
    public Frame slice(int from, int to) {
        double[][] cols = new double[columns.length][];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = java.util.Arrays.copyOfRange(columns[c], from, to);
        }
        return new Frame(java.util.Arrays.copyOfRange(times, from, to), channels, cols);
    }
}
