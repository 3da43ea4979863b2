package io.minetwin.simulator;

/**
 * Radiator fouling by dust: the coolant runs hotter for the same load and ambient. Faster in hot weather;
 * services blow the radiator out, which takes back part of the fouling.
 */
final class CoolingFouling extends FailureMode {

    static final CoolingFouling MODE = new CoolingFouling();

    /** Coolant temperature, degC: thermostat-held when warm, hotter as the radiator fouls. */
    static final ChannelPhysics COOLANT_TEMP = ChannelPhysics.of(CoolingFouling::coolant).shows(new ModeLink.Own(MODE));

    private CoolingFouling() {
        super("cooling-fouling", 2.0, 30_000, Records.Action.FAILURE_REPAIR, 10, "radiator cleaned and core repaired",
                false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.duty.working ? (0.5 + twin.duty.compMean[m.component]) * (1 + 0.3 * (amb - 2.5) / 25) : 0;
    }

    private static double coolant(ChannelStep c) {
        double amb = c.amb;
        double th = c.th;
        double warm = c.twin.warm;
        double running = amb + (84 + 7 * th + 0.07 * (amb - 10) - amb) * warm;
        return running + warm * 26 * Math.pow(c.d, 1.5) * (0.5 + th) + c.noise().gaussian(0, 0.4);
    }

    @Override
    void service(ModeState m, MaintenanceCycle upkeep, long t) {
        if (m.damage > 0.3) {
            m.damage *= 0.7;
            upkeep.record(t, m.component, Records.Action.INSPECTION, id(), "radiator blown out");
        }
    }
}
