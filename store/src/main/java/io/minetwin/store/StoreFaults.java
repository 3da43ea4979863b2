package io.minetwin.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The degraded state one store shares between its parts: set by any failed write, cleared when the
 * store has reopened its database. Thread-safe.
 */
final class StoreFaults {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFaults.class);

    private final Path dir;
    private final Clock clock;
    private final Durability durability;
    private String cause;
    private volatile boolean degraded;
    private Instant since;
    private long failures;
    private long recoveries;

    StoreFaults(Path dir, Clock clock, Durability durability) {
        this.dir = dir;
        this.clock = clock;
        this.durability = durability;
    }

    /** What an operator does about a failed write. */
    String fix() {
        return "free disk space on the filesystem of " + dir + " (or repair its permissions or device); writes"
                + " resume by themselves within seconds once there is room, no restart needed";
    }

    /** Records a failed write and returns the exception to throw, naming cause and fix. */
    synchronized StoreException failed(String what, Throwable e) {
        failures++;
        String message = what + " failed: " + e.getMessage();
        if (cause == null) {
            cause = message;
            since = clock.instant();
            degraded = true;
            LOG.error("store {} is degraded: {}; writes are refused until it recovers. Fix: {}", dir, message, fix());
        }
        return new StoreException("store " + dir + " is degraded: " + message + "; " + fix(), e);
    }

    boolean degraded() {
        return degraded;
    }

    /** The exception a write gets while the store is degraded. */
    synchronized StoreException refused(String what) {
        return new StoreException("store " + dir + " refuses " + what + " since " + since + " after a failed write ("
                + cause + "); " + fix());
    }

    synchronized void recovered() {
        if (cause != null) {
            recoveries++;
            degraded = false;
            cause = null;
            since = null;
        }
    }

    /** The health, with {@code syncs} fsyncs run so far. */
    synchronized StoreHealth health(long syncs) {
        boolean degraded = cause != null;
        return new StoreHealth(degraded, Optional.ofNullable(cause), degraded ? Optional.of(fix()) : Optional.empty(),
                Optional.ofNullable(since), failures, recoveries, durability, syncs);
    }
}
