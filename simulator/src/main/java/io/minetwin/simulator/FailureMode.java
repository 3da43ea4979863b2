package io.minetwin.simulator;

/**
 * A wear-out failure mode and the law that drives it: how much of its life one step of duty consumes.
 * A component gets a mode when it has a channel that shows it (see {@link ModeLink}), so asset types
 * declared only in configuration wear too. Each mode is one class beside this one ({@link BearingWear},
 * {@link InsulationAgeing}, ...) holding the mode's parameters, its damage law and the channel physics
 * that show it coming; instances are singletons compared by identity.
 *
 * <p>{@code life} is the characteristic life (Weibull scale) at reference duty, in operating hours,
 * unless the mode says otherwise ({@link BondWireLiftOff} counts reference thermal cycles,
 * {@link RopeWear} kilotonnes).
 */
abstract class FailureMode {

    private final String id;
    private final double shape;
    private final double life;
    private final Records.Action repair;
    private final double repairHours;
    private final String repairNote;
    private final boolean consumable;

    FailureMode(String id, double shape, double life, Records.Action repair, double repairHours, String repairNote,
                boolean consumable) {
        this.id = id;
        this.shape = shape;
        this.life = life;
        this.repair = repair;
        this.repairHours = repairHours;
        this.repairNote = repairNote;
        this.consumable = consumable;
    }

    /** The mode's id in records and forecasts, e.g. {@code bearing-wear}. */
    final String id() {
        return id;
    }

    /** Weibull shape of the scatter of lives between units. */
    final double shape() {
        return shape;
    }

    /** Characteristic life at reference duty. */
    final double life() {
        return life;
    }

    /** What repairing the failure is. */
    final Records.Action repair() {
        return repair;
    }

    final double repairHours() {
        return repairHours;
    }

    final String repairNote() {
        return repairNote;
    }

    /** Consumables wear at their real rate (no ageing acceleration) and are renewed in services. */
    final boolean consumable() {
        return consumable;
    }

    /** Damage at which a service renews a consumable. */
    double serviceThreshold() {
        return 0.5;
    }

    /**
     * The life of one unit: {@code drawn}, the characteristic life with its Weibull scatter and life factors
     * already applied from {@code lives}, unless the mode measures life otherwise and draws again.
     */
    double unitLife(double drawn, Rng lives) {
        return drawn;
    }

    /** Duty-driven stress relative to reference duty (1 wears at the characteristic life's rate). */
    abstract double stress(ModeState m, TwinSim twin, double amb);

    /** The share of life a step consumes: stress times hours over the unit's life, unless the mode counts otherwise. */
    double increment(ModeState m, TwinSim twin, double dtHours, double amb) {
        double stress = stress(m, twin, amb);
        return stress * dtHours / m.life;
    }

    /** Called when the component is renewed (repaired or replaced), after its damage is reset. */
    void renewed(TwinSim twin) {
    }

    /**
     * What a scheduled service does about this mode: by default a consumable past its threshold is renewed.
     * Modes that a service inspects or cleans override it.
     */
    void service(ModeState m, MaintenanceCycle upkeep, long t) {
        if (consumable && m.damage >= serviceThreshold()) {
            upkeep.renew(m, t);
            upkeep.record(t, m.component, Records.Action.REPLACEMENT, m.mode.id(), m.mode.repairNote()
                    + " in scheduled service");
        }
    }

    @Override
    public String toString() {
        return id;
    }

    static double cube(double x) {
        return x * x * x;
    }
}
