package io.minetwin.engine.faults;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault suite's equipment: {@code twins} probes of {@code channels} channels each, served at
 * {@code Objects/Faults/<twin>/s/<channel>} and stored as channel {@code s.<channel>} of twin
 * {@code faults:<twin>}. Every {@code tickMs} the server produces tick {@code k = (now - t0) / tickMs}: each
 * variable takes the value {@code k} with the source time {@code t0 + k * tickMs}, so a stored sample says
 * which tick it is, and its time must agree.
 *
 * @param twins    probe twins, at least 1
 * @param channels channels per twin, 1 to 100
 * @param tickMs   milliseconds between ticks, at least 10
 * @param t0       the time of tick 0, epoch milliseconds
 */
record FaultLayout(int twins, int channels, int tickMs, long t0) {

    static final String NAMESPACE = "faults";
    static final String ROOT = "Faults";
    static final String COMPONENT = "s";
    static final String TYPE = "fault-probe";

    FaultLayout {
        if (twins < 1 || channels < 1 || channels > 100 || tickMs < 10) {
            throw new IllegalArgumentException("the fault layout needs at least 1 twin, 1 to 100 channels and a tick"
                    + " of at least 10 ms (got " + twins + ", " + channels + ", " + tickMs + ")");
        }
    }

    static String twinName(int t) {
        return String.format("p%03d", t);
    }

    static String channelName(int c) {
        return String.format("v%02d", c);
    }

    TwinId twin(int t) {
        return new TwinId(NAMESPACE, twinName(t));
    }

    List<SeriesKey> series() {
        var out = new ArrayList<SeriesKey>(twins * channels);
        for (int t = 0; t < twins; t++) {
            for (int c = 0; c < channels; c++) {
                out.add(new SeriesKey(twin(t), COMPONENT, channelName(c)));
            }
        }
        return out;
    }

    /** The node path of channel {@code c} of twin {@code t}, below Objects. */
    String path(int t, int c) {
        return ROOT + "/" + twinName(t) + "/" + COMPONENT + "/" + channelName(c);
    }

    long timeOf(long tick) {
        return t0 + tick * tickMs;
    }

    long tickAt(long epochMillis) {
        return Math.floorDiv(epochMillis - t0, tickMs);
    }

    int items() {
        return twins * channels;
    }
}
