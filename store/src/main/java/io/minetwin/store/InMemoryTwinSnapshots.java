package io.minetwin.store;

import io.minetwin.model.TwinId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Twin snapshots in memory; copies bytes in and out like the stored form. Synchronized. */
final class InMemoryTwinSnapshots implements TwinSnapshots {

    private final TreeMap<TwinId, byte[]> snapshots = new TreeMap<>();

    @Override
    public synchronized void put(TwinId twin, byte[] snapshot) {
        snapshots.put(Objects.requireNonNull(twin, "twin"), Objects.requireNonNull(snapshot, "snapshot").clone());
    }

    @Override
    public synchronized void putAll(Map<TwinId, byte[]> all) {
        all.forEach(this::put);
    }

    @Override
    public synchronized Optional<byte[]> get(TwinId twin) {
        byte[] s = snapshots.get(twin);
        return s == null ? Optional.empty() : Optional.of(s.clone());
    }

    @Override
    public synchronized Map<TwinId, byte[]> loadAll() {
        Map<TwinId, byte[]> out = new TreeMap<>();
        snapshots.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    @Override
    public synchronized void delete(TwinId twin) {
        snapshots.remove(twin);
    }
}
