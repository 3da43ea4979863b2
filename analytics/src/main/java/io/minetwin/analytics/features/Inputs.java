package io.minetwin.analytics.features;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.List;

/**
 * What one component's forecast reads from its machine's history, and the signals derived from it.
 *
 * <p>Three kinds of input:
 * <ul>
 *   <li>the component's own {@code channels};</li>
 *   <li>the same channels of its {@code peers}: components of the same machine built alike (the left and
 *       right wheel motors of a truck, the two hoist motors of a shovel). Peers share the machine's duty and
 *       ambient, so the difference between a component and the mean of its peers cancels load, season and
 *       weather and leaves what differs: wear. A signal {@code <channel>-vs-peers} is derived per channel;
 *       </li>
 *   <li>the machine's duty {@code counters} ({@code component/channel} references of cumulative counters
 *       such as {@code machine/operating-hours}): each gives {@code <channel>-since-renewal}, the count
 *       since the life started (its first reading in the life), i.e. the hours or cycles the component has
 *       worked since it was last renewed.</li>
 * </ul>
 *
 * <p>A raw frame holds the columns of {@link #reads()} in that order; {@link #derive} turns it into the
 * signals features are computed from: the own channels, then the peer differences, then the counters.
 * Derivation looks at each row and the life's first rows only, so it never sees the future.
 *
 * @param channels own channels
 * @param peers    peer components with the same channels (may be empty)
 * @param counters duty counters as {@code component/channel} (may be empty)
 */
public record Inputs(List<String> channels, List<String> peers, List<String> counters) {

    /** Separates a component from a channel in a reference to another component's channel. */
    public static final String SEPARATOR = "/";
    /** Suffix of a channel's difference from its peers' mean. */
    public static final String VS_PEERS = "-vs-peers";
    /** Suffix of a counter's count since the life began. */
    public static final String SINCE_RENEWAL = "-since-renewal";

    public Inputs {
        channels = List.copyOf(channels);
        peers = List.copyOf(peers);
        counters = List.copyOf(counters);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a component's inputs need at least one channel of its own");
        }
        for (String c : channels) {
            if (c.contains(SEPARATOR)) {
                throw new IllegalArgumentException("own channel '" + c + "' must be a plain channel name");
            }
        }
        counters.forEach(Inputs::checkCounter);
    }

    /**
     * Checks that {@code reference} names a duty counter as {@code component/channel}.
     *
     * @throws IllegalArgumentException naming the reference and the form it needs
     */
    public static void checkCounter(String reference) {
        int i = reference.indexOf(SEPARATOR);
        if (i <= 0 || i == reference.length() - 1 || reference.indexOf(SEPARATOR, i + 1) >= 0) {
            throw new IllegalArgumentException("duty counter '" + reference + "' must be written component/channel,"
                    + " e.g. machine/operating-hours");
        }
    }

    /** Only the component's own channels. */
    public static Inputs of(List<String> channels) {
        return new Inputs(channels, List.of(), List.of());
    }

    /**
     * The series to read, in raw frame order: own channels, then each peer's channels ({@code peer/channel},
     * peer by peer), then the counters.
     */
    public List<String> reads() {
        List<String> out = new ArrayList<>(channels);
        for (String p : peers) {
            for (String c : channels) {
                out.add(p + SEPARATOR + c);
            }
        }
        out.addAll(counters);
        return out;
    }

    /** The signals {@link #derive} gives, in order. */
    public List<String> signals() {
        List<String> out = new ArrayList<>(channels);
        if (!peers.isEmpty()) {
            for (String c : channels) {
                out.add(c + VS_PEERS);
            }
        }
        for (String c : counters) {
            out.add(c.substring(c.indexOf(SEPARATOR) + 1) + SINCE_RENEWAL);
        }
        return out;
    }

    /** The history series of a read ({@link #reads()}) of {@code twin}'s {@code component}. */
    public static SeriesKey key(TwinId twin, String component, String read) {
        int i = read.indexOf(SEPARATOR);
        return i < 0 ? new SeriesKey(twin, component, read)
                : new SeriesKey(twin, read.substring(0, i), read.substring(i + 1));
    }

    /**
     * The derived signals of one life's raw frame (columns {@link #reads()}).
     *
     * @throws IllegalArgumentException when the frame's columns are not {@link #reads()}
     */
    public Frame derive(Frame raw) {
        List<String> reads = reads();
        if (!raw.channels().equals(reads)) {
            throw new IllegalArgumentException("the frame has columns " + raw.channels() + " but these inputs read "
                    + reads + "; retrain the model");
        }
        if (peers.isEmpty() && counters.isEmpty()) {
            return raw;
        }
        int n = raw.rows();
        int own = channels.size();
        double[][] in = raw.columns();
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < own; c++) {
            out.add(in[c]);
        }
        if (!peers.isEmpty()) {
            for (int c = 0; c < own; c++) {
                double[] d = new double[n];
                for (int r = 0; r < n; r++) {
                    double sum = 0;
                    int k = 0;
                    for (int p = 0; p < peers.size(); p++) {
                        double v = in[own + p * own + c][r];
                        if (Double.isFinite(v)) {
                            sum += v;
                            k++;
                        }
                    }
                    d[r] = k > 0 ? in[c][r] - sum / k : Double.NaN;
                }
                out.add(d);
            }
        }
        int first = own + peers.size() * own;
        for (int j = 0; j < counters.size(); j++) {
            double[] x = in[first + j];
            double[] d = new double[n];
            double start = Double.NaN;
            for (int r = 0; r < n; r++) {
                if (Double.isNaN(start) && Double.isFinite(x[r])) {
                    start = x[r];
                }
                // A counter reset (e.g. a replaced hour meter) must not give negative work.
                d[r] = Double.isFinite(x[r]) && Double.isFinite(start) ? Math.max(0, x[r] - start) : Double.NaN;
            }
            out.add(d);
        }
        return new Frame(raw.times(), signals(), out.toArray(new double[0][]));
    }
}
