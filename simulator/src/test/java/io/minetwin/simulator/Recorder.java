package io.minetwin.simulator;

import io.minetwin.model.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Keeps every sample of the series it is asked to watch, and the records of a run. */
final class Recorder implements SampleSink, Records.Listener {

    /** One series' samples in time order. */
    static final class Series {
        long[] times = new long[1024];
        double[] values = new double[1024];
        int size;

        void add(long t, double v) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = t;
            values[size] = v;
            size++;
        }

        /** The value at {@code t} (the last sample at or before it), or NaN. */
        double at(long t) {
            int i = Arrays.binarySearch(times, 0, size, t);
            if (i < 0) {
                i = -i - 2;
            }
            return i < 0 ? Double.NaN : values[i];
        }
    }

    final List<Records.Failure> failures = new ArrayList<>();
    final List<Records.Maintenance> maintenance = new ArrayList<>();
    final List<Records.SensorFault> sensorFaults = new ArrayList<>();
    private final Map<Integer, Series> watched = new HashMap<>();
    private List<SeriesKey> keys = List.of();
    long samples;
    long hash = 17;

    void watchAll(List<SeriesKey> series) {
        this.keys = series;
        for (int i = 0; i < series.size(); i++) {
            watched.put(i, new Series());
        }
    }

    Series series(SeriesKey key) {
        int i = keys.indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException("no series " + key);
        }
        return watched.get(i);
    }

    @Override
    public void accept(int series, long time, double value) {
        samples++;
        hash = hash * 31 + series;
        hash = hash * 31 + time;
        hash = hash * 31 + Double.doubleToLongBits(value);
        Series s = watched.get(series);
        if (s != null) {
            s.add(time, value);
        }
    }

    @Override
    public void maintenance(Records.Maintenance m) {
        maintenance.add(m);
    }

    @Override
    public void failure(Records.Failure f) {
        failures.add(f);
    }

    @Override
    public void sensorFault(Records.SensorFault s) {
        sensorFaults.add(s);
    }
}
