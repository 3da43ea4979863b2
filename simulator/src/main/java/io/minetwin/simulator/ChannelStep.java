package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;

/**
 * What a {@link ChannelPhysics} sees of one channel at one step: the channel, the wear of the mode it
 * shows, its component's load and temperature, the ambient, and the twin for everything else (duty,
 * operation, the noise stream). One instance per twin, refilled for each channel.
 */
final class ChannelStep {
    TwinSim twin;
    /** The channel's index within the twin. */
    int index;
    ChannelSpec spec;
    /** The failure mode the channel shows, or null. */
    ModeState mode;
    /** That mode's damage, 0 when none. */
    double d;
    /** The component's instantaneous load (negative when regenerating or lowering) and its magnitude. */
    double load;
    double abs;
    /** The component's thermal state: its load smoothed over half an hour. */
    double th;
    /** Ambient temperature, degC. */
    double amb;
    /** Whether the machine is working. */
    boolean on;
    /** This unit's healthy level of the channel (see {@link ChannelPhysics#unitBase}). */
    double unitBase;

    /** The twin's measurement noise stream. */
    Rng noise() {
        return twin.noise;
    }
}
