package io.minetwin.simulator;

import java.util.Arrays;

/**
 * A machine's duty at each step: whether it works (shifts, meal breaks, idle spells), and the load of
 * each component through its work cycle: a shovel's dig-swing-dump cycle, a truck's queue-load-haul-dump-return
 * cycle, a drive following its host, or a steady load for other machines. Draws from the twin's cycle stream
 * (and the noise stream for the steady load).
 */
final class DutyCycle {

    private static final double HOUR_MS = 3_600_000.0;

    private final TwinSim twin;
    private final String[] components;

    /** Each component's instantaneous load (negative when regenerating or lowering) and its cycle mean. */
    final double[] compLoad;
    final double[] compMean;
    boolean working;
    double cyclesInStep;
    double tonnageInStep;
    // Truck phase outputs
    double speedKmh;
    double grade;
    boolean loaded;
    double engineLoad;
    double retard;
    // The last completed work cycle
    double lastCycleSeconds;
    double lastPayload;
    // The current work cycle (shovel dig cycle, truck haul cycle)
    double payload;
    private long cycleStart = Long.MIN_VALUE;
    private double cycleSeconds;
    private double queueS;
    private double haulS;
    private double returnS;
    // Unplanned idle spells
    private long idleUntil = Long.MIN_VALUE;
    private long nextIdleCheck = Long.MIN_VALUE;

    DutyCycle(TwinSim twin, String[] components) {
        this.twin = twin;
        this.components = components;
        this.compLoad = new double[components.length];
        this.compMean = new double[components.length];
    }

    /** Two 12-hour shifts changing at 07:30 and 19:30 local, with a meal break in each. */
    static boolean shiftChange(double hour) {
        return (hour >= 7 && hour < 8) || (hour >= 19 && hour < 20) || (hour >= 12.5 && hour < 13)
                || (hour >= 0.5 && hour < 1);
    }

    private boolean scheduled(long t) {
        if (shiftChange(twin.settings.climate().localHour(t))) {
            return false;
        }
        // Unplanned idle spells (waiting on a shovel, a blast, relocation): per hour, drawn on the hour.
        long hour = Math.floorDiv(t, (long) HOUR_MS);
        if (hour != nextIdleCheck) {
            nextIdleCheck = hour;
            double idleShare = 1 - twin.ts.utilisation() / 0.92;
            if (idleShare > 0 && twin.cycleRng.chance(idleShare / 2)) {
                idleUntil = hour * (long) HOUR_MS + (long) (twin.cycleRng.uniform(0.5, 2) * HOUR_MS);
            }
        }
        return t >= idleUntil;
    }

    /** Works out the duty of the step ending at {@code t}. */
    void step(long t, double dtSeconds) {
        Arrays.fill(compLoad, 0);
        Arrays.fill(compMean, 0);
        cyclesInStep = 0;
        tonnageInStep = 0;
        speedKmh = 0;
        grade = 0;
        engineLoad = 0;
        retard = 0;
        if (twin.kind == TwinSim.Kind.INVERTER) {
            TwinSim host = twin.host;
            working = twin.upkeep.phase == Phase.OPERATING && host != null && host.duty.working;
            if (working && twin.hostComponent >= 0) {
                double sign = 1;
                fill(host.duty.compLoad[twin.hostComponent] * sign, host.duty.compMean[twin.hostComponent]);
                cyclesInStep = host.duty.cyclesInStep * (host.kind == TwinSim.Kind.TRUCK ? 2 : 1);
                speedKmh = host.duty.speedKmh;
            }
            return;
        }
        working = twin.operational() && scheduled(t);
        if (!working) {
            cycleStart = Long.MIN_VALUE;
            loaded = false;
            return;
        }
        switch (twin.kind) {
            case SHOVEL -> shovel(t);
            case TRUCK -> truck(t);
            default -> {
                double l = 0.7 + 0.15 * Math.sin(2 * Math.PI * t / 2_400_000.0) + 0.08 * twin.noise.nextGaussian();
                fill(clamp(l, 0.1, 1.1), 0.7);
                cyclesInStep = dtSeconds / 60;
            }
        }
        limitBySetPoints();
    }

    /** Scales each component's load by its set points' factor (see {@link SetPoints}); nothing without them. */
    private void limitBySetPoints() {
        if (twin.cycleFactor == 1) {
            return;
        }
        for (int c = 0; c < components.length; c++) {
            compLoad[c] *= twin.loadFactor[c];
            compMean[c] *= twin.loadFactor[c];
            if (components[c].equals("engine")) {
                engineLoad *= twin.loadFactor[c];
            }
        }
    }

    private void fill(double inst, double mean) {
        Arrays.fill(compLoad, inst);
        Arrays.fill(compMean, Math.abs(mean));
    }

