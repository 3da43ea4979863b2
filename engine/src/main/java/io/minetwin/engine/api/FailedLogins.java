package io.minetwin.engine.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts refused tokens per client address and refuses an address that keeps trying: after {@code limit}
 * refusals within {@code window}, every request from that address gets 429 until the oldest refusal leaves the
 * window. Guessing a 256-bit token is hopeless anyway; this keeps a misconfigured client or a scan from filling
 * the log and the request threads. Memory is bounded: at most {@code maxAddresses} addresses are tracked, the
 * least recently refused forgotten first.
 */
final class FailedLogins {

    private final int limit;
    private final long windowNanos;
    private final int maxAddresses;
    private final LongSupplier nanoTime;
    private final Map<String, ArrayDeque<Long>> byAddress;

    FailedLogins(int limit, Duration window, int maxAddresses, LongSupplier nanoTime) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true);
    }

    static FailedLogins defaults() {
        return new FailedLogins(20, Duration.ofMinutes(1), 10_000, System::nanoTime);
    }

    /** Seconds until {@code address} may try again, when it is being refused now. */
    synchronized OptionalLong blockedFor(String address) {
        ArrayDeque<Long> times = byAddress.get(address);
        if (times == null) {
            return OptionalLong.empty();
        }
        long now = nanoTime.getAsLong();
        expire(times, now);
        if (times.size() < limit) {
            return OptionalLong.empty();
        }
        long waitNanos = times.peekFirst() + windowNanos - now;
        return OptionalLong.of(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Records a refusal; returns how many {@code address} has had within the window, this one included. */
    synchronized int refused(String address) {
        long now = nanoTime.getAsLong();
        ArrayDeque<Long> times = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        expire(times, now);
        times.addLast(now);
        while (times.size() > limit) {
            times.removeFirst();
        }
        if (byAddress.size() > maxAddresses) {
            Iterator<String> eldest = byAddress.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return times.size();
    }

    int limit() {
        return limit;
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }
}
