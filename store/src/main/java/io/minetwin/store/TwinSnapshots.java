package io.minetwin.store;

import io.minetwin.model.TwinId;
import java.util.Map;
import java.util.Optional;

/**
 * The last known state of each twin, so twins come back after a restart.
 *
 * <p>The store keeps opaque bytes; the engine chooses the encoding (the Ditto-shaped JSON).
 */
public interface TwinSnapshots {

    /** Stores the snapshot of {@code twin} durably, replacing the previous one. */
    void put(TwinId twin, byte[] snapshot);

    /** Stores several snapshots in one durable write. */
    void putAll(Map<TwinId, byte[]> snapshots);

    Optional<byte[]> get(TwinId twin);

    /** Every stored snapshot, by twin id in order. */
    Map<TwinId, byte[]> loadAll();

    void delete(TwinId twin);
}
