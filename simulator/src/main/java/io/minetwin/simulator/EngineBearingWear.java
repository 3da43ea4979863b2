package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Range;

/**
 * Crankshaft bearing and ring wear of an engine: oil pressure at speed falls, blow-by rises. Only
 * components named like an engine get it; their oil pressure is the precursor.
 */
final class EngineBearingWear extends FailureMode {

    static final EngineBearingWear MODE = new EngineBearingWear();

    /** Oil pressure, kPa, between the channel's normal range with engine speed, falling as bearings wear. */
    static final ChannelPhysics OIL_PRESSURE = ChannelPhysics.of(EngineBearingWear::oilPressure)
            .shows(new ModeLink.FirstOfComponent(MODE, c -> c.contains("engine"), true));

    /** Crankcase blow-by, kPa: with load, rising as rings wear. */
    static final ChannelPhysics BLOW_BY = ChannelPhysics.of(c -> c.on || c.twin.upkeep.phase == Phase.OPERATING
            ? 1.2 + 1.8 * c.abs + 7 * c.d * c.d + c.noise().gaussian(0, 0.1) : 0)
            .shows(new ModeLink.FirstOfComponent(MODE, c -> c.contains("engine"), false));

    private EngineBearingWear() {
        super("engine-bearing-wear", 1.6, 60_000, Records.Action.FAILURE_REPAIR, 80, "engine bearings replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        double mean = twin.duty.compMean[m.component];
        return twin.duty.working ? (0.5 + mean) * (0.5 + mean) : twin.upkeep.phase == Phase.OPERATING ? 0.1 : 0;
    }

    private static double oilPressure(ChannelStep c) {
        boolean on = c.on;
        if (!on && c.twin.upkeep.phase != Phase.OPERATING) {
            return 0;
        }
        ChannelSpec s = c.spec;
        Range nr = s.normal();
        double lo = nr.hasMin() ? nr.min() : 200;
        double hi = nr.hasMax() ? nr.max() : lo * 1.8;
        double speed = on ? Math.max(c.twin.duty.engineLoad, 0.3 + 0.5 * c.abs) : 0.05;
        double base = lo + (hi - lo) * (0.2 + 0.6 * speed) - (on ? 0 : 0.3 * lo);
        double floor = s.limits().lowAlarm().orElse(0.6 * lo) * 0.9;
        return base - Math.max(0, base - floor) * c.d * c.d + c.noise().gaussian(0, 3);
    }
}
