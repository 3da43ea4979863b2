package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Range;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated machine: it steps its {@link DutyCycle}, its {@link MaintenanceCycle}, the
 * {@link ChannelPhysics} of each channel, the wear of each {@link FailureMode} and its {@link SensorFaults}.
 * Not thread-safe; {@link FleetSimulation} steps every twin from one thread.
 *
 * <p>Each step samples the machine at one instant (the phase of the current work cycle) while wear
 * integrates the duty of the whole step, so any step from a second to an hour gives the same physics.
 * The channel physics is chosen by channel name through a {@link PhysicsRegistry}, not by asset type, so
 * an asset type declared only in configuration gets sensible signals and the failure modes its channels
 * can show ({@link ModeWiring}); unknown channels follow their normal range and the load.
 *
 * <p>Each twin draws from its own random streams (cycle, noise, events, lives, sensors); the order of the
 * draws within a stream is part of the output, which a golden test locks down.
 */
final class TwinSim {

    /** The kind of duty cycle the machine runs. */
    enum Kind { SHOVEL, TRUCK, INVERTER, GENERIC }

    final TwinDefinition def;
    final TwinId id;
    final Kind kind;
    final int firstSeries;
    final SimulationSettings settings;
    final TwinSettings ts;
    final Records.Listener listener;
    final Rng cycleRng;
    final Rng noise;
    private final Rng lives;

    // Channels
    private final int n;
    final ChannelSpec[] specs;
    final String[] channelPath;
    final int[] comp;
    final ChannelPhysics[] physics;
    private final ModeState[] modeOf;
    private final double[] unitBase;
    final double[] value;
    /** Each set point channel's current value (NaN for other channels), see {@link SetPoints}. */
    private final double[] setPoints;
    /** Each component's load factor from the set points: 1 unless a set point limits it. */
    final double[] loadFactor;
    /** The work cycle's speed factor: the lowest load factor, 1 without set points. */
    double cycleFactor = 1;
    final int[] stateIndex = new int[4];
    int loadedIndex = 1;
    int emptyIndex;
    private final ChannelStep channelStep = new ChannelStep();

    // Components and their wear
    final String[] components;
    final double[] thermal;
    final List<ModeState> modes;
    int wornBank;

    // Links
    TwinSim host;
    int hostComponent = -1;
    final List<TwinSim> children = new ArrayList<>();

    // Operation
    final DutyCycle duty;
    final MaintenanceCycle upkeep;
    private final SensorFaults sensorFaults;
    double warm;
    double opHours;
    double cycles;
    double ropeTonnageKt;

    TwinSim(TwinDefinition def, int firstSeries, SimulationSettings settings, TwinSettings ts, long seed,
            Records.Listener listener, PhysicsRegistry registry) {
        this.def = def;
        this.id = def.id();
        this.firstSeries = firstSeries;
        this.settings = settings;
        this.ts = ts;
        this.listener = listener;
        String name = id.toString();
        this.cycleRng = new Rng(Rng.derive(seed, name, "cycle"));
        this.noise = new Rng(Rng.derive(seed, name, "noise"));
        Rng events = new Rng(Rng.derive(seed, name, "events"));
        this.lives = new Rng(Rng.derive(seed, name, "lives"));
        // Sensor faults draw from their own stream, so they cannot change anything the machine does.
        Rng sensors = new Rng(Rng.derive(seed, name, "sensors"));
        String type = def.type().name();
        boolean hosted = def.attributes().parent().isPresent();
        this.kind = type.contains("shovel") ? Kind.SHOVEL : type.contains("truck") ? Kind.TRUCK
                : hosted && def.type().component("igbt").isPresent() ? Kind.INVERTER : Kind.GENERIC;

        List<ComponentType> ct = def.type().components();
        components = new String[ct.size()];
        thermal = new double[ct.size()];
        loadFactor = new double[ct.size()];
        Arrays.fill(loadFactor, 1);
        n = def.type().channelCount();
        specs = new ChannelSpec[n];
        channelPath = new String[n];
        comp = new int[n];
        physics = new ChannelPhysics[n];
        unitBase = new double[n];
        value = new double[n];
        setPoints = new double[n];
        Arrays.fill(setPoints, Double.NaN);
        String[] channelNames = new String[n];
        int i = 0;
        for (int c = 0; c < ct.size(); c++) {
            components[c] = ct.get(c).name();
            for (ChannelSpec s : ct.get(c).channels()) {
                specs[i] = s;
                channelNames[i] = s.name();
                channelPath[i] = components[c] + "." + s.name();
                comp[i] = c;
                physics[i] = registry.physicsOf(components[c], s);
                if (SetPoints.isSetPoint(physics[i])) {
                    setPoints[i] = SetPoints.initial(physics[i]);
                }
                i++;
            }
        }
        for (int k = 0; k < n; k++) {
            if (physics[k] == OperationChannels.STATE && specs[k].type() == ValueType.STATE) {
                List<String> st = specs[k].states();
                String[] wanted = {"running", "idle", "down", "maintenance"};
                for (int w = 0; w < 4; w++) {
                    int at = st.indexOf(wanted[w]);
                    stateIndex[w] = at >= 0 ? at : Math.min(w, st.size() - 1);
                }
            }
            if (physics[k] == HaulChannels.LOAD_STATE) {
                emptyIndex = Math.max(0, specs[k].states().indexOf("empty"));
                loadedIndex = Math.max(0, specs[k].states().indexOf("loaded"));
            }
        }
        ModeWiring.Wired wired = ModeWiring.wire(physics, comp, components, channelNames, lives);
        this.modes = wired.modes();
        this.modeOf = wired.modeOf();
        this.wornBank = wired.wornBank();
        this.duty = new DutyCycle(this, components);
        this.upkeep = new MaintenanceCycle(this, events);
        this.sensorFaults = new SensorFaults(this, sensors);
        initialise();
    }

