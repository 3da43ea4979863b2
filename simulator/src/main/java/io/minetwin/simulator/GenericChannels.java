package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Range;

/**
 * Channels no physics knows by name: they follow their normal range (else their physical range) and the
 * component's load, temperatures warming up like the machine. They show no wear.
 */
final class GenericChannels {

    private GenericChannels() {
    }

    /** A temperature, degC, within its normal range with the component's thermal state and the ambient. */
    static final ChannelPhysics TEMPERATURE = ChannelPhysics.of(GenericChannels::temperature);

    /** Anything else, within its normal range with the load; its physical minimum (or 0) when stopped. */
    static final ChannelPhysics LOAD_FOLLOWING = ChannelPhysics.of(GenericChannels::generic);

    private static double temperature(ChannelStep c) {
        Range nr = c.spec.normal();
        double lo = nr.hasMin() ? nr.min() : nr.hasMax() ? 0.5 * nr.max() : 40;
        double hi = nr.hasMax() ? nr.max() : lo + 30;
        double amb = c.amb;
        double running = lo + (hi - lo) * (0.2 + 0.6 * c.th) + 0.25 * (amb - 10);
        return amb + (running - amb) * c.twin.warm + c.noise().gaussian(0, 0.4);
    }

    private static double generic(ChannelStep c) {
        ChannelSpec s = c.spec;
        Range nr = s.normal();
        Range p = s.physical();
        if (!c.on) {
            return p.hasMin() && p.min() > 0 ? p.min() : 0;
        }
        double lo;
        double hi;
        if (nr.hasMin() || nr.hasMax()) {
            lo = nr.hasMin() ? nr.min() : 0;
            hi = nr.hasMax() ? nr.max() : lo * 1.5 + 1;
        } else {
            lo = p.hasMin() ? Math.max(0, p.min()) : 0;
            hi = lo + (p.hasMax() ? 0.6 * (p.max() - lo) : 100);
        }
        return lo + (hi - lo) * (0.2 + 0.6 * Math.min(1, Math.abs(c.load)))
                * (1 + 0.02 * c.noise().nextGaussian());
    }
}
