package io.minetwin.simulator;

/**
 * Turbocharger or injector wear on one bank of a diesel engine: the exhaust temperature spread between
 * the banks grows and boost falls. Which bank wears is drawn per unit; its exhaust channel is the precursor.
 */
final class TurboWear extends FailureMode {

    static final TurboWear MODE = new TurboWear();

    /** Exhaust temperature of one bank ({@code ...-left} or {@code ...-right}), degC. */
    static final ChannelPhysics EXHAUST = ChannelPhysics.of(TurboWear::exhaust).shows(new ModeLink.Banked(MODE));

    /** Boost pressure, kPa: with load, falling as the turbo wears. */
    static final ChannelPhysics BOOST = ChannelPhysics.of(c -> c.on
            ? 40 + 210 * c.abs * (1 - 0.35 * c.d * c.d) + c.noise().gaussian(0, 2) : 0)
            .shows(new ModeLink.Banked(MODE));

    private TurboWear() {
        super("turbo-wear", 1.8, 40_000, Records.Action.REPLACEMENT, 20, "turbocharger and injectors replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        double mean = twin.duty.compMean[m.component];
        return twin.duty.working ? (0.4 + mean) * (0.4 + mean) * 1.2 : 0;
    }

    private static double exhaust(ChannelStep c) {
        if (!c.on) {
            return c.amb + 60 * c.twin.warm;
        }
        double base = 280 + 360 * c.abs;
        double spread = 16 + 140 * c.d * c.d;
        boolean left = c.spec.name().endsWith("left");
        double sign = (left == (c.twin.wornBank == 0)) ? 1 : -1;
        return base + sign * spread / 2 + c.noise().gaussian(0, 4);
    }
}
