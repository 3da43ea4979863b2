package io.minetwin.simulator;

/**
 * Electrolytic DC-link capacitor ageing (Arrhenius: electrolyte loss doubles per 10 K hotter): ESR up,
 * capacitance down, ripple up. The ESR channel is the precursor; capacitance and ripple show the same mode.
 */
final class CapacitorAgeing extends FailureMode {

    static final CapacitorAgeing MODE = new CapacitorAgeing();

    /** Equivalent series resistance, mOhm: this unit's level, falling when warm, rising with age. */
    static final ChannelPhysics ESR = ChannelPhysics.of(c -> c.unitBase * (1 + Math.pow(c.d, 1.3))
            * (1 - 0.004 * (capTemp(c.amb, c.th) - 40)) + c.noise().gaussian(0, 0.05))
            .scatter(lives -> lives.uniform(12, 16)).shows(new ModeLink.Own(MODE));

    /** Capacitance, uF: this unit's level, down 20 % at end of life. */
    static final ChannelPhysics CAPACITANCE = ChannelPhysics.of(c -> c.unitBase * (1 - 0.2 * c.d)
            + c.noise().gaussian(0, 15))
            .scatter(lives -> lives.uniform(10_500, 11_500)).shows(new ModeLink.JoinsComponent(MODE));

    /** DC-link voltage ripple, V: with load, larger as ESR rises and capacitance falls. */
    static final ChannelPhysics RIPPLE = ChannelPhysics.of(c -> c.on
            ? (4 + 18 * c.abs) * (1 + Math.pow(c.d, 1.3)) / (1 - 0.2 * c.d) + c.noise().gaussian(0, 0.3)
            : c.twin.upkeep.phase == Phase.OPERATING ? 1 : 0).shows(new ModeLink.JoinsComponent(MODE));

    private CapacitorAgeing() {
        super("capacitor-ageing", 2.5, 70_000, Records.Action.REPLACEMENT, 12, "DC-link capacitor bank replaced",
                false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.upkeep.phase == Phase.OPERATING && twin.energised()
                ? Math.pow(2, (capTemp(amb, twin.thermal[m.component]) - 45) / 10) : 0;
    }

    /** Capacitor core temperature: cabinet air plus its own ripple-current heating. */
    static double capTemp(double amb, double th) {
        return DriveChannels.inlet(amb) + 8 + 22 * th;
    }
}
