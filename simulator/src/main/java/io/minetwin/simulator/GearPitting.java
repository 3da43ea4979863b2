package io.minetwin.simulator;

/** Gear tooth pitting (contact fatigue ~ torque^3 per load cycle); the gear-mesh band energy rises. */
final class GearPitting extends FailureMode {

    static final GearPitting MODE = new GearPitting();

    /** Gear-mesh band vibration, mm/s: this unit's level, with load, growing with pitting. */
    static final ChannelPhysics GEAR_MESH = ChannelPhysics.of(c -> c.on
            ? c.unitBase * (0.7 + 0.6 * c.abs) * (1 + 4 * c.d * c.d) * (1 + 0.05 * c.noise().nextGaussian())
            : Math.abs(c.noise().gaussian(0.05, 0.02)))
            .scatter(lives -> lives.uniform(0.8, 1.2)).shows(new ModeLink.Own(MODE));

    private GearPitting() {
        super("gear-pitting", 2.0, 70_000, Records.Action.REPLACEMENT, 60, "gear set replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.duty.working ? cube(0.5 + twin.duty.compMean[m.component]) : 0;
    }
}
