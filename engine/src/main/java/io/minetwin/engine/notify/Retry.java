package io.minetwin.engine.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How a channel retries a failed delivery: up to {@code attempts} tries, waiting {@code first} after the first
 * failure and twice as long after each further one, never more than {@code max}.
 */
public record Retry(int attempts, Duration first, Duration max) {

    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(2), Duration.ofMinutes(1));

    public Retry {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (attempts < 1 || attempts > 20) {
            throw new IllegalArgumentException("attempts must be from 1 to 20 but is " + attempts);
        }
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be positive with min <= max, e.g. {min: 2s, max: 1m}");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based): first, 2 x first, 4 x first, ... capped at max. */
    public Duration delayAfter(int attempt) {
        Duration d = first;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
