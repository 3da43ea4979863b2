package io.minetwin.store;

import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import java.nio.file.Path;

/**
 * The embedded store: time-series history, twin snapshots and the event log in one directory.
 *
 * <p>Open it once per directory and process, share it between threads, close it on shutdown. Its
 * parts are valid until the store is closed; closing checkpoints history, flushes and stops the
 * background retention sweep. What a returned write survives is the store's {@link Durability}:
 * with {@link Durability#ACKNOWLEDGED} (the default) a power loss, with {@link Durability#PROCESS} the
 * death of the process. A failed write degrades the store (see {@link #health()}) until it recovers by
 * itself.
 */
public interface Store extends AutoCloseable {

    /**
     * Opens or creates the RocksDB store in {@code dir}, recovering history from its write-ahead log.
     *
     * @throws StoreException if the directory cannot be opened, e.g. another process holds it
     */
    static Store open(Path dir, StoreOptions options) {
        return RocksStore.open(dir, options);
    }

    /** Whether {@code dir} holds a store that {@link #open} would open rather than create. */
    static boolean exists(Path dir) {
        return RocksStore.exists(dir);
    }

    /** A store that keeps everything in memory, with the same contracts, for tests and demos. */
    static Store inMemory(StoreOptions options) {
        return new MemoryStore(options);
    }

    History history();

    TwinSnapshots snapshots();

    EventLog events();

    /** Whether writes are taken, and if not why; a store in memory is always healthy. */
    default StoreHealth health() {
        return StoreHealth.ok(Durability.PROCESS);
    }

    /** Checkpoints and closes; later calls do nothing. */
    @Override
    void close();
}
