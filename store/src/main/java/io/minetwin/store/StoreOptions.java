package io.minetwin.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Store} keeps history.
 *
 * @param retention              how long each history tier is kept
 * @param clock                  the time retention sweeps measure against
 * @param retentionSweepInterval how often a background thread applies retention; {@link Duration#ZERO}
 *                               for never (call {@link History#enforceRetention} yourself)
 * @param checkpointBytes        write-ahead log bytes after which open chunks are checkpointed and the
 *                               log dropped; smaller means faster recovery, larger means fewer rewrites
 * @param chunkMaxSamples        the most samples one chunk holds (a chunk also never spans more than one
 *                               aligned window of 2 hours, 1 day or 16 days, chosen from the series'
 *                               spacing so that a chunk can fill); each series keeps up to this many in
 *                               memory, and a batch with half this many samples per series (at least
 *                               16) writes open chunks instead of logging its samples
 * @param durability             what a returned write survives: {@link Durability#ACKNOWLEDGED} (power
 *                               loss, fsync'd with group commit) or {@link Durability#PROCESS} (a crash of
 *                               the process only)
 */
public record StoreOptions(RetentionPolicy retention, Clock clock, Duration retentionSweepInterval,
                           long checkpointBytes, int chunkMaxSamples, Durability durability) {

    public static final long DEFAULT_CHECKPOINT_BYTES = 32L << 20;
    public static final int DEFAULT_CHUNK_MAX_SAMPLES = 240;

    public StoreOptions {
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retentionSweepInterval, "retentionSweepInterval");
        Objects.requireNonNull(durability, "durability");
        if (retentionSweepInterval.isNegative()) {
            throw new IllegalArgumentException("retentionSweepInterval must not be negative, got "
                    + retentionSweepInterval + "; use Duration.ZERO to turn the background sweep off");
        }
        if (checkpointBytes < 1) {
            throw new IllegalArgumentException("checkpointBytes must be at least 1, got " + checkpointBytes);
        }
        if (chunkMaxSamples < 2 || chunkMaxSamples > 65_536) {
            throw new IllegalArgumentException("chunkMaxSamples must be between 2 and 65536, got " + chunkMaxSamples);
        }
    }

    /** Options with {@link Durability#ACKNOWLEDGED} writes. */
    public StoreOptions(RetentionPolicy retention, Clock clock, Duration retentionSweepInterval,
                        long checkpointBytes, int chunkMaxSamples) {
        this(retention, clock, retentionSweepInterval, checkpointBytes, chunkMaxSamples, Durability.ACKNOWLEDGED);
    }

    /**
     * Default retention, the system UTC clock, a sweep every 10 minutes, 32 MiB checkpoints, 240-sample
     * chunks, acknowledged (fsync'd) writes.
     */
    public static StoreOptions defaults() {
        return new StoreOptions(RetentionPolicy.DEFAULT, Clock.systemUTC(), Duration.ofMinutes(10),
                DEFAULT_CHECKPOINT_BYTES, DEFAULT_CHUNK_MAX_SAMPLES, Durability.ACKNOWLEDGED);
    }

    public StoreOptions withRetention(RetentionPolicy value) {
        return new StoreOptions(value, clock, retentionSweepInterval, checkpointBytes, chunkMaxSamples, durability);
    }

    public StoreOptions withClock(Clock value) {
        return new StoreOptions(retention, value, retentionSweepInterval, checkpointBytes, chunkMaxSamples, durability);
    }

    public StoreOptions withRetentionSweepInterval(Duration value) {
        return new StoreOptions(retention, clock, value, checkpointBytes, chunkMaxSamples, durability);
    }

    public StoreOptions withCheckpointBytes(long value) {
        return new StoreOptions(retention, clock, retentionSweepInterval, value, chunkMaxSamples, durability);
    }

    public StoreOptions withChunkMaxSamples(int value) {
        return new StoreOptions(retention, clock, retentionSweepInterval, checkpointBytes, value, durability);
    }

    public StoreOptions withDurability(Durability value) {
        return new StoreOptions(retention, clock, retentionSweepInterval, checkpointBytes, chunkMaxSamples, value);
    }
}
