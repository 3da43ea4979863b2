package io.minetwin.store;

/**
 * Makes completed RocksDB writes durable with one fsync of the log for every writer waiting at the time.
 *
 * <p>Why not {@code WriteOptions.setSync(true)}: RocksDB groups synced writers only when they enter its
 * write path together, and history appends are serialised by the history's own lock (memory and disk
 * change together), so each synced append would pay a whole fsync while holding that lock. Writing
 * without sync under the lock and syncing the log ({@code syncWal}) after releasing it lets the appends,
 * event log writes and snapshot writes that wait meanwhile share one fsync.
 *
 * <p>Concurrency design. A writer first writes its batch without sync, then calls {@link #written()}
 * for a ticket and {@link #await(long)} with it. Tickets grow in the order writes complete. The first
 * waiter whose ticket is not yet synced becomes the leader: it notes the highest ticket issued so far,
 * syncs the log without holding the monitor, and then marks every ticket up to the noted one synced.
 * Writers that arrive while a sync runs wait for it and the next sync covers all of them at once, so
 * N concurrent writers cost about two fsyncs rather than N. A write whose ticket was issued before a
 * sync started completed before it started, so the sync covers it. A failed sync fails every waiter
 * it would have covered; none of them is acknowledged.
 */
final class GroupCommit {

    /** Syncs everything written so far to stable storage. */
    interface Syncer {
        void sync() throws Exception;
    }

    private final Syncer syncer;
    private final boolean enabled;
    private long issued;
    private long synced;
    private boolean syncing;
    private long failedUpTo;
    private Exception failure;
    private long syncs;

    GroupCommit(Durability durability, Syncer syncer) {
        this.syncer = syncer;
        this.enabled = durability == Durability.ACKNOWLEDGED;
    }

    boolean enabled() {
        return enabled;
    }

    /** A ticket for a write that has just completed; 0 when writes need no sync. */
    synchronized long written() {
        return enabled ? ++issued : 0;
    }

    /**
     * Returns once the write with {@code ticket} is on stable storage.
     *
     * @throws StoreException if the sync that should have covered it failed
     */
    void await(long ticket) {
        if (ticket == 0) {
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                long upTo;
                synchronized (this) {
                    while (synced < ticket && syncing) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (synced >= ticket) {
                        return;
                    }
                    if (ticket <= failedUpTo) {
                        throw failed(failure);
                    }
                    syncing = true;
                    upTo = issued;
                }
                // The fsync runs without the monitor, so that writers finishing meanwhile take tickets
                // and queue up for the next sync.
                Exception error = null;
                try {
                    syncer.sync();
                } catch (Exception e) {
                    error = e;
                }
                synchronized (this) {
                    syncing = false;
                    syncs++;
                    if (error == null) {
                        synced = Math.max(synced, upTo);
                    } else {
                        failedUpTo = Math.max(failedUpTo, upTo);
                        failure = error;
                    }
                    notifyAll();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static StoreException failed(Exception cause) {
        return new StoreException("syncing the store's log to disk failed: " + cause.getMessage()
                + "; the write is not acknowledged. Check free disk space and the disk's health", cause);
    }

    /** How many fsyncs ran (for tests and figures). */
    synchronized long syncs() {
        return syncs;
    }
}