    int channelCount() {
        return n;
    }

    ChannelSpec spec(int channel) {
        return specs[channel];
    }

    String componentOf(int channel) {
        return components[comp[channel]];
    }

    static ModeState findAny(List<ModeState> modes, FailureMode m) {
        for (ModeState s : modes) {
            if (s.mode == m) {
                return s;
            }
        }
        return null;
    }

    private void initialise() {
        long start = settings.start().toEpochMilli();
        for (ModeState m : modes) {
            m.life = drawLife(m);
            double bound = m.mode.consumable() ? 0.7 : settings.initialWear();
            m.damage = ts.initialWear().isPresent() ? ts.initialWear().getAsDouble() : lives.uniform(0, bound);
            m.wearStart = start;
        }
        for (int k = 0; k < n; k++) {
            unitBase[k] = physics[k].unitBase(lives);
        }
        double years = def.attributes().commissioned()
                .map(d -> Math.max(0, (start / 86_400_000.0 - d.toEpochDay()) / 365.25)).orElse(3.0);
        opHours = years * 365.25 * 24 * 0.7 * ts.utilisation();
        cycles = opHours * (kind == Kind.SHOVEL ? 110 : kind == Kind.TRUCK ? 2.2 : 60);
        upkeep.nextServiceAt = opHours + lives.uniform(0.05, 1) * settings.preventiveIntervalHours();
        ModeState rope = findAny(modes, RopeWear.MODE);
        ropeTonnageKt = rope == null ? 0 : rope.damage * rope.life;
        upkeep.start(start);
        sensorFaults.start(start);
        warm = 1;
        Arrays.fill(thermal, 0.5);
    }

    /** A new unit's life in the mode: Weibull scatter, this twin's and its supplier's life factors, ageing. */
    double drawLife(ModeState m) {
        double life = m.mode.life() * lives.weibull(m.mode.shape()) * ts.lifeFactor()
                * settings.lifeFactor(def.attributes().suppliers().get(components[m.component]));
        life = m.mode.unitLife(life, lives);
        return m.mode.consumable() ? life : life / settings.ageing();
    }

    /** Whether the machine could work now (not down, not in maintenance, no installed drive failed). */
    boolean operational() {
        if (upkeep.phase != Phase.OPERATING) {
            return false;
        }
        for (TwinSim c : children) {
            if (c.upkeep.phase != Phase.OPERATING) {
                return false;
            }
        }
        return true;
    }

    boolean working() {
        return duty.working;
    }

    /** Whether the machine has power: a drive only while its host is operating. */
    boolean energised() {
        return kind != Kind.INVERTER || host == null || host.upkeep.phase == Phase.OPERATING;
    }

    /** The engine's load for a truck (from its haul cycle), else the component's own load. */
    double engineLoadOr(double abs) {
        return kind == Kind.TRUCK ? duty.engineLoad : abs;
    }

    /** The twin's cooling fan wear, squared: how much hotter the cabinet runs. */
    double fanWear() {
        ModeState fan = findAny(modes, FanWear.MODE);
        return fan == null ? 0 : fan.damage * fan.damage;
    }

