package io.minetwin.simulator;

/**
 * Hoist rope wear with the tonnage hoisted: life counts kilotonnes; a consumable, changed in services at a
 * planned tonnage. The tonnage counter is the precursor.
 */
final class RopeWear extends FailureMode {

    static final RopeWear MODE = new RopeWear();

    private static final double ROPE_LIFE_KT = 16_000;

    /** Tonnage hoisted on the current ropes, kt (a counter, not a sensor that can fail). */
    static final ChannelPhysics TONNAGE = ChannelPhysics.of(c -> c.twin.ropeTonnageKt)
            .shows(new ModeLink.Own(MODE)).notASensor();

    private RopeWear() {
        super("rope-wear", 4.0, 1_400, Records.Action.REPLACEMENT, 24, "hoist ropes replaced", true);
    }

    /** A rope's life is its own draw in kilotonnes; the hours-based draw before it is spent. */
    @Override
    double unitLife(double drawn, Rng lives) {
        return ROPE_LIFE_KT * lives.weibull(shape());
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return 0;
    }

    @Override
    double increment(ModeState m, TwinSim twin, double dtHours, double amb) {
        return twin.duty.tonnageInStep / m.life;
    }

    @Override
    void renewed(TwinSim twin) {
        twin.ropeTonnageKt = 0;
    }
}
