package io.minetwin.simulator;

/**
 * Wear-out failure modes and the physics that drives each. A component gets a mode when it has the
 * channel that shows it (see {@link TwinSim}), so asset types declared only in configuration wear too.
 *
 * <p>{@code life} is the characteristic life (Weibull scale) at reference duty, in operating hours,
 * or for {@link #BOND_WIRE_LIFT_OFF} in reference thermal cycles (40 K swing at 80 degC mean).
 */
enum Mode {
    /** ISO 281: life ~ (C/P)^3; a defect starts late, then vibration grows exponentially, temperature last. */
    BEARING_WEAR("bearing-wear", 1.3, 60_000, Records.Action.REPLACEMENT, 30, "bearing replaced"),
    /** Montsinger: life halves for every 10 K hotter winding; hot-spot temperature creeps up. */
    INSULATION_AGEING("insulation-ageing", 2.5, 90_000, Records.Action.REPLACEMENT, 96, "motor rewound"),
    /** Contact fatigue ~ torque^3 per load cycle; gear-mesh band energy rises. */
    GEAR_PITTING("gear-pitting", 2.0, 70_000, Records.Action.REPLACEMENT, 60, "gear set replaced"),
    /** Radiator fouling by dust: coolant runs hotter for the same load and ambient. */
    COOLING_FOULING("cooling-fouling", 2.0, 30_000, Records.Action.FAILURE_REPAIR, 10, "radiator cleaned and core repaired"),
    /** Turbocharger or injector wear on one bank: exhaust bank spread grows, boost falls. */
    TURBO_WEAR("turbo-wear", 1.8, 40_000, Records.Action.REPLACEMENT, 20, "turbocharger and injectors replaced"),
    /** Crankshaft bearing and ring wear: oil pressure at speed falls, blow-by rises. */
    ENGINE_BEARING_WEAR("engine-bearing-wear", 1.6, 60_000, Records.Action.FAILURE_REPAIR, 80, "engine bearings replaced"),
    /** Coffin-Manson: cycles to failure ~ dTj^-5 exp(Ea/kT); Vce(on) rises as bond wires lift. */
    BOND_WIRE_LIFT_OFF("bond-wire-lift-off", 3.0, 4_000_000, Records.Action.REPLACEMENT, 12, "IGBT module replaced"),
    /** Arrhenius: electrolyte loss doubles per 10 K hotter; ESR up, capacitance down. */
    CAPACITOR_AGEING("capacitor-ageing", 2.5, 70_000, Records.Action.REPLACEMENT, 12, "DC-link capacitor bank replaced"),
    /** Fan bearing wear: speed drops, the heatsink runs hotter for the same current. */
    FAN_WEAR("fan-wear", 1.6, 45_000, Records.Action.REPLACEMENT, 4, "cooling fan replaced"),
    /** Crusher liner wear with throughput; replaced in services before it wears through. */
    LINER_WEAR("liner-wear", 4.0, 2_200, Records.Action.REPLACEMENT, 36, "mantle and concaves replaced"),
    /** Filter loading; changed in services. */
    FILTER_CLOGGING("filter-clogging", 4.0, 2_500, Records.Action.FAILURE_REPAIR, 4, "filter changed after bypass"),
    /** Hoist rope wear with tonnage; ropes are changed in services at a planned tonnage. */
    ROPE_WEAR("rope-wear", 4.0, 1_400, Records.Action.REPLACEMENT, 24, "hoist ropes replaced");

    private final String id;
    private final double shape;
    private final double life;
    private final Records.Action repair;
    private final double repairHours;
    private final String repairNote;

    Mode(String id, double shape, double life, Records.Action repair, double repairHours, String repairNote) {
        this.id = id;
        this.shape = shape;
        this.life = life;
        this.repair = repair;
        this.repairHours = repairHours;
        this.repairNote = repairNote;
    }

    String id() {
        return id;
    }

    double shape() {
        return shape;
    }

    double life() {
        return life;
    }

    Records.Action repair() {
        return repair;
    }

    double repairHours() {
        return repairHours;
    }

    String repairNote() {
        return repairNote;
    }

    /** Consumables wear at their real rate (no ageing acceleration) and are renewed in services. */
    boolean consumable() {
        return this == LINER_WEAR || this == FILTER_CLOGGING || this == ROPE_WEAR;
    }

    /** Damage at which a service renews a consumable. */
    double serviceThreshold() {
        return 0.5;
    }
}
