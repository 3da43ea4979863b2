package io.minetwin.simulator;

/** Channels of a shovel's dig cycle, reported per completed cycle while working. */
final class DigChannels {

    private DigChannels() {
    }

    /** Payload of the last dipper, t. */
    static final ChannelPhysics DIPPER_PAYLOAD = ChannelPhysics.of(c -> c.on && c.twin.duty.lastPayload > 0
            ? c.twin.duty.lastPayload : 0);

    /** Duration of the last cycle, s. */
    static final ChannelPhysics CYCLE_TIME = ChannelPhysics.of(c -> c.on && c.twin.duty.lastCycleSeconds > 0
            ? c.twin.duty.lastCycleSeconds : 0);

    /** Energy of the last cycle, kWh. */
    static final ChannelPhysics ENERGY = ChannelPhysics.of(c -> {
        DutyCycle duty = c.twin.duty;
        return c.on && duty.lastCycleSeconds > 0 ? duty.lastCycleSeconds * (900 + 9 * duty.lastPayload) / 3600 : 0;
    });
}
