package io.minetwin.simulator;

import java.util.Locale;

/**
 * Rolling bearing wear (ISO 281: life ~ (C/P)^3): a defect starts late, then vibration grows
 * exponentially, temperature last. A component with a vibration or bearing temperature channel has one
 * bearing mode; vibration is its precursor when there is one. Services inspect it.
 */
final class BearingWear extends FailureMode {

    static final BearingWear MODE = new BearingWear();

    /** Overall or bearing vibration, mm/s: this unit's level, up with load and exponentially late in life. */
    static final ChannelPhysics VIBRATION = ChannelPhysics.of(BearingWear::vibration)
            .scatter(lives -> lives.uniform(1.1, 1.7)).shows(new ModeLink.PerComponent(MODE, 0));

    /** Bearing temperature, degC: load and warm-up, and a late rise as the bearing fails. */
    static final ChannelPhysics TEMPERATURE = ChannelPhysics.of(BearingWear::temperature)
            .shows(new ModeLink.PerComponent(MODE, 1));

    private BearingWear() {
        super("bearing-wear", 1.3, 60_000, Records.Action.REPLACEMENT, 30, "bearing replaced", false);
    }

    @Override
    double stress(ModeState m, TwinSim twin, double amb) {
        return twin.duty.working ? cube(0.5 + twin.duty.compMean[m.component]) : 0;
    }

    private static double vibration(ChannelStep c) {
        if (!c.on) {
            return Math.abs(c.noise().gaussian(0.05, 0.02));
        }
        double late = c.mode == null ? 0 : c.mode.late(0.7);
        return c.unitBase * (0.85 + 0.3 * c.abs) * (1 + 0.15 * c.d) * Math.exp(1.7 * late)
                * (1 + 0.05 * c.noise().nextGaussian());
    }

    private static double temperature(ChannelStep c) {
        double late = c.mode == null ? 0 : c.mode.late(0.7);
        return c.amb + c.twin.warm * 22 + c.th * 25 + 32 * late * late * late + c.noise().gaussian(0, 0.5);
    }

    /** A service reads the precursor: a bearing far gone is replaced, one starting to go is noted for monitoring. */
    @Override
    void service(ModeState m, MaintenanceCycle upkeep, long t) {
        if (m.precursor < 0) {
            return;
        }
        TwinSim twin = upkeep.twin;
        double reading = twin.value[m.precursor];
        boolean vibration = twin.physics[m.precursor] == VIBRATION;
        String what = vibration ? String.format(Locale.ROOT, "vibration %.1f mm/s", reading)
                : String.format(Locale.ROOT, "bearing temperature %.0f degC", reading);
        if (m.late(0.7) > 0.9) {
            upkeep.renew(m, t);
            upkeep.record(t, m.component, Records.Action.REPLACEMENT, id(),
                    "found in service (" + what + "); bearing replaced");
        } else if (m.late(0.7) > 0 || !twin.specs[m.precursor].isNormal(reading)) {
            upkeep.record(t, m.component, Records.Action.INSPECTION, id(), what + "; monitor");
        }
    }
}
