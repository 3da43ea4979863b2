package io.minetwin.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One reading of one channel as it arrives from a source, before validation.
 *
 * <p>A source that reports a bad status without a value sends {@link #bad} (value NaN, bad quality).
 *
 * @param series     the twin, component and channel
 * @param sourceTime when the source measured it
 * @param value      the value as received
 * @param quality    the source's quality, e.g. mapped from an OPC UA status code
 * @param serverTime when the source's server last saw it, where the protocol says (OPC UA's server
 *                   timestamp); kept beside the source time, never used in its place
 */
public record Sample(SeriesKey series, Instant sourceTime, Value value, Quality quality, Optional<Instant> serverTime) {

    public Sample {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(serverTime, "serverTime");
    }

    /** A sample without a server timestamp. */
    public Sample(SeriesKey series, Instant sourceTime, Value value, Quality quality) {
        this(series, sourceTime, value, quality, Optional.empty());
    }

    public static Sample good(SeriesKey series, Instant sourceTime, double value) {
        return new Sample(series, sourceTime, Value.of(value), Quality.GOOD);
    }

    public static Sample good(SeriesKey series, Instant sourceTime, Value value) {
        return new Sample(series, sourceTime, value, Quality.GOOD);
    }

    /** A bad-status reading that carried no usable value. */
    public static Sample bad(SeriesKey series, Instant sourceTime, String reason) {
        return new Sample(series, sourceTime, Value.of(Double.NaN), Quality.bad(reason));
    }
}
