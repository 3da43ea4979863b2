package io.minetwin.model;

import java.util.Objects;

/**
 * What history keeps of one accepted sample: the series, the source time in epoch milliseconds, the
 * value as a double ({@link ChannelSpec#encode}; NaN or an infinity for a value that was rejected as
 * bad) and the quality level after validation.
 */
public record HistoryPoint(SeriesKey series, long epochMillis, double value, QualityLevel quality) {
    public HistoryPoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(quality, "quality");
    }
}
