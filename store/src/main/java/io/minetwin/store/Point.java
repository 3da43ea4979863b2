package io.minetwin.store;

import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import java.util.Objects;

/**
 * One sample of one series as history stores it: source time in epoch milliseconds, a double value
 * (NaN allowed, e.g. for a bad-quality sample that carried no value) and the quality level.
 */
public record Point(SeriesKey series, long time, double value, QualityLevel quality) {
    public Point {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(quality, "quality");
    }

    public static Point good(SeriesKey series, long time, double value) {
        return new Point(series, time, value, QualityLevel.GOOD);
    }
}
