package io.minetwin.simulator;

/**
 * Cooling fan bearing wear: fan speed drops, and the heatsink and the outlet air run hotter for the same
 * current. The fan speed is the precursor; heatsink and outlet temperatures show the twin's fan wear.
 */
final class FanWear extends FailureMode {

    static final FanWear MODE = new FanWear();

    /** Fan speed, rpm: this unit's level while energised, dropping as the fan wears. */
    static final ChannelPhysics FAN_SPEED = ChannelPhysics.of(c -> c.twin.upkeep.phase == Phase.OPERATING
            && c.twin.energised() ? c.unitBase * (1 - 0.42 * c.d * c.d) + c.noise().gaussian(0, 15) : 0)
            .scatter(lives -> lives.uniform(2950, 3100)).shows(new ModeLink.Own(MODE));

    /** Heatsink temperature, degC. */
    static final ChannelPhysics HEATSINK = ChannelPhysics.of(c -> DriveChannels.inlet(c.amb)
            + (6 + 34 * c.th) * (1 + 0.9 * c.twin.fanWear()) + c.noise().gaussian(0, 0.4))
            .shows(new ModeLink.JoinsTwin(MODE));

    /** Cooling air outlet temperature, degC. */
    static final ChannelPhysics OUTLET = ChannelPhysics.of(c -> DriveChannels.inlet(c.amb)
            + 14 * c.th / (1 - 0.42 * c.twin.fanWear() * 0.99) + c.noise().gaussian(0, 0.3))
            .shows(new ModeLink.JoinsTwin(MODE));

    private FanWear() {
        super("fan-wear", 1.6, 45_000, Records.Action.REPLACEMENT, 4, "cooling fan replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.upkeep.phase == Phase.OPERATING && twin.energised() ? 1 + 0.02 * (DriveChannels.inlet(amb) - 25)
                : 0;
    }
}
