package io.minetwin.simulator;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A machine's operation and upkeep: failures (wear-out, and random faults without precursor), the wait and
 * the repair that follow, and scheduled services on operating-hour intervals, with the maintenance records
 * each writes. Draws from the twin's events stream.
 */
final class MaintenanceCycle {

    private static final double HOUR_MS = 3_600_000.0;
    private static final double YEAR_MS = 365.25 * 86_400_000.0;

    /** Parts that fail at random: not the machine as a whole, the body, the dipper or the feed. */
    private static final Predicate<String> RANDOM_FAULT_PRONE =
            c -> !(c.equals("machine") || c.equals("body") || c.equals("dipper") || c.equals("feed")
                    || c.endsWith("rope"));

    final TwinSim twin;
    private final Rng events;
    Phase phase = Phase.OPERATING;
    private long phaseUntil;
    private ModeState failedMode;
    private int failedComponent = -1;
    private String failedModeId = "";
    private long failedAt;
    double nextServiceAt;
    private long nextRandomFault;

    MaintenanceCycle(TwinSim twin, Rng events) {
        this.twin = twin;
        this.events = events;
    }

    /** Schedules the first random fault from {@code start}. */
    void start(long start) {
        nextRandomFault = start + nextGap(events, twin.settings.randomFaultsPerYear());
    }

    static long nextGap(Rng rng, double perYear) {
        return perYear <= 0 ? Long.MAX_VALUE / 4 : (long) rng.exponential(YEAR_MS / perYear);
    }

    /** Moves down, repair and service phases on to {@code t}, and starts a service when one is due. */
    void advance(long t) {
        if (phase == Phase.DOWN && t >= phaseUntil) {
            phase = Phase.REPAIR;
            double hours = failedMode != null ? failedMode.mode.repairHours() * events.uniform(0.7, 1.5)
                    : events.uniform(3, 14);
            phaseUntil = t + (long) (hours * HOUR_MS);
        }
        if (phase == Phase.REPAIR && t >= phaseUntil) {
            String component = twin.components[failedComponent];
            // A breakdown work order is opened when the machine goes down, so the record carries the
            // failure time; what was done and when it was back in service go into the notes.
            String back = " (back in service " + Instant.ofEpochMilli(t) + ")";
            if (failedMode != null) {
                renew(failedMode, t);
                twin.listener.maintenance(new Records.Maintenance(failedAt, twin.id, component,
                        Records.Action.FAILURE_REPAIR, failedMode.mode.id(),
                        "failed; " + failedMode.mode.repairNote() + back));
            } else {
                twin.listener.maintenance(new Records.Maintenance(failedAt, twin.id, component,
                        Records.Action.FAILURE_REPAIR, failedModeId, randomRepairNote(component) + back));
            }
            failedMode = null;
            failedComponent = -1;
            phase = Phase.OPERATING;
        }
        if (phase == Phase.SERVICE && t >= phaseUntil) {
            finishService(t);
            phase = Phase.OPERATING;
        }
        if (phase == Phase.OPERATING && twin.opHours >= nextServiceAt && !workingHoursOnly(t)) {
            phase = Phase.SERVICE;
            phaseUntil = t + (long) (events.uniform(6, 12) * HOUR_MS);
            nextServiceAt = twin.opHours + twin.settings.preventiveIntervalHours();
        }
    }

    /** Services start at a shift change, when the machine would stop anyway. */
    private boolean workingHoursOnly(long t) {
        return !DutyCycle.shiftChange(twin.settings.climate().localHour(t));
    }

    /** Renews a component's mode: no damage, a new unit's life. */
    void renew(ModeState m, long t) {
        m.damage = 0;
        m.life = twin.drawLife(m);
        m.wearStart = t;
        m.mode.renewed(twin);
    }

    /** Writes a maintenance record on component {@code c}. */
    void record(long t, int c, Records.Action action, String mode, String note) {
        twin.listener.maintenance(new Records.Maintenance(t, twin.id, twin.components[c], action, mode, note));
    }

    private void finishService(long t) {
        String whole = twin.def.type().component("machine").isPresent() ? "machine" : twin.components[0];
        twin.listener.maintenance(new Records.Maintenance(t, twin.id, whole, Records.Action.PREVENTIVE, "",
                String.format(Locale.ROOT, "scheduled service at %.0f operating hours", twin.opHours)));
        for (ModeState m : twin.modes) {
            m.mode.service(m, this, t);
        }
    }

    /** The machine goes down with a failure of {@code mode} (null for a random fault) on {@code component}. */
    void fail(long t, int component, ModeState mode, String modeId, Records.Cause cause) {
        phase = Phase.DOWN;
        failedAt = t;
        failedMode = mode;
        failedComponent = component;
        failedModeId = modeId;
        double wait = events.uniform(1, 6);
        phaseUntil = t + (long) (wait * HOUR_MS);
        double downtime = wait + (mode != null ? mode.mode.repairHours() * 1.1 : 8.5);
        String precursor = mode != null && mode.precursor >= 0 ? twin.channelPath[mode.precursor] : "";
        long wearStart = mode != null ? mode.wearStart : twin.settings.start().toEpochMilli();
        twin.listener.failure(new Records.Failure(t, twin.id, twin.components[component], modeId, cause, precursor,
                downtime, wearStart));
        twin.duty.working = false;
    }

    /** A random fault, without precursor, when one is due and the machine is working. */
    void randomFault(long t) {
        if (t < nextRandomFault) {
            return;
        }
        nextRandomFault = t + nextGap(events, twin.settings.randomFaultsPerYear());
        if (phase != Phase.OPERATING || !twin.duty.working) {
            return;
        }
        int c = pickRandomComponent();
        fail(t, c, null, randomMode(twin.components[c]), Records.Cause.RANDOM);
    }

    private int pickRandomComponent() {
        String[] components = twin.components;
        if (twin.kind == TwinSim.Kind.INVERTER) {
            for (int c = 0; c < components.length; c++) {
                if (components[c].equals("igbt")) {
                    return c;
                }
            }
        }
        int c;
        int guard = 0;
        do {
            c = (int) (events.nextDouble() * components.length);
        } while (!RANDOM_FAULT_PRONE.test(components[c]) && ++guard < 50);
        return c;
    }

    private String randomMode(String component) {
        if (twin.kind == TwinSim.Kind.INVERTER) {
            return "gate-driver-fault";
        }
        if (component.startsWith("tyre")) {
            return "tyre-cut";
        }
        if (component.contains("engine")) {
            return "fuel-system-fault";
        }
        if (component.contains("motor")) {
            return "electrical-trip";
        }
        if (component.contains("gearbox")) {
            return "lubrication-loss";
        }
        return "random-fault";
    }

    private static String randomRepairNote(String component) {
        return "fault on " + component + " repaired; no prior warning";
    }
}
