package io.minetwin.simulator;

/**
 * Winding insulation ageing (Montsinger: life halves for every 10 K hotter winding); the hot-spot
 * temperature creeps up as it ages. Each winding temperature channel is a winding with a mode of its own,
 * driven by that channel's own temperature.
 */
final class InsulationAgeing extends FailureMode {

    static final InsulationAgeing MODE = new InsulationAgeing();

    /** Winding, stator or motor temperature, degC: ambient, warm-up and load heating, rising with age. */
    static final ChannelPhysics WINDING_TEMP = ChannelPhysics.of(c -> c.amb + c.twin.warm * 8
            + c.th * 110 * (1 + 0.35 * Math.pow(c.d, 1.5)) + c.noise().gaussian(0, 0.6))
            .shows(new ModeLink.Own(MODE));

    private InsulationAgeing() {
        super("insulation-ageing", 2.5, 90_000, Records.Action.REPLACEMENT, 96, "motor rewound", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return Math.pow(2, (twin.value[m.precursor] - 95) / 10);
    }
}
