package io.minetwin.simulator;

/**
 * Crusher liner wear with throughput: the closed-side setting drifts open; a consumable, replaced in
 * services before it wears through. The wear estimate is the precursor.
 */
final class LinerWear extends FailureMode {

    static final LinerWear MODE = new LinerWear();

    /** Estimated liner wear, %: the damage itself (an estimate, not a sensor that can fail). */
    static final ChannelPhysics WEAR = ChannelPhysics.of(c -> 100 * Math.min(1, c.d))
            .shows(new ModeLink.Own(MODE)).notASensor();

    /** Closed-side setting, mm: opens as the liners wear. */
    static final ChannelPhysics CSS = ChannelPhysics.of(c -> 120 + 40 * c.d + c.noise().gaussian(0, 0.5))
            .shows(new ModeLink.JoinsComponent(MODE));

    private LinerWear() {
        super("liner-wear", 4.0, 2_200, Records.Action.REPLACEMENT, 36, "mantle and concaves replaced", true);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.duty.working ? twin.duty.compMean[m.component] / 0.7 : 0;
    }
}
