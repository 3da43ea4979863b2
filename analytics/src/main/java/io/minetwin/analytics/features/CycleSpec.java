package io.minetwin.analytics.features;

import java.util.List;

/**
 * Thermal (or any load) cycles per channel and feature window: how many times the channel swung through
 * at least {@code range} and back, the driver of Coffin-Manson fatigue in solder joints, windings and
 * bearings. Counted with rainflow counting ({@link ThermalCycles}).
 *
 * <p>The range is in the channel's own unit (e.g. kelvin for a temperature): the cycles are counted on the
 * frame before regime normalisation, which
 * {@link FeatureExtractor#extract(Frame, Frame, int[])} takes as its second argument.
 *
 * @param range    the smallest range of a cycle that counts, in the channel's unit; positive
 * @param channels the channel-name suffixes the feature applies to (e.g. {@code "temp"} selects
 *                 {@code bearing-temp} and {@code winding-temp}); empty for every channel
 */
public record CycleSpec(double range, List<String> channels) {

    /** The range {@link #of(double)} suggests for temperatures: 10 (kelvin or degrees Celsius). */
    public static final double DEFAULT_RANGE = 10.0;

    public CycleSpec {
        if (!(range > 0) || !Double.isFinite(range)) {
            throw new IllegalArgumentException("the smallest cycle range must be a positive number in the channel's"
                    + " unit (e.g. 10 for 10 K), got " + range);
        }
        channels = List.copyOf(channels);
        ChannelFilter.check("cycle", channels);
    }

    /** Cycles of at least {@code range} on every channel. */
    public static CycleSpec of(double range) {
        return new CycleSpec(range, List.of());
    }

    /** This definition restricted to channels whose names end with one of {@code suffixes} (none: all). */
    public CycleSpec forChannels(List<String> suffixes) {
        return new CycleSpec(range, suffixes);
    }

    /** Whether the feature applies to {@code channel}. */
    public boolean appliesTo(String channel) {
        return ChannelFilter.matches(channels, channel);
    }
}
