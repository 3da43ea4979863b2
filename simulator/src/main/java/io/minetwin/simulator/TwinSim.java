package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Range;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated machine: its duty cycle, the physics of each channel, wear, failures, maintenance and
 * sensor faults. Not thread-safe; {@link FleetSimulation} steps every twin from one thread.
 *
 * <p>Each step samples the machine at one instant (the phase of the current work cycle) while wear
 * integrates the duty of the whole step, so any step from a second to an hour gives the same physics.
 * The channel physics is chosen by channel name ({@code winding-temp}, {@code vibration}, {@code esr},
 * ...), not by asset type, so an asset type declared only in configuration gets sensible signals and
 * the failure modes its channels can show; unknown channels follow their normal range and the load.
 * Physics is computed on true values; sensor faults are laid over the output afterwards and never
 * feed back into wear.
 */
final class TwinSim {

    enum Kind { SHOVEL, TRUCK, INVERTER, GENERIC }

    /** How a channel's value is made. */
    private enum Role {
        STATE, FAULT, OPERATING_HOURS, CYCLES, WINDING_TEMP, BEARING_TEMP, VIBRATION, GEAR_MESH, COOLANT_TEMP,
        OIL_PRESSURE, BLOW_BY, EXHAUST, BOOST, ENGINE_SPEED, FUEL_RATE, TYRE_PRESSURE, TYRE_TEMP, RETARDER_TEMP,
        TRUCK_PAYLOAD, TRUCK_SPEED, GRADE, LOAD_STATE, DIPPER_PAYLOAD, CYCLE_TIME, ENERGY, TONNAGE, CURRENT, POWER,
        HEATSINK, JUNCTION, VCE, DC_VOLTAGE, RIPPLE, ESR, CAPACITANCE, FAN_SPEED, INLET, OUTLET, FREQUENCY, CSS,
        LINER_WEAR, FILTER_DP, GENERIC_TEMP, GENERIC
    }

    private enum Phase { OPERATING, DOWN, REPAIR, SERVICE }

    private static final double HOUR_MS = 3_600_000.0;
    private static final double YEAR_MS = 365.25 * 86_400_000.0;
    private static final double BOLTZMANN_EV = 8.617e-5;
    private static final double ROPE_LIFE_KT = 16_000;

    final TwinDefinition def;
    final TwinId id;
    final Kind kind;
    final int firstSeries;
    private final SimulationSettings settings;
    private final TwinSettings ts;
    private final Records.Listener listener;
    private final Rng cycleRng;
    private final Rng noise;
    private final Rng events;
    private final Rng lives;
    private final Rng sensors;

    // Channels
    private final int n;
    private final ChannelSpec[] specs;
    private final String[] channelPath;
    private final int[] comp;
    private final Role[] role;
    private final ModeState[] modeOf;
    private final double[] unitBase;
    private final double[] value;
    private final int[] stateIndex = new int[4];
    private int loadedIndex = 1;
    private int emptyIndex;

    // Components
    private final String[] components;
    private final double[] compLoad;
    private final double[] compMean;
    private final double[] thermal;
    private final List<ModeState> modes = new ArrayList<>();

    // Links
    TwinSim host;
    int hostComponent = -1;
    final List<TwinSim> children = new ArrayList<>();

    // Operation
    private Phase phase = Phase.OPERATING;
    private long phaseUntil;
    private ModeState failedMode;
    private int failedComponent = -1;
    private String failedModeId = "";
    private long failedAt;
    private boolean working;
    private double warm;
    private double opHours;
    private double nextServiceAt;
    private long idleUntil = Long.MIN_VALUE;
    private long nextIdleCheck = Long.MIN_VALUE;
    private long nextRandomFault;
    private long nextSensorFault;
    private double cycles;
    private double ropeTonnageKt;
    private int wornBank;

    // Work cycle (shovel dig cycle, truck haul cycle)
    private long cycleStart = Long.MIN_VALUE;
    private double cycleSeconds;
    private double payload;
    private double lastCycleSeconds;
    private double lastPayload;
    private double cyclesInStep;
    private double tonnageInStep;
    // Truck phase outputs
    private double speedKmh;
    private double grade;
    private boolean loaded;
    private double engineLoad;
    private double retard;
    private double queueS;
    private double haulS;
    private double returnS;

    // Sensor fault
    private int sfChannel = -1;
    private Records.SensorFaultKind sfKind;
    private long sfStart;
    private long sfEnd;
    private double sfStuck;
    private double sfDrift;

