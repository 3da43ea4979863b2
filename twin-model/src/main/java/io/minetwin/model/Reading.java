package io.minetwin.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A value of a channel as the twin holds it.
 *
 * @param value       the value; a number may be NaN when the quality is bad
 * @param sourceTime  when the source measured it
 * @param receiveTime when the engine accepted it (from the engine's clock)
 * @param quality     the quality after validation, which may be worse than the source's
 * @param serverTime  the source server's timestamp, where the source gave one
 */
public record Reading(Value value, Instant sourceTime, Instant receiveTime, Quality quality,
                      Optional<Instant> serverTime) {

    /** A reading without a server timestamp. */
    public Reading(Value value, Instant sourceTime, Instant receiveTime, Quality quality) {
        this(value, sourceTime, receiveTime, quality, Optional.empty());
    }

    public Reading {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(sourceTime, "sourceTime");
        Objects.requireNonNull(receiveTime, "receiveTime");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(serverTime, "serverTime");
        if (quality.level() != QualityLevel.BAD && value instanceof Value.Num n && !Double.isFinite(n.value())) {
            throw new IllegalArgumentException("a reading of " + n.describe() + " must have bad quality, not "
                    + quality.level().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    public boolean isGood() {
        return quality.level() == QualityLevel.GOOD;
    }
}
