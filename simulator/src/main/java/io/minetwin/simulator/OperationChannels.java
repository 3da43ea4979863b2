package io.minetwin.simulator;

/** Channels of a machine's operation: its state, its fault flag and its counters. No wear of their own. */
final class OperationChannels {

    private OperationChannels() {
    }

    /** The machine state ({@code running}, {@code idle}, {@code down}, {@code maintenance}) as a state index. */
    static final ChannelPhysics STATE = ChannelPhysics.of(c -> {
        Phase phase = c.twin.upkeep.phase;
        return c.twin.stateIndex[phase == Phase.DOWN ? 2 : phase == Phase.REPAIR || phase == Phase.SERVICE ? 3
                : !c.twin.operational() ? 2 : c.on ? 0 : 1];
    });

    /** A boolean fault flag: set while down or in repair. */
    static final ChannelPhysics FAULT = ChannelPhysics.of(c -> c.twin.upkeep.phase == Phase.DOWN
            || c.twin.upkeep.phase == Phase.REPAIR ? 1 : 0);

    /** Operating hours, to a tenth (a counter, not a sensor that can fail). */
    static final ChannelPhysics OPERATING_HOURS = ChannelPhysics.of(c -> Math.floor(c.twin.opHours * 10) / 10)
            .notASensor();

    /** Work cycles completed (dig cycles, hauls, or thermal cycles of an installed drive). */
    static final ChannelPhysics CYCLES = ChannelPhysics.of(c -> Math.floor(c.twin.cycles += c.twin.duty.cyclesInStep));
}