    /**
     * Advances to {@code t} over a step of {@code dtSeconds} and writes the twin's samples to {@code sink}.
     * Hosts must be stepped before the twins installed in them.
     */
    void step(long t, double dtSeconds, SampleSink sink) {
        double dtHours = dtSeconds / 3600;
        upkeep.advance(t);
        duty.step(t, dtSeconds);
        double amb = settings.climate().temperature(t);
        double aThermal = 1 - Math.exp(-dtSeconds / 1800);
        double aWarm = 1 - Math.exp(-dtSeconds / 2700);
        boolean working = duty.working;
        warm += ((working ? 1 : upkeep.phase == Phase.OPERATING && energised() ? 0.5 : 0) - warm) * aWarm;
        for (int c = 0; c < thermal.length; c++) {
            thermal[c] += (duty.compMean[c] - thermal[c]) * aThermal;
        }
        ChannelStep cs = channelStep;
        cs.twin = this;
        cs.amb = amb;
        for (int k = 0; k < n; k++) {
            int c = comp[k];
            ModeState m = modeOf[k];
            cs.index = k;
            cs.spec = specs[k];
            cs.mode = m;
            cs.d = m == null ? 0 : m.damage;
            cs.load = duty.compLoad[c];
            cs.abs = Math.abs(cs.load);
            cs.th = thermal[c];
            cs.on = duty.working;
            cs.unitBase = unitBase[k];
            value[k] = physics[k].value(cs);
        }
        if (duty.working) {
            opHours += dtHours;
        }
        wear(t, dtHours, amb);
        upkeep.randomFault(t);
        emit(t, sink);
    }

    private void wear(long t, double dtHours, double amb) {
        ropeTonnageKt += duty.tonnageInStep;
        ModeState failed = null;
        for (ModeState m : modes) {
            m.damage += m.mode.increment(m, this, dtHours, amb);
            if (m.damage >= 1 && failed == null && upkeep.phase == Phase.OPERATING) {
                failed = m;
            }
        }
        if (failed != null) {
            upkeep.fail(t, failed.component, failed, failed.mode.id(), Records.Cause.WEAR_OUT);
        }
    }

    private void emit(long t, SampleSink sink) {
        sensorFaults.advance(t);
        for (int k = 0; k < n; k++) {
            if (sensorFaults.dropped(k, t)) {
                continue;
            }
            double v = sensorFaults.reading(k, t, value[k]);
            ChannelSpec s = specs[k];
            if (s.type().isNumeric()) {
                Range p = s.physical();
                if (v < p.min()) {
                    v = p.min();
                } else if (v > p.max()) {
                    v = p.max();
                }
                if (s.type() == ValueType.INTEGER) {
                    v = Math.rint(v);
                }
            }
            sink.accept(firstSeries + k, t, v);
        }
    }

    // ---------------------------------------------------------------- set points

    /** The value of set point channel {@code channel}, NaN if it is not one. */
    double setPoint(int channel) {
        return setPoints[channel];
    }

    /** Whether {@code channel} is a set point the machine accepts. */
    boolean isSetPoint(int channel) {
        return !Double.isNaN(setPoints[channel]);
    }

    /**
     * Applies a written set point from the next step on: its channel reports {@code v} and the load factors of
     * the components it acts on follow.
     *
     * @throws IllegalArgumentException if {@code channel} is not a set point
     */
    void setPoint(int channel, double v) {
        if (!isSetPoint(channel)) {
            throw new IllegalArgumentException(channelPath[channel] + " is not a set point of " + id);
        }
        setPoints[channel] = v;
        Arrays.fill(loadFactor, 1);
        for (int k = 0; k < n; k++) {
            if (isSetPoint(k)) {
                double f = SetPoints.factor(physics[k], setPoints[k]);
                for (int c = 0; c < components.length; c++) {
                    if (SetPoints.actsOn(physics[k], components[comp[k]], components[c])) {
                        loadFactor[c] *= f;
                    }
                }
            }
        }
        double lowest = 1;
        for (double f : loadFactor) {
            lowest = Math.min(lowest, f);
        }
        cycleFactor = lowest;
    }

    /** The index of {@code component.channel} within the twin, or -1. */
    int channelIndex(String path) {
        for (int k = 0; k < n; k++) {
            if (channelPath[k].equals(path)) {
                return k;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- for tests and the OPC UA server

    /** The current damage of {@code mode} on {@code component}, or NaN if it has no such mode. */
    double damage(String component, String mode) {
        for (ModeState m : modes) {
            if (components[m.component].equals(component) && m.mode.id().equals(mode)) {
                return m.damage;
            }
        }
        return Double.NaN;
    }

    /** {@code component.channel -> mode id} for each wear-out mode with a precursor channel. */
    Map<String, String> precursors() {
        var out = new LinkedHashMap<String, String>();
        for (ModeState m : modes) {
            if (m.precursor >= 0) {
                out.put(channelPath[m.precursor], m.mode.id());
            }
        }
        return out;
    }
}
