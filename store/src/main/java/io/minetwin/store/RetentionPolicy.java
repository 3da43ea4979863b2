package io.minetwin.store;

import io.minetwin.model.Resolution;
import java.time.Duration;
import java.util.Objects;

/**
 * How long each history tier is kept; {@link Duration#ZERO} keeps a tier forever.
 *
 * <p>Ages are measured from the clock's now to a chunk's last sample or a bucket's end.
 */
public record RetentionPolicy(Duration raw, Duration minute, Duration hour) {

    /** Raw for 90 days, minute rollups for 2 years, hour rollups forever. */
    public static final RetentionPolicy DEFAULT =
            new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(730), Duration.ZERO);

    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetentionPolicy {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(hour, "hour");
        if (raw.isNegative() || minute.isNegative() || hour.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative: raw=" + raw
                    + " minute=" + minute + " hour=" + hour);
        }
    }

    public Duration of(Resolution resolution) {
        return switch (resolution) {
            case RAW -> raw;
            case MINUTE -> minute;
            case HOUR -> hour;
        };
    }
}
