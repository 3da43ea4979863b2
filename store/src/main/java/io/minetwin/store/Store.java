package io.minetwin.store;

import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import java.nio.file.Path;

/**
 * The embedded store: time-series history, twin snapshots and the event log in one directory.
 *
 * <p>Open it once per directory and process, share it between threads, close it on shutdown. Its
 * parts are valid until the store is closed; closing checkpoints history, flushes and stops the
 * background retention sweep. Every write is durable against the death of the process once the
 * call returns (not against a power loss: RocksDB's log is not synced on every write).
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

    /** Checkpoints and closes; later calls do nothing. */
    @Override
    void close();
}
