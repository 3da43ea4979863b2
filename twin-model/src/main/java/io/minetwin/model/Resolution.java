package io.minetwin.model;

import java.time.Duration;
import java.util.Locale;

/** The resolutions history keeps: raw samples, and rollups per minute and per hour. */
public enum Resolution {
    RAW(0), MINUTE(60_000L), HOUR(3_600_000L);

    private final long bucketMillis;

    Resolution(long bucketMillis) {
        this.bucketMillis = bucketMillis;
    }

    /** The width of one rollup bucket in milliseconds; 0 for {@link #RAW}. */
    public long bucketMillis() {
        return bucketMillis;
    }

    public Duration bucket() {
        return Duration.ofMillis(bucketMillis);
    }

    /** Start of the bucket that holds {@code time}. */
    public long bucketStart(long time) {
        return Math.floorDiv(time, bucketMillis) * bucketMillis;
    }

    /** Parses {@code raw}, {@code 1m} or {@code 1h} (as on the command line). */
    public static Resolution parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "raw" -> RAW;
            case "1m", "minute" -> MINUTE;
            case "1h", "hour" -> HOUR;
            default -> throw new IllegalArgumentException("step '" + text + "' is not one of raw, 1m, 1h");
        };
    }
}
