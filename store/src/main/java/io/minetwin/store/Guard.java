package io.minetwin.store;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the native database open while operations use it: every operation holds the shared side,
 * closing takes the exclusive side, so no read or write can touch a closed RocksDB handle (which
 * would crash the JVM rather than throw).
 */
final class Guard {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private volatile boolean closed;

    Guard(String what) {
        this.what = what;
    }

    /** Enters an operation; pair with {@link #exit()} in a finally block. */
    void enter() {
        lock.readLock().lock();
        if (closed) {
            lock.readLock().unlock();
            throw new IllegalStateException(what + " is closed; open the store again to use it");
        }
    }

    void exit() {
        lock.readLock().unlock();
    }

    /**
     * Runs {@code closing} once, after every operation in progress has finished.
     *
     * @return false if it was already closed
     */
    boolean close(Runnable closing) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            closing.run();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Runs {@code action} once every operation in progress has finished, with later ones waiting for
     * it, unless the guard is closed.
     */
    void exclusive(Runnable action) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                action.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
