package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Range;

/** Electrical channels of motors and drives: current, power, DC-link voltage, output frequency, cabinet air. */
final class DriveChannels {

    private DriveChannels() {
    }

    /** Current, A: scaled to the channel's physical range, signed when the range is (regeneration). */
    static final ChannelPhysics CURRENT = ChannelPhysics.of(c -> current(c.twin, c.spec, c.load, c.on));

    /** Power, kW: scaled to the channel's physical range, signed when the range is. */
    static final ChannelPhysics POWER = ChannelPhysics.of(c -> power(c.twin, c.spec, c.load, c.on));

    /** DC-link voltage of a drive, V: up while regenerating, down under load. */
    static final ChannelPhysics DC_VOLTAGE = ChannelPhysics.of(c -> c.twin.upkeep.phase == Phase.OPERATING
            && c.twin.energised()
            ? 1650 + 70 * Math.max(0, -c.load) - 30 * Math.max(0, c.load) + c.noise().gaussian(0, 4) : 0);

    /** Cabinet inlet air, degC. */
    static final ChannelPhysics INLET = ChannelPhysics.of(c -> inlet(c.amb) + c.noise().gaussian(0, 0.3));

    /** Output frequency, Hz: with a truck's ground speed, else with the load. */
    static final ChannelPhysics FREQUENCY = ChannelPhysics.of(c -> c.twin.host != null
            && c.twin.host.kind == TwinSim.Kind.TRUCK ? c.twin.duty.speedKmh * 2.4 : c.on ? 55 * c.load : 0);

    /** Cabinet air: heated in winter, ambient plus a little otherwise. */
    static double inlet(double amb) {
        return Math.max(amb + 6, 8 + 0.3 * amb);
    }

    private static double current(TwinSim twin, ChannelSpec s, double load, boolean on) {
        Range p = s.physical();
        double max = p.hasMax() ? p.max() : 2000;
        boolean inverter = twin.kind == TwinSim.Kind.INVERTER;
        double scale = inverter ? 0.32 * max : 0.55 * max;
        if (!on) {
            return twin.upkeep.phase == Phase.OPERATING && !inverter ? 0.02 * max : 0;
        }
        double i = (inverter ? 0 : 0.04 * max) + scale * Math.abs(load);
        i *= 1 + 0.03 * twin.noise.nextGaussian();
        return p.min() < 0 && load < 0 ? -i : i;
    }

    private static double power(TwinSim twin, ChannelSpec s, double load, boolean on) {
        Range p = s.physical();
        double max = p.hasMax() ? p.max() : 1500;
        if (!on) {
            return 0;
        }
        double kw = (twin.kind == TwinSim.Kind.INVERTER ? 0.55 : 0.33) * max * load
                * (1 + 0.03 * twin.noise.nextGaussian());
        return p.min() < 0 ? kw : Math.abs(kw);
    }
}
