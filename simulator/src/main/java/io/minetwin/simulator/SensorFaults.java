package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Range;
import io.minetwin.model.ValueType;

/**
 * Sensor faults of one twin: now and then one numeric channel's sensor sticks, spikes, drops out or
 * drifts for a while. Laid over the output only, never touching the machine, and drawn from the twin's
 * own sensors stream, so they cannot change anything the machine does.
 */
final class SensorFaults {

    private static final double HOUR_MS = 3_600_000.0;

    private final TwinSim twin;
    private final Rng sensors;
    private long next;
    private int channel = -1;
    private Records.SensorFaultKind kind;
    private long start;
    private long end;
    private double stuck;
    private double drift;

    SensorFaults(TwinSim twin, Rng sensors) {
        this.twin = twin;
        this.sensors = sensors;
    }

    /** Schedules the first fault from {@code from}. */
    void start(long from) {
        next = from + MaintenanceCycle.nextGap(sensors, twin.settings.sensorFaultsPerYear());
    }

    /** Ends a fault that is over and starts one that is due, before the samples at {@code t} are written. */
    void advance(long t) {
        if (channel >= 0 && t >= end) {
            channel = -1;
        }
        if (channel < 0 && t >= next) {
            begin(t);
        }
    }

    /** Whether channel {@code k}'s sample at {@code t} is lost. */
    boolean dropped(int k, long t) {
        return k == channel && t >= start && kind == Records.SensorFaultKind.DROPOUT;
    }

    /** Channel {@code k}'s reading at {@code t} of true value {@code v}. */
    double reading(int k, long t, double v) {
        if (k != channel || t < start) {
            return v;
        }
        return switch (kind) {
            case STUCK -> stuck;
            case DROPOUT -> v;
            case SPIKES -> sensors.chance(0.08)
                    ? v + (sensors.chance(0.5) ? 1 : -1) * span(twin.specs[k], v) * sensors.uniform(0.4, 1.2) : v;
            case DRIFT -> v + drift * (t - start) / (double) (end - start);
        };
    }

    private static double span(ChannelSpec s, double v) {
        Range nr = s.normal();
        if (nr.hasMin() && nr.hasMax()) {
            return nr.max() - nr.min() + 0.1 * Math.abs(v);
        }
        return 0.3 * Math.abs(v) + 1;
    }

    private void begin(long t) {
        next = t + MaintenanceCycle.nextGap(sensors, twin.settings.sensorFaultsPerYear());
        int n = twin.specs.length;
        int candidates = 0;
        for (int k = 0; k < n; k++) {
            if (faultable(k)) {
                candidates++;
            }
        }
        if (candidates == 0) {
            return;
        }
        int pick = (int) (sensors.nextDouble() * candidates);
        int k = 0;
        for (int j = 0; j < n; j++) {
            if (faultable(j) && pick-- == 0) {
                k = j;
                break;
            }
        }
        Records.SensorFaultKind[] kinds = Records.SensorFaultKind.values();
        kind = kinds[(int) (sensors.nextDouble() * kinds.length)];
        double hours = switch (kind) {
            case STUCK -> sensors.uniform(6, 48);
            case SPIKES -> sensors.uniform(24, 72);
            case DROPOUT -> sensors.uniform(2, 24);
            case DRIFT -> sensors.uniform(120, 480);
        };
        channel = k;
        start = t;
        end = t + (long) (hours * HOUR_MS);
        stuck = twin.value[k];
        drift = (sensors.chance(0.5) ? 1 : -1) * 0.25 * span(twin.specs[k], twin.value[k]);
        twin.listener.sensorFault(new Records.SensorFault(start, end, twin.id, twin.components[twin.comp[k]],
                twin.specs[k].name(), kind));
    }

    private boolean faultable(int k) {
        return twin.specs[k].type() == ValueType.NUMBER && twin.physics[k].sensorFaultable();
    }
}
