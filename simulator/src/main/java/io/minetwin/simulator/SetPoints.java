package io.minetwin.simulator;

/**
 * Set points the equipment accepts from a control room, and how the machine responds: a hoist
 * {@code speed-limit} (% of rated speed) scales the load of the components of its drive train (those sharing
 * the first word of its component's name, e.g. {@code hoist-motor}, {@code hoist-motor-2}, {@code hoist-gearbox},
 * {@code hoist-rope}) and stretches the work cycle; an engine {@code derate} (% of rated power withheld)
 * scales the load of the whole machine, which the engine drives. Lower load means lower current, heat and
 * wear, so degradation slows. A set point's value is what the channel reports; it is not a sensor and draws
 * nothing from the random streams, so a twin that is never written simulates exactly as before.
 */
final class SetPoints {

    private SetPoints() {
    }

    /** A speed limit, %: 100 until written; scales its drive train's load by value / 100. */
    static final ChannelPhysics SPEED_LIMIT = ChannelPhysics.of(c -> c.twin.setPoint(c.index)).notASensor();

    /** An engine derate, % withheld: 0 until written; scales the machine's load by 1 - value / 100. */
    static final ChannelPhysics DERATE = ChannelPhysics.of(c -> c.twin.setPoint(c.index)).notASensor();

    /** Whether {@code physics} is a set point. */
    static boolean isSetPoint(ChannelPhysics physics) {
        return physics == SPEED_LIMIT || physics == DERATE;
    }

    /** The value a set point holds before it is written: no limitation. */
    static double initial(ChannelPhysics physics) {
        return physics == SPEED_LIMIT ? 100 : 0;
    }

    /** The load factor a set point of {@code value} gives, 0.05 to 1. */
    static double factor(ChannelPhysics physics, double value) {
        double f = physics == SPEED_LIMIT ? value / 100 : 1 - value / 100;
        return f < 0.05 ? 0.05 : f > 1 ? 1 : f;
    }

    /** Whether a set point on component {@code owner} acts on component {@code other}. */
    static boolean actsOn(ChannelPhysics physics, String owner, String other) {
        if (physics == DERATE) {
            return true;
        }
        int dash = owner.indexOf('-');
        String group = dash < 0 ? owner : owner.substring(0, dash);
        return other.equals(group) || other.startsWith(group + "-");
    }
}