    static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** Moves the current work cycle forward to {@code t}, drawing each new cycle; counts completed ones. */
    private void advanceCycle(long t) {
        if (cycleStart == Long.MIN_VALUE) {
            cycleStart = t - (long) (twin.cycleRng.nextDouble() * 30_000);
            newCycle();
        }
        int guard = 0;
        while (t >= cycleStart + (long) (cycleSeconds * 1000) && guard++ < 1_000_000) {
            cycleStart += (long) (cycleSeconds * 1000);
            cyclesInStep++;
            tonnageInStep += payload / 1000;
            lastCycleSeconds = cycleSeconds;
            lastPayload = payload;
            newCycle();
        }
    }

    private void newCycle() {
        Rng rng = twin.cycleRng;
        if (twin.kind == TwinSim.Kind.SHOVEL) {
            cycleSeconds = clamp(rng.gaussian(32.5, 1.6), 27, 45);
            // A lower hoist speed limit stretches the cycle: fewer, slower cycles per hour.
            cycleSeconds /= twin.cycleFactor;
            payload = clamp(rng.gaussian(100, 6), 70, 122);
        } else {
            TwinSettings ts = twin.ts;
            queueS = rng.exponential(150);
            double loadedKmh = clamp(rng.gaussian(12.5, 0.8) * 9 / Math.max(4, ts.haulGrade()), 8, 30);
            haulS = ts.haulKm() / (loadedKmh * twin.cycleFactor) * 3600;
            returnS = ts.haulKm() / clamp(rng.gaussian(30, 2), 20, 40) * 3600;
            cycleSeconds = queueS + 150 + haulS + 70 + returnS;
            payload = clamp(rng.gaussian(285, 12), 240, 330);
        }
    }

    private void shovel(long t) {
        advanceCycle(t);
        double f = (t - cycleStart) / (cycleSeconds * 1000);
        double pf = payload / 100;
        double hoist;
        double swing;
        double crowd;
        if (f < 0.35) { // dig: hoist and crowd under load
            hoist = 0.65 + 0.35 * pf;
            swing = 0.05;
            crowd = 0.7;
        } else if (f < 0.6) { // swing loaded: accelerate, then brake
            hoist = 0.35 * pf;
            swing = f < 0.5 ? 0.85 : -0.55;
            crowd = 0.15;
        } else if (f < 0.7) { // dump
            hoist = 0.2;
            swing = 0;
            crowd = -0.3;
        } else { // swing back, lowering the dipper
            hoist = -0.25;
            swing = f < 0.87 ? 0.7 : -0.45;
            crowd = 0.1;
        }
        for (int c = 0; c < components.length; c++) {
            String name = components[c];
            if (name.startsWith("hoist")) {
                compLoad[c] = hoist;
                compMean[c] = 0.5 * pf;
            } else if (name.startsWith("swing")) {
                compLoad[c] = swing;
                compMean[c] = 0.45;
            } else if (name.startsWith("crowd")) {
                compLoad[c] = crowd;
                compMean[c] = 0.35;
            } else {
                compLoad[c] = hoist;
                compMean[c] = 0.5;
            }
        }
    }

    private void truck(long t) {
        advanceCycle(t);
        TwinSettings ts = twin.ts;
        double s = (t - cycleStart) / 1000.0;
        double traction;
        double tkph;
        if (s < queueS + 150) { // queue and loading at the shovel
            loaded = s >= queueS + 75;
            speedKmh = s < queueS ? 0 : 2;
            engineLoad = 0.12;
            traction = 0.05;
        } else if (s < queueS + 150 + haulS) { // loaded haul uphill
            loaded = true;
            speedKmh = ts.haulKm() / (haulS / 3600);
            grade = ts.haulGrade();
            engineLoad = 0.95;
            traction = 0.85;
        } else if (s < queueS + 220 + haulS) { // dump
            loaded = false;
            speedKmh = 1;
            engineLoad = 0.35;
            traction = 0.05;
        } else { // empty return downhill, retarding
            loaded = false;
            speedKmh = ts.haulKm() / (returnS / 3600);
            grade = -ts.haulGrade();
            engineLoad = 0.3;
            traction = -0.6;
            retard = 0.8;
        }
        double haulShare = haulS / cycleSeconds;
        double meanEngine = 0.95 * haulShare + 0.3 * returnS / cycleSeconds + 0.12 * (1 - haulShare);
        double meanTraction = 0.85 * haulShare + 0.6 * returnS / cycleSeconds;
        tkph = (loaded ? payload / 285 : 0.45) * speedKmh / 25;
        for (int c = 0; c < components.length; c++) {
            String name = components[c];
            if (name.startsWith("wheel-motor")) {
                compLoad[c] = traction;
                compMean[c] = meanTraction;
            } else if (name.startsWith("tyre")) {
                compLoad[c] = tkph;
                compMean[c] = 0.35 + 0.35 * haulShare;
            } else if (name.equals("brakes")) {
                compLoad[c] = retard;
                compMean[c] = 0.8 * returnS / cycleSeconds;
            } else {
                compLoad[c] = engineLoad;
                compMean[c] = meanEngine;
            }
        }
    }
}
