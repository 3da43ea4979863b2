package io.minetwin.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the store takes writes, and if not why and what to do.
 *
 * <p>A failed write (disk full, I/O error) makes the store {@code degraded}: writes are refused with
 * {@link #cause()} until the store has recovered by itself, which it tries at most once a second on the
 * next write once the filesystem has room again. Nothing written before the failure is lost, and
 * nothing refused was acknowledged.
 *
 * @param degraded     whether writes are currently refused
 * @param cause        the failure that degraded the store, when degraded
 * @param fix          what the operator should do, when degraded
 * @param since        when the store became degraded
 * @param failures     writes that failed since the store was opened
 * @param recoveries   times the store recovered from a failed write without a restart
 * @param durability   what an acknowledged write survives
 * @param syncs        fsyncs of the store's log run since it was opened (with acknowledged durability,
 *                     concurrent writes share them)
 */
public record StoreHealth(boolean degraded, Optional<String> cause, Optional<String> fix, Optional<Instant> since,
                          long failures, long recoveries, Durability durability, long syncs) {

    public StoreHealth {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(durability, "durability");
    }

    /** A store that takes writes and has never failed. */
    public static StoreHealth ok(Durability durability) {
        return new StoreHealth(false, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, durability, 0);
    }

    /** {@code ok} or {@code degraded}, as status pages show it. */
    public String state() {
        return degraded ? "degraded" : "ok";
    }
}
