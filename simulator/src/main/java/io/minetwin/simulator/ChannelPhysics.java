package io.minetwin.simulator;

import java.util.function.ToDoubleFunction;

/**
 * How one channel's true value is made at each step: the physics behind a channel name of an asset
 * type's YAML ({@code winding-temp}, {@code esr}, {@code vibration}, ...), looked up in a
 * {@link PhysicsRegistry}. Implementations are stateless and shared by every twin; what belongs to one
 * unit (its scatter, its wear) lives in the twin and reaches the physics through {@link ChannelStep}.
 *
 * <p>Physics is computed on true values; sensor faults are laid over the output afterwards
 * ({@link SensorFaults}) and never feed back into wear.
 */
interface ChannelPhysics {

    /** The channel's true value at this step. */
    double value(ChannelStep c);

    /** This unit's scatter of the channel (its healthy level), drawn once at the start; 1 when none. */
    default double unitBase(Rng lives) {
        return 1;
    }

    /** Which failure mode the channel shows, and how it ties to it. */
    default ModeLink link() {
        return ModeLink.NONE;
    }

    /** Whether a sensor fault may hit this channel; false for counters and estimates that no sensor measures. */
    default boolean sensorFaultable() {
        return true;
    }

    /** A physics computing {@code value}, to be refined with {@link Built#scatter}, {@link Built#shows}. */
    static Built of(ToDoubleFunction<ChannelStep> value) {
        return new Built(value, null, ModeLink.NONE, true);
    }

    /** A physics put together from a value function, an optional per-unit scatter and a mode link. */
    final class Built implements ChannelPhysics {
        private final ToDoubleFunction<ChannelStep> value;
        private final ToDoubleFunction<Rng> scatter;
        private final ModeLink link;
        private final boolean faultable;

        private Built(ToDoubleFunction<ChannelStep> value, ToDoubleFunction<Rng> scatter, ModeLink link,
                      boolean faultable) {
            this.value = value;
            this.scatter = scatter;
            this.link = link;
            this.faultable = faultable;
        }

        /** Draws each unit's healthy level with {@code scatter}. */
        Built scatter(ToDoubleFunction<Rng> scatter) {
            return new Built(value, scatter, link, faultable);
        }

        /** Ties the channel to a failure mode. */
        Built shows(ModeLink link) {
            return new Built(value, scatter, link, faultable);
        }

        /** No sensor fault hits the channel. */
        Built notASensor() {
            return new Built(value, scatter, link, false);
        }

        @Override
        public double value(ChannelStep c) {
            return value.applyAsDouble(c);
        }

        @Override
        public double unitBase(Rng lives) {
            return scatter == null ? 1 : scatter.applyAsDouble(lives);
        }

        @Override
        public ModeLink link() {
            return link;
        }

        @Override
        public boolean sensorFaultable() {
            return faultable;
        }
    }
}
