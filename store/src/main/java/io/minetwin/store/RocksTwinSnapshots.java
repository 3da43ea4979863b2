package io.minetwin.store;

import io.minetwin.model.TwinId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Twin snapshots in one column family: key {@code namespace 0x00 name}, value {@code byte version (1)}
 * followed by the snapshot bytes.
 */
final class RocksTwinSnapshots implements TwinSnapshots {

    private static final int VERSION = 1;

    private final RocksDB db;
    private final ColumnFamilyHandle cf;
    private final Guard guard;
    private final WriteOptions writeOptions;
    private final StoreFaults faults;
    private final GroupCommit commit;

    RocksTwinSnapshots(RocksDB db, ColumnFamilyHandle cf, Guard guard, WriteOptions writeOptions, StoreFaults faults,
                       GroupCommit commit) {
        this.faults = faults;
        this.commit = commit;
        this.db = db;
        this.cf = cf;
        this.guard = guard;
        this.writeOptions = writeOptions;
    }

    private static byte[] key(TwinId twin) {
        byte[] ns = twin.namespace().getBytes(StandardCharsets.UTF_8);
        byte[] name = twin.name().getBytes(StandardCharsets.UTF_8);
        byte[] k = new byte[ns.length + 1 + name.length];
        System.arraycopy(ns, 0, k, 0, ns.length);
        System.arraycopy(name, 0, k, ns.length + 1, name.length);
        return k;
    }

    private static TwinId twin(byte[] key) {
        int zero = 0;
        while (zero < key.length && key[zero] != 0) {
            zero++;
        }
        if (zero == key.length) {
            throw new StoreException("twin snapshot key has no separator; the store is damaged, restore it from a backup");
        }
        return new TwinId(new String(key, 0, zero, StandardCharsets.UTF_8),
                new String(key, zero + 1, key.length - zero - 1, StandardCharsets.UTF_8));
    }

    private static byte[] value(byte[] snapshot) {
        byte[] v = new byte[snapshot.length + 1];
        v[0] = VERSION;
        System.arraycopy(snapshot, 0, v, 1, snapshot.length);
        return v;
    }

    private static byte[] snapshot(TwinId twin, byte[] value) {
        if (value.length == 0 || value[0] != VERSION) {
            throw new StoreException("twin snapshot of " + twin + " has format version "
                    + (value.length == 0 ? "(none)" : value[0]) + " but this build reads " + VERSION
                    + "; open the store with the version that wrote it");
        }
        return java.util.Arrays.copyOfRange(value, 1, value.length);
    }

    @Override
    public void put(TwinId twin, byte[] snapshot) {
        putAll(Map.of(twin, snapshot));
    }

    @Override
    public void putAll(Map<TwinId, byte[]> snapshots) {
        if (snapshots.isEmpty()) {
            return;
        }
        guard.enter();
        try (WriteBatch wb = new WriteBatch()) {
            for (Map.Entry<TwinId, byte[]> e : snapshots.entrySet()) {
                wb.put(cf, key(Objects.requireNonNull(e.getKey(), "twin")),
                        value(Objects.requireNonNull(e.getValue(), "snapshot")));
            }
            db.write(writeOptions, wb);
            commit.await(commit.written());
        } catch (RocksDBException e) {
            throw faults.failed("storing " + snapshots.size() + " twin snapshots", e);
        } catch (StoreException e) {
            throw faults.failed("syncing " + snapshots.size() + " twin snapshots", e.getCause() == null ? e : e.getCause());
        } finally {
            guard.exit();
        }
    }

    @Override
    public Optional<byte[]> get(TwinId twin) {
        guard.enter();
        try {
            byte[] v = db.get(cf, key(twin));
            return v == null ? Optional.empty() : Optional.of(snapshot(twin, v));
        } catch (RocksDBException e) {
            throw new StoreException("reading the snapshot of " + twin + " failed: " + e.getMessage(), e);
        } finally {
            guard.exit();
        }
    }

    @Override
    public Map<TwinId, byte[]> loadAll() {
        Map<TwinId, byte[]> out = new TreeMap<>();
        guard.enter();
        try (RocksIterator it = db.newIterator(cf)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                TwinId twin = twin(it.key());
                out.put(twin, snapshot(twin, it.value()));
            }
        } finally {
            guard.exit();
        }
        return out;
    }

    @Override
    public void delete(TwinId twin) {
        guard.enter();
        try {
            db.delete(cf, writeOptions, key(twin));
            commit.await(commit.written());
        } catch (RocksDBException e) {
            throw faults.failed("deleting the snapshot of " + twin, e);
        } catch (StoreException e) {
            throw faults.failed("syncing the deletion of the snapshot of " + twin, e.getCause() == null ? e : e.getCause());
        } finally {
            guard.exit();
        }
    }
}