    TwinSim(TwinDefinition def, int firstSeries, SimulationSettings settings, TwinSettings ts, long seed,
            Records.Listener listener) {
        this.def = def;
        this.id = def.id();
        this.firstSeries = firstSeries;
        this.settings = settings;
        this.ts = ts;
        this.listener = listener;
        String name = id.toString();
        this.cycleRng = new Rng(Rng.derive(seed, name, "cycle"));
        this.noise = new Rng(Rng.derive(seed, name, "noise"));
        this.events = new Rng(Rng.derive(seed, name, "events"));
        this.lives = new Rng(Rng.derive(seed, name, "lives"));
        // Sensor faults draw from their own stream, so they cannot change anything the machine does.
        this.sensors = new Rng(Rng.derive(seed, name, "sensors"));
        String type = def.type().name();
        boolean hosted = def.attributes().parent().isPresent();
        this.kind = type.contains("shovel") ? Kind.SHOVEL : type.contains("truck") ? Kind.TRUCK
                : hosted && def.type().component("igbt").isPresent() ? Kind.INVERTER : Kind.GENERIC;

        List<ComponentType> ct = def.type().components();
        components = new String[ct.size()];
        compLoad = new double[ct.size()];
        compMean = new double[ct.size()];
        thermal = new double[ct.size()];
        int total = def.type().channelCount();
        n = total;
        specs = new ChannelSpec[n];
        channelPath = new String[n];
        comp = new int[n];
        role = new Role[n];
        modeOf = new ModeState[n];
        unitBase = new double[n];
        value = new double[n];
        int i = 0;
        for (int c = 0; c < ct.size(); c++) {
            components[c] = ct.get(c).name();
            for (ChannelSpec s : ct.get(c).channels()) {
                specs[i] = s;
                channelPath[i] = components[c] + "." + s.name();
                comp[i] = c;
                role[i] = roleOf(components[c], s);
                i++;
            }
        }
        for (int k = 0; k < n; k++) {
            if (role[k] == Role.STATE && specs[k].type() == ValueType.STATE) {
                List<String> st = specs[k].states();
                String[] wanted = {"running", "idle", "down", "maintenance"};
                for (int w = 0; w < 4; w++) {
                    int at = st.indexOf(wanted[w]);
                    stateIndex[w] = at >= 0 ? at : Math.min(w, st.size() - 1);
                }
            }
            if (role[k] == Role.LOAD_STATE) {
                emptyIndex = Math.max(0, specs[k].states().indexOf("empty"));
                loadedIndex = Math.max(0, specs[k].states().indexOf("loaded"));
            }
        }
        findModes();
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

    private static Role roleOf(String component, ChannelSpec s) {
        String ch = s.name();
        if (s.type() == ValueType.STATE) {
            return ch.equals("load-state") ? Role.LOAD_STATE : Role.STATE;
        }
        if (s.type() == ValueType.BOOLEAN) {
            return Role.FAULT;
        }
        boolean tyre = component.startsWith("tyre");
        return switch (ch) {
            case "operating-hours" -> Role.OPERATING_HOURS;
            case "cycles" -> Role.CYCLES;
            case "winding-temp", "stator-temp", "motor-temp" -> Role.WINDING_TEMP;
            case "bearing-temp" -> Role.BEARING_TEMP;
            case "gear-mesh-vibration" -> Role.GEAR_MESH;
            case "coolant-temp" -> Role.COOLANT_TEMP;
            case "oil-pressure" -> Role.OIL_PRESSURE;
            case "blow-by" -> Role.BLOW_BY;
            case "exhaust-temp-left", "exhaust-temp-right" -> Role.EXHAUST;
            case "boost-pressure" -> Role.BOOST;
            case "fuel-rate" -> Role.FUEL_RATE;
            case "retarder-grid-temp" -> Role.RETARDER_TEMP;
            case "grade" -> Role.GRADE;
            case "cycle-time" -> Role.CYCLE_TIME;
            case "energy-per-cycle" -> Role.ENERGY;
            case "tonnage" -> Role.TONNAGE;
            case "heatsink-temp" -> Role.HEATSINK;
            case "junction-temp" -> Role.JUNCTION;
            case "vce-on" -> Role.VCE;
            case "ripple" -> Role.RIPPLE;
            case "esr" -> Role.ESR;
            case "capacitance" -> Role.CAPACITANCE;
            case "fan-speed" -> Role.FAN_SPEED;
            case "inlet-temp" -> Role.INLET;
            case "outlet-temp" -> Role.OUTLET;
            case "frequency" -> Role.FREQUENCY;
            case "css" -> Role.CSS;
            case "filter-dp" -> Role.FILTER_DP;
            case "current" -> Role.CURRENT;
            case "power" -> Role.POWER;
            case "voltage" -> component.equals("dc-link") ? Role.DC_VOLTAGE : Role.GENERIC;
            case "pressure" -> tyre ? Role.TYRE_PRESSURE : Role.GENERIC;
            case "temperature" -> tyre ? Role.TYRE_TEMP
                    : component.contains("bearing") ? Role.BEARING_TEMP : Role.GENERIC_TEMP;
            case "payload" -> component.equals("body") ? Role.TRUCK_PAYLOAD : Role.DIPPER_PAYLOAD;
            case "speed" -> "rpm".equals(s.unit()) && component.contains("engine") ? Role.ENGINE_SPEED
                    : "km/h".equals(s.unit()) ? Role.TRUCK_SPEED : Role.GENERIC;
            case "wear" -> "%".equals(s.unit()) ? Role.LINER_WEAR : Role.GENERIC;
            default -> ch.contains("vibration") ? Role.VIBRATION
                    : "degC".equals(s.unit()) ? Role.GENERIC_TEMP : Role.GENERIC;
        };
    }

    /** Gives each component the failure modes its channels can show, with each channel's precursor link. */
    private void findModes() {
        for (int c = 0; c < components.length; c++) {
            int vib = -1;
            int bearingTemp = -1;
            for (int k = 0; k < n; k++) {
                if (comp[k] != c) {
                    continue;
                }
                if (role[k] == Role.VIBRATION && vib < 0) {
                    vib = k;
                }
                if (role[k] == Role.BEARING_TEMP && bearingTemp < 0) {
                    bearingTemp = k;
                }
            }
            ModeState bearing = null;
            if (vib >= 0 || bearingTemp >= 0) {
                bearing = add(Mode.BEARING_WEAR, c, vib >= 0 ? vib : bearingTemp);
            }
            ModeState engineBearing = null;
            ModeState turbo = null;
            for (int k = 0; k < n; k++) {
                if (comp[k] != c) {
                    continue;
                }
                switch (role[k]) {
                    case VIBRATION, BEARING_TEMP -> modeOf[k] = bearing;
                    case WINDING_TEMP -> modeOf[k] = add(Mode.INSULATION_AGEING, c, k);
                    case GEAR_MESH -> modeOf[k] = add(Mode.GEAR_PITTING, c, k);
                    case COOLANT_TEMP -> modeOf[k] = add(Mode.COOLING_FOULING, c, k);
                    case OIL_PRESSURE, BLOW_BY -> {
                        if (components[c].contains("engine")) {
                            if (engineBearing == null) {
                                engineBearing = add(Mode.ENGINE_BEARING_WEAR, c, role[k] == Role.OIL_PRESSURE ? k : -1);
                            }
                            modeOf[k] = engineBearing;
                        }
                    }
                    case EXHAUST, BOOST -> {
                        if (turbo == null) {
                            wornBank = lives.chance(0.5) ? 0 : 1;
                            turbo = add(Mode.TURBO_WEAR, c, -1);
                        }
                        modeOf[k] = turbo;
                    }
                    case VCE -> modeOf[k] = add(Mode.BOND_WIRE_LIFT_OFF, c, k);
                    case ESR -> modeOf[k] = add(Mode.CAPACITOR_AGEING, c, k);
                    case FAN_SPEED -> modeOf[k] = add(Mode.FAN_WEAR, c, k);
                    case LINER_WEAR -> modeOf[k] = add(Mode.LINER_WEAR, c, k);
                    case FILTER_DP -> modeOf[k] = add(Mode.FILTER_CLOGGING, c, k);
                    case TONNAGE -> modeOf[k] = add(Mode.ROPE_WEAR, c, k);
                    default -> {
                    }
                }
            }
            // Capacitance, ripple and heatsink share the modes their component (or twin) already has.
            for (int k = 0; k < n; k++) {
                if (comp[k] == c && modeOf[k] == null) {
                    if (role[k] == Role.CAPACITANCE || role[k] == Role.RIPPLE) {
                        modeOf[k] = find(Mode.CAPACITOR_AGEING, c);
                    } else if (role[k] == Role.CSS) {
                        modeOf[k] = find(Mode.LINER_WEAR, c);
                    }
                }
            }
        }
        // The turbo's precursor is the bank that wears.
        for (int k = 0; k < n; k++) {
            if (role[k] == Role.EXHAUST && modeOf[k] != null && modeOf[k].precursor < 0
                    && specs[k].name().endsWith(wornBank == 0 ? "left" : "right")) {
                ModeState old = modeOf[k];
                ModeState fixed = new ModeState(Mode.TURBO_WEAR, old.component, k);
                modes.set(modes.indexOf(old), fixed);
                for (int j = 0; j < n; j++) {
                    if (modeOf[j] == old) {
                        modeOf[j] = fixed;
                    }
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (role[k] == Role.HEATSINK || role[k] == Role.OUTLET) {
                modeOf[k] = findAny(Mode.FAN_WEAR);
            } else if (role[k] == Role.JUNCTION) {
                modeOf[k] = findAny(Mode.BOND_WIRE_LIFT_OFF);
            }
        }
    }

    private ModeState add(Mode m, int c, int precursor) {
        ModeState s = new ModeState(m, c, precursor);
        modes.add(s);
        return s;
    }

    private ModeState find(Mode m, int c) {
        for (ModeState s : modes) {
            if (s.mode == m && s.component == c) {
                return s;
            }
        }
        return null;
    }

    private ModeState findAny(Mode m) {
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
            unitBase[k] = switch (role[k]) {
                case VIBRATION -> lives.uniform(1.1, 1.7);
                case GEAR_MESH -> lives.uniform(0.8, 1.2);
                case VCE -> lives.uniform(1.70, 1.90);
                case ESR -> lives.uniform(12, 16);
                case CAPACITANCE -> lives.uniform(10_500, 11_500);
                case FAN_SPEED -> lives.uniform(2950, 3100);
                case TYRE_PRESSURE -> lives.uniform(670, 705);
                default -> 1;
            };
        }
        double years = def.attributes().commissioned()
                .map(d -> Math.max(0, (start / 86_400_000.0 - d.toEpochDay()) / 365.25)).orElse(3.0);
        opHours = years * 365.25 * 24 * 0.7 * ts.utilisation();
        cycles = opHours * (kind == Kind.SHOVEL ? 110 : kind == Kind.TRUCK ? 2.2 : 60);
        nextServiceAt = opHours + lives.uniform(0.05, 1) * settings.preventiveIntervalHours();
        ModeState rope = findAny(Mode.ROPE_WEAR);
        ropeTonnageKt = rope == null ? 0 : rope.damage * rope.life;
        nextRandomFault = start + nextGap(settings.randomFaultsPerYear());
        nextSensorFault = start + nextGap(sensors, settings.sensorFaultsPerYear());
        warm = 1;
        java.util.Arrays.fill(thermal, 0.5);
    }

    private long nextGap(double perYear) {
        return nextGap(events, perYear);
    }

    private static long nextGap(Rng rng, double perYear) {
        return perYear <= 0 ? Long.MAX_VALUE / 4 : (long) rng.exponential(YEAR_MS / perYear);
    }

    private double drawLife(ModeState m) {
        double life = m.mode.life() * lives.weibull(m.mode.shape()) * ts.lifeFactor()
                * settings.lifeFactor(def.attributes().suppliers().get(components[m.component]));
        if (m.mode == Mode.ROPE_WEAR) {
            life = ROPE_LIFE_KT * lives.weibull(m.mode.shape());
        }
        return m.mode.consumable() ? life : life / settings.ageing();
    }

    /** Whether the machine could work now (not down, not in maintenance, no installed drive failed). */
    boolean operational() {
        if (phase != Phase.OPERATING) {
            return false;
        }
        for (TwinSim c : children) {
            if (c.phase != Phase.OPERATING) {
                return false;
            }
        }
        return true;
    }

    boolean working() {
        return working;
    }

    /**
     * Advances to {@code t} over a step of {@code dtSeconds} and writes the twin's samples to {@code sink}.
     * Hosts must be stepped before the twins installed in them.
     */
    void step(long t, double dtSeconds, SampleSink sink) {
        double dtHours = dtSeconds / 3600;
        advancePhase(t);
        duty(t, dtSeconds);
        double amb = settings.climate().temperature(t);
        double aThermal = 1 - Math.exp(-dtSeconds / 1800);
        double aWarm = 1 - Math.exp(-dtSeconds / 2700);
        warm += ((working ? 1 : phase == Phase.OPERATING && energised() ? 0.5 : 0) - warm) * aWarm;
        for (int c = 0; c < thermal.length; c++) {
            thermal[c] += (compMean[c] - thermal[c]) * aThermal;
        }
        for (int k = 0; k < n; k++) {
            value[k] = physics(k, t, amb);
        }
        if (working) {
            opHours += dtHours;
        }
        wear(t, dtHours, amb);
        randomFault(t);
        emit(t, sink);
    }

    private boolean energised() {
        return kind != Kind.INVERTER || host == null || host.phase == Phase.OPERATING;
    }

    // ---------------------------------------------------------------- operation and maintenance

    private void advancePhase(long t) {
        if (phase == Phase.DOWN && t >= phaseUntil) {
            phase = Phase.REPAIR;
            double hours = failedMode != null ? failedMode.mode.repairHours() * events.uniform(0.7, 1.5)
                    : events.uniform(3, 14);
            phaseUntil = t + (long) (hours * HOUR_MS);
        }
        if (phase == Phase.REPAIR && t >= phaseUntil) {
            String component = components[failedComponent];
            // A breakdown work order is opened when the machine goes down, so the record carries the
            // failure time; what was done and when it was back in service go into the notes.
            String back = " (back in service " + java.time.Instant.ofEpochMilli(t) + ")";
            if (failedMode != null) {
                renew(failedMode, t);
                listener.maintenance(new Records.Maintenance(failedAt, id, component, Records.Action.FAILURE_REPAIR,
                        failedMode.mode.id(), "failed; " + failedMode.mode.repairNote() + back));
            } else {
                listener.maintenance(new Records.Maintenance(failedAt, id, component, Records.Action.FAILURE_REPAIR,
                        failedModeId, randomRepairNote(component) + back));
            }
            failedMode = null;
            failedComponent = -1;
            phase = Phase.OPERATING;
        }
        if (phase == Phase.SERVICE && t >= phaseUntil) {
            finishService(t);
            phase = Phase.OPERATING;
        }
        if (phase == Phase.OPERATING && opHours >= nextServiceAt && !workingHoursOnly(t)) {
            phase = Phase.SERVICE;
            phaseUntil = t + (long) (events.uniform(6, 12) * HOUR_MS);
            nextServiceAt = opHours + settings.preventiveIntervalHours();
        }
    }

    /** Services start at a shift change, when the machine would stop anyway. */
    private boolean workingHoursOnly(long t) {
        return !shiftChange(settings.climate().localHour(t));
    }

    private void renew(ModeState m, long t) {
        m.damage = 0;
        m.life = drawLife(m);
        m.wearStart = t;
        if (m.mode == Mode.ROPE_WEAR) {
            ropeTonnageKt = 0;
        }
    }

    private void finishService(long t) {
        String whole = def.type().component("machine").isPresent() ? "machine" : components[0];
        listener.maintenance(new Records.Maintenance(t, id, whole, Records.Action.PREVENTIVE, "",
                String.format(java.util.Locale.ROOT, "scheduled service at %.0f operating hours", opHours)));
        for (ModeState m : modes) {
            String component = components[m.component];
            if (m.mode.consumable() && m.damage >= m.mode.serviceThreshold()) {
                renew(m, t);
                listener.maintenance(new Records.Maintenance(t, id, component, Records.Action.REPLACEMENT,
                        m.mode.id(), m.mode.repairNote() + " in scheduled service"));
            } else if (m.mode == Mode.BEARING_WEAR && m.precursor >= 0) {
                double reading = value[m.precursor];
                boolean vibration = role[m.precursor] == Role.VIBRATION;
                String what = vibration ? String.format(java.util.Locale.ROOT, "vibration %.1f mm/s", reading)
                        : String.format(java.util.Locale.ROOT, "bearing temperature %.0f degC", reading);
                if (m.late(0.7) > 0.9) {
                    renew(m, t);
                    listener.maintenance(new Records.Maintenance(t, id, component, Records.Action.REPLACEMENT,
                            m.mode.id(), "found in service (" + what + "); bearing replaced"));
                } else if (m.late(0.7) > 0 || !specs[m.precursor].isNormal(reading)) {
                    listener.maintenance(new Records.Maintenance(t, id, component, Records.Action.INSPECTION,
                            m.mode.id(), what + "; monitor"));
                }
            } else if (m.mode == Mode.COOLING_FOULING && m.damage > 0.3) {
                m.damage *= 0.7;
                listener.maintenance(new Records.Maintenance(t, id, component, Records.Action.INSPECTION,
                        m.mode.id(), "radiator blown out"));
            }
        }
    }

    private void fail(long t, int component, ModeState mode, String modeId, Records.Cause cause) {
        phase = Phase.DOWN;
        failedAt = t;
        failedMode = mode;
        failedComponent = component;
        failedModeId = modeId;
        double wait = events.uniform(1, 6);
        phaseUntil = t + (long) (wait * HOUR_MS);
        double downtime = wait + (mode != null ? mode.mode.repairHours() * 1.1 : 8.5);
        String precursor = mode != null && mode.precursor >= 0 ? channelPath[mode.precursor] : "";
        long wearStart = mode != null ? mode.wearStart : settings.start().toEpochMilli();
        listener.failure(new Records.Failure(t, id, components[component], modeId, cause, precursor, downtime,
                wearStart));
        working = false;
    }

    private void randomFault(long t) {
        if (t < nextRandomFault) {
            return;
        }
        nextRandomFault = t + nextGap(settings.randomFaultsPerYear());
        if (phase != Phase.OPERATING || !working) {
            return;
        }
        int c = pickRandomComponent();
        fail(t, c, null, randomMode(components[c]), Records.Cause.RANDOM);
    }

    private int pickRandomComponent() {
        if (kind == Kind.INVERTER) {
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

    /** Parts that fail at random: not the machine as a whole, the body, the dipper or the feed. */
    private static final java.util.function.Predicate<String> RANDOM_FAULT_PRONE =
            c -> !(c.equals("machine") || c.equals("body") || c.equals("dipper") || c.equals("feed")
                    || c.endsWith("rope"));

    private String randomMode(String component) {
        if (kind == Kind.INVERTER) {
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

    // ---------------------------------------------------------------- duty

    private static boolean shiftChange(double hour) {
        // Two 12-hour shifts changing at 07:30 and 19:30 local, with a meal break in each.
        return (hour >= 7 && hour < 8) || (hour >= 19 && hour < 20) || (hour >= 12.5 && hour < 13)
                || (hour >= 0.5 && hour < 1);
    }

    private boolean scheduled(long t) {
        if (shiftChange(settings.climate().localHour(t))) {
            return false;
        }
        // Unplanned idle spells (waiting on a shovel, a blast, relocation): per hour, drawn on the hour.
        long hour = Math.floorDiv(t, (long) HOUR_MS);
        if (hour != nextIdleCheck) {
            nextIdleCheck = hour;
            double idleShare = 1 - ts.utilisation() / 0.92;
            if (idleShare > 0 && cycleRng.chance(idleShare / 2)) {
                idleUntil = hour * (long) HOUR_MS + (long) (cycleRng.uniform(0.5, 2) * HOUR_MS);
            }
        }
        return t >= idleUntil;
    }

    private void duty(long t, double dtSeconds) {
        java.util.Arrays.fill(compLoad, 0);
        java.util.Arrays.fill(compMean, 0);
        cyclesInStep = 0;
        tonnageInStep = 0;
        speedKmh = 0;
        grade = 0;
        engineLoad = 0;
        retard = 0;
        if (kind == Kind.INVERTER) {
            working = phase == Phase.OPERATING && host != null && host.working;
            if (working && hostComponent >= 0) {
                double sign = 1;
                compFill(host.compLoad[hostComponent] * sign, host.compMean[hostComponent]);
                cyclesInStep = host.cyclesInStep * (host.kind == Kind.TRUCK ? 2 : 1);
                speedKmh = host.speedKmh;
            }
            return;
        }
        working = operational() && scheduled(t);
        if (!working) {
            cycleStart = Long.MIN_VALUE;
            loaded = false;
            return;
        }
        switch (kind) {
            case SHOVEL -> shovel(t);
            case TRUCK -> truck(t);
            default -> {
                double l = 0.7 + 0.15 * Math.sin(2 * Math.PI * t / 2_400_000.0) + 0.08 * noise.nextGaussian();
                compFill(clamp(l, 0.1, 1.1), 0.7);
                cyclesInStep = dtSeconds / 60;
            }
        }
    }

    private void compFill(double inst, double mean) {
        java.util.Arrays.fill(compLoad, inst);
        java.util.Arrays.fill(compMean, Math.abs(mean));
    }

    /** Moves the current work cycle forward to {@code t}, drawing each new cycle; counts completed ones. */
    private void advanceCycle(long t) {
        if (cycleStart == Long.MIN_VALUE) {
            cycleStart = t - (long) (cycleRng.nextDouble() * 30_000);
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
        if (kind == Kind.SHOVEL) {
            cycleSeconds = clamp(cycleRng.gaussian(32.5, 1.6), 27, 45);
            payload = clamp(cycleRng.gaussian(100, 6), 70, 122);
        } else {
            queueS = cycleRng.exponential(150);
            double loadedKmh = clamp(cycleRng.gaussian(12.5, 0.8) * 9 / Math.max(4, ts.haulGrade()), 8, 30);
            haulS = ts.haulKm() / loadedKmh * 3600;
            returnS = ts.haulKm() / clamp(cycleRng.gaussian(30, 2), 20, 40) * 3600;
            cycleSeconds = queueS + 150 + haulS + 70 + returnS;
            payload = clamp(cycleRng.gaussian(285, 12), 240, 330);
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

    // ---------------------------------------------------------------- physics

    private double physics(int k, long t, double amb) {
        int c = comp[k];
        ChannelSpec s = specs[k];
        ModeState m = modeOf[k];
        double d = m == null ? 0 : m.damage;
        double load = compLoad[c];
        double abs = Math.abs(load);
        double th = thermal[c];
        boolean on = working;
        return switch (role[k]) {
            case STATE -> stateIndex[phase == Phase.DOWN ? 2 : phase == Phase.REPAIR || phase == Phase.SERVICE ? 3
                    : !operational() ? 2 : on ? 0 : 1];
            case FAULT -> phase == Phase.DOWN || phase == Phase.REPAIR ? 1 : 0;
            case OPERATING_HOURS -> Math.floor(opHours * 10) / 10;
            case CYCLES -> Math.floor(cycles += cyclesInStep);
            case WINDING_TEMP -> amb + warm * 8 + th * 110 * (1 + 0.35 * Math.pow(d, 1.5)) + noise.gaussian(0, 0.6);
            case BEARING_TEMP -> {
                double late = m == null ? 0 : m.late(0.7);
                yield amb + warm * 22 + th * 25 + 32 * late * late * late + noise.gaussian(0, 0.5);
            }
            case VIBRATION -> {
                if (!on) {
                    yield Math.abs(noise.gaussian(0.05, 0.02));
                }
                double late = m == null ? 0 : m.late(0.7);
                yield unitBase[k] * (0.85 + 0.3 * abs) * (1 + 0.15 * d) * Math.exp(1.7 * late)
                        * (1 + 0.05 * noise.nextGaussian());
            }
            case GEAR_MESH -> on ? unitBase[k] * (0.7 + 0.6 * abs) * (1 + 4 * d * d) * (1 + 0.05 * noise.nextGaussian())
                    : Math.abs(noise.gaussian(0.05, 0.02));
            case COOLANT_TEMP -> {
                double running = amb + (84 + 7 * th + 0.07 * (amb - 10) - amb) * warm;
                yield running + warm * 26 * Math.pow(d, 1.5) * (0.5 + th) + noise.gaussian(0, 0.4);
            }
            case OIL_PRESSURE -> {
                if (!on && phase != Phase.OPERATING) {
                    yield 0;
                }
                Range nr = s.normal();
                double lo = nr.hasMin() ? nr.min() : 200;
                double hi = nr.hasMax() ? nr.max() : lo * 1.8;
                double speed = on ? Math.max(engineLoad, 0.3 + 0.5 * abs) : 0.05;
                double base = lo + (hi - lo) * (0.2 + 0.6 * speed) - (on ? 0 : 0.3 * lo);
                double floor = s.limits().lowAlarm().orElse(0.6 * lo) * 0.9;
                yield base - Math.max(0, base - floor) * d * d + noise.gaussian(0, 3);
            }
            case BLOW_BY -> on || phase == Phase.OPERATING ? 1.2 + 1.8 * abs + 7 * d * d + noise.gaussian(0, 0.1) : 0;
            case EXHAUST -> {
                if (!on) {
                    yield amb + 60 * warm;
                }
                double base = 280 + 360 * abs;
                double spread = 16 + 140 * d * d;
                boolean left = s.name().endsWith("left");
                double sign = (left == (wornBank == 0)) ? 1 : -1;
                yield base + sign * spread / 2 + noise.gaussian(0, 4);
            }
            case BOOST -> on ? 40 + 210 * abs * (1 - 0.35 * d * d) + noise.gaussian(0, 2) : 0;
            case ENGINE_SPEED -> on ? 750 + 1100 * engineLoadOr(abs) + noise.gaussian(0, 10)
                    : phase == Phase.OPERATING && warm > 0.3 ? 700 + noise.gaussian(0, 5) : 0;
            case FUEL_RATE -> on ? 20 + 230 * engineLoadOr(abs) + noise.gaussian(0, 3)
                    : phase == Phase.OPERATING && warm > 0.3 ? 18 : 0;
            case TYRE_PRESSURE -> unitBase[k] * (273.15 + tyreTemp(amb, th)) / 293.15 + noise.gaussian(0, 1.5);
            case TYRE_TEMP -> tyreTemp(amb, th) + noise.gaussian(0, 0.5);
            case RETARDER_TEMP -> amb + 30 * warm + 520 * retard + noise.gaussian(0, 5);
            case TRUCK_PAYLOAD -> loaded ? payload + noise.gaussian(0, 1.5) : noise.gaussian(0, 0.8);
            case TRUCK_SPEED -> Math.max(0, speedKmh + (speedKmh > 0 ? noise.gaussian(0, 0.5) : 0));
            case GRADE -> grade + (on ? noise.gaussian(0, 0.3) : 0);
            case LOAD_STATE -> loaded ? loadedIndex : emptyIndex;
            case DIPPER_PAYLOAD -> on && lastPayload > 0 ? lastPayload : 0;
            case CYCLE_TIME -> on && lastCycleSeconds > 0 ? lastCycleSeconds : 0;
            case ENERGY -> on && lastCycleSeconds > 0 ? lastCycleSeconds * (900 + 9 * lastPayload) / 3600 : 0;
            case TONNAGE -> ropeTonnageKt;
            case CURRENT -> current(s, load, on);
            case POWER -> power(s, load, on);
            case HEATSINK -> inlet(amb) + (6 + 34 * th) * (1 + 0.9 * fanWear()) + noise.gaussian(0, 0.4);
            case JUNCTION -> inlet(amb) + (6 + 34 * th) * (1 + 0.9 * fanWear()) + 5 + 45 * abs * (1 + 0.1 * d)
                    + noise.gaussian(0, 0.8);
            case VCE -> unitBase[k] * (1 + 0.2 * d * d) * (1 + 0.0015 * (inlet(amb) + 30 * th - 40))
                    + noise.gaussian(0, 0.003);
            case DC_VOLTAGE -> phase == Phase.OPERATING && energised()
                    ? 1650 + 70 * Math.max(0, -load) - 30 * Math.max(0, load) + noise.gaussian(0, 4) : 0;
            case RIPPLE -> on ? (4 + 18 * abs) * (1 + Math.pow(d, 1.3)) / (1 - 0.2 * d) + noise.gaussian(0, 0.3)
                    : phase == Phase.OPERATING ? 1 : 0;
            case ESR -> unitBase[k] * (1 + Math.pow(d, 1.3)) * (1 - 0.004 * (capTemp(amb, th) - 40))
                    + noise.gaussian(0, 0.05);
            case CAPACITANCE -> unitBase[k] * (1 - 0.2 * d) + noise.gaussian(0, 15);
            case FAN_SPEED -> phase == Phase.OPERATING && energised()
                    ? unitBase[k] * (1 - 0.42 * d * d) + noise.gaussian(0, 15) : 0;
            case INLET -> inlet(amb) + noise.gaussian(0, 0.3);
            case OUTLET -> inlet(amb) + 14 * th / (1 - 0.42 * fanWear() * 0.99) + noise.gaussian(0, 0.3);
            case FREQUENCY -> host != null && host.kind == Kind.TRUCK ? speedKmh * 2.4 : on ? 55 * load : 0;
            case CSS -> (on || phase == Phase.OPERATING ? 120 + 40 * d : 120 + 40 * d) + noise.gaussian(0, 0.5);
            case LINER_WEAR -> 100 * Math.min(1, d);
            case FILTER_DP -> on ? 40 + 130 * Math.pow(d, 1.2) + noise.gaussian(0, 1.5) : 0;
            case GENERIC_TEMP -> genericTemp(s, amb, th);
            case GENERIC -> generic(s, load, on);
        };
    }

    private double engineLoadOr(double abs) {
        return kind == Kind.TRUCK ? engineLoad : abs;
    }

    private double tyreTemp(double amb, double th) {
        return amb + 10 * warm + 55 * th;
    }

    private double fanWear() {
        ModeState fan = findAny(Mode.FAN_WEAR);
        return fan == null ? 0 : fan.damage * fan.damage;
    }

    /** Cabinet air: heated in winter, ambient plus a little otherwise. */
    private static double inlet(double amb) {
        return Math.max(amb + 6, 8 + 0.3 * amb);
    }

    private static double capTemp(double amb, double th) {
        return inlet(amb) + 8 + 22 * th;
    }

    private double current(ChannelSpec s, double load, boolean on) {
        Range p = s.physical();
        double max = p.hasMax() ? p.max() : 2000;
        double scale = kind == Kind.INVERTER ? 0.32 * max : 0.55 * max;
        if (!on) {
            return phase == Phase.OPERATING && kind != Kind.INVERTER ? 0.02 * max : 0;
        }
        double i = (kind == Kind.INVERTER ? 0 : 0.04 * max) + scale * Math.abs(load);
        i *= 1 + 0.03 * noise.nextGaussian();
        return p.min() < 0 && load < 0 ? -i : i;
    }

    private double power(ChannelSpec s, double load, boolean on) {
        Range p = s.physical();
        double max = p.hasMax() ? p.max() : 1500;
        if (!on) {
            return 0;
        }
        double kw = (kind == Kind.INVERTER ? 0.55 : 0.33) * max * load * (1 + 0.03 * noise.nextGaussian());
        return p.min() < 0 ? kw : Math.abs(kw);
    }

    private double genericTemp(ChannelSpec s, double amb, double th) {
        Range nr = s.normal();
        double lo = nr.hasMin() ? nr.min() : nr.hasMax() ? 0.5 * nr.max() : 40;
        double hi = nr.hasMax() ? nr.max() : lo + 30;
        double running = lo + (hi - lo) * (0.2 + 0.6 * th) + 0.25 * (amb - 10);
        return amb + (running - amb) * warm + noise.gaussian(0, 0.4);
    }

    private double generic(ChannelSpec s, double load, boolean on) {
        Range nr = s.normal();
        Range p = s.physical();
        if (!on) {
            return p.hasMin() && p.min() > 0 ? p.min() : 0;
        }
        double lo;
        double hi;
        if (nr.hasMin() || nr.hasMax()) {
            lo = nr.hasMin() ? nr.min() : 0;
            hi = nr.hasMax() ? nr.max() : lo * 1.5 + 1;
        } else {
            lo = p.hasMin() ? Math.max(0, p.min()) : 0;
            hi = lo + (p.hasMax() ? 0.6 * (p.max() - lo) : 100);
        }
        return lo + (hi - lo) * (0.2 + 0.6 * Math.min(1, Math.abs(load))) * (1 + 0.02 * noise.nextGaussian());
    }

    // ---------------------------------------------------------------- wear

    private void wear(long t, double dtHours, double amb) {
        ropeTonnageKt += tonnageInStep;
        ModeState failed = null;
        for (ModeState m : modes) {
            int c = m.component;
            double mean = compMean[c];
            double stress = switch (m.mode) {
                case BEARING_WEAR -> working ? cube(0.5 + mean) : 0;
                case INSULATION_AGEING -> Math.pow(2, (value[m.precursor] - 95) / 10);
                case GEAR_PITTING -> working ? cube(0.5 + mean) : 0;
                case COOLING_FOULING -> working ? (0.5 + mean) * (1 + 0.3 * (amb - 2.5) / 25) : 0;
                case TURBO_WEAR -> working ? (0.4 + mean) * (0.4 + mean) * 1.2 : 0;
                case ENGINE_BEARING_WEAR -> working ? (0.5 + mean) * (0.5 + mean) : phase == Phase.OPERATING ? 0.1 : 0;
                case CAPACITOR_AGEING -> phase == Phase.OPERATING && energised()
                        ? Math.pow(2, (capTemp(amb, thermal[c]) - 45) / 10) : 0;
                case FAN_WEAR -> phase == Phase.OPERATING && energised() ? 1 + 0.02 * (inlet(amb) - 25) : 0;
                case LINER_WEAR -> working ? mean / 0.7 : 0;
                case FILTER_CLOGGING -> working ? 1 : 0;
                case BOND_WIRE_LIFT_OFF, ROPE_WEAR -> 0;
            };
            double increment;
            if (m.mode == Mode.BOND_WIRE_LIFT_OFF) {
                double dTj = host != null && host.kind == Kind.TRUCK ? 20 + 90 * mean : 12 + 45 * mean;
                double tMean = inlet(amb) + 20 + 30 * mean + 273.15;
                double perCycle = Math.pow(dTj / 40, 5) * Math.exp(0.6 / BOLTZMANN_EV * (1 / 353.15 - 1 / tMean));
                increment = cyclesInStep * perCycle / m.life;
            } else if (m.mode == Mode.ROPE_WEAR) {
                increment = tonnageInStep / m.life;
            } else {
                increment = stress * dtHours / m.life;
            }
            m.damage += increment;
            if (m.damage >= 1 && failed == null && phase == Phase.OPERATING) {
                failed = m;
            }
        }
        if (failed != null) {
            fail(t, failed.component, failed, failed.mode.id(), Records.Cause.WEAR_OUT);
        }
    }

    private static double cube(double x) {
        return x * x * x;
    }

    // ---------------------------------------------------------------- output and sensor faults

    private void emit(long t, SampleSink sink) {
        if (sfChannel >= 0 && t >= sfEnd) {
            sfChannel = -1;
        }
        if (sfChannel < 0 && t >= nextSensorFault) {
            startSensorFault(t);
        }
        for (int k = 0; k < n; k++) {
            double v = value[k];
            ChannelSpec s = specs[k];
            if (k == sfChannel && t >= sfStart) {
                switch (sfKind) {
                    case STUCK -> v = sfStuck;
                    case DROPOUT -> {
                        continue;
                    }
                    case SPIKES -> {
                        if (sensors.chance(0.08)) {
                            v += (sensors.chance(0.5) ? 1 : -1) * span(s, v) * sensors.uniform(0.4, 1.2);
                        }
                    }
                    case DRIFT -> v += sfDrift * (t - sfStart) / (double) (sfEnd - sfStart);
                }
            }
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

    private static double span(ChannelSpec s, double v) {
        Range nr = s.normal();
        if (nr.hasMin() && nr.hasMax()) {
            return nr.max() - nr.min() + 0.1 * Math.abs(v);
        }
        return 0.3 * Math.abs(v) + 1;
    }

    private void startSensorFault(long t) {
        nextSensorFault = t + nextGap(sensors, settings.sensorFaultsPerYear());
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
        sfKind = kinds[(int) (sensors.nextDouble() * kinds.length)];
        double hours = switch (sfKind) {
            case STUCK -> sensors.uniform(6, 48);
            case SPIKES -> sensors.uniform(24, 72);
            case DROPOUT -> sensors.uniform(2, 24);
            case DRIFT -> sensors.uniform(120, 480);
        };
        sfChannel = k;
        sfStart = t;
        sfEnd = t + (long) (hours * HOUR_MS);
        sfStuck = value[k];
        sfDrift = (sensors.chance(0.5) ? 1 : -1) * 0.25 * span(specs[k], value[k]);
        listener.sensorFault(new Records.SensorFault(sfStart, sfEnd, id, components[comp[k]], specs[k].name(), sfKind));
    }

    private boolean faultable(int k) {
        return specs[k].type() == ValueType.NUMBER && role[k] != Role.OPERATING_HOURS && role[k] != Role.TONNAGE
                && role[k] != Role.LINER_WEAR;
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
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
    java.util.Map<String, String> precursors() {
        var out = new java.util.LinkedHashMap<String, String>();
        for (ModeState m : modes) {
            if (m.precursor >= 0) {
                out.put(channelPath[m.precursor], m.mode.id());
            }
        }
        return out;
    }
}
