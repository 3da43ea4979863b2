package io.minetwin.store;

import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on one RocksDB database with a column family per kind of record.
 *
 * <p>Concurrency: the parts share one {@link Guard}; {@link #close()} takes it exclusively, so it
 * waits for running operations and later ones fail with a clear message. The retention sweep runs on
 * one daemon thread that this store creates and stops.
 */
final class RocksStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RocksStore.class);
    private static final byte[] META_FORMAT = "store.format".getBytes(StandardCharsets.US_ASCII);
    /**
     * 2: chunks and rollup blocks may carry a span tier byte in their key (see {@link Keys}). A
     * format 1 store is a format 2 store without such keys; opening it marks it format 2, so that a
     * build reading only format 1 refuses it rather than misreading tiered keys.
     */
    static final int FORMAT = 2;
    private static final int OLDEST_READABLE_FORMAT = 1;

    static final String CF_META = "meta";
    static final String CF_SERIES = "series";
    static final String CF_WAL = "wal";
    static final String CF_CHUNKS = "chunks";
    static final String CF_ROLLUP_1M = "rollup_1m";
    static final String CF_ROLLUP_1H = "rollup_1h";
    static final String CF_SNAPSHOTS = "snapshots";
    static final String CF_EVENTS = "events";
    static final String CF_EVENTS_BY_TWIN = "events_by_twin";

    private final Path dir;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final List<AutoCloseable> resources;
    private final Guard guard;
    private final RocksHistory history;
    private final RocksTwinSnapshots snapshots;
    private final RocksEventLog events;
    private final ScheduledExecutorService sweeper;
    private final ColumnFamilyHandle walCf;

    private RocksStore(Path dir, RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> resources,
                       StoreOptions options, WriteOptions writeOptions) {
        this.dir = dir;
        this.db = db;
        this.handles = handles;
        this.resources = resources;
        this.guard = new Guard("store " + dir);
        // handles follow the descriptor order of open(): default first.
        ColumnFamilyHandle meta = handles.get(1);
        this.walCf = handles.get(3);
        checkFormat(meta);
        this.history = new RocksHistory(db,
                new RocksHistory.Families(meta, handles.get(2), walCf, handles.get(4), handles.get(5), handles.get(6)),
                guard, writeOptions, options.retention(), options.checkpointBytes(), options.chunkMaxSamples());
        this.snapshots = new RocksTwinSnapshots(db, handles.get(7), guard, writeOptions);
        this.events = new RocksEventLog(db, handles.get(8), handles.get(9), guard, writeOptions);
        if (!options.retentionSweepInterval().isZero() && !options.retention().equals(RetentionPolicy.KEEP_ALL)) {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "minetwin-store-retention " + dir.getFileName());
                t.setDaemon(true);
                return t;
            });
            long every = options.retentionSweepInterval().toMillis();
            sweeper.scheduleWithFixedDelay(() -> sweep(options), every, every, TimeUnit.MILLISECONDS);
        } else {
            this.sweeper = null;
        }
    }

    private void sweep(StoreOptions options) {
        try {
            long deleted = history.enforceRetention(options.clock().millis());
            if (deleted > 0) {
                LOG.info("retention deleted {} chunks and rollup buckets from {}", deleted, dir);
            }
        } catch (IllegalStateException closed) {
            // The store is closing; nothing left to sweep.
        } catch (RuntimeException e) {
            LOG.warn("retention sweep of {} failed; it runs again at the next interval", dir, e);
        }
    }

    static boolean exists(Path dir) {
        // RocksDB names its current manifest in CURRENT: without it there is no database here.
        return Files.isRegularFile(dir.resolve("CURRENT"));
    }

    static RocksStore open(Path dir, StoreOptions options) {
        RocksDB.loadLibrary();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create store directory " + dir + ": " + e.getMessage()
                    + "; check that the parent exists and is writable", e);
        }
        List<AutoCloseable> resources = new ArrayList<>();
        LRUCache cache = new LRUCache(64L << 20);
        resources.add(cache);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small(cache, resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_META), small(cache, resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_SERIES), small(cache, resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_WAL), wal(resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_CHUNKS), data(cache, resources, 32L << 20)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_ROLLUP_1M), data(cache, resources, 8L << 20)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_ROLLUP_1H), data(cache, resources, 4L << 20)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_SNAPSHOTS), small(cache, resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_EVENTS), small(cache, resources)));
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_EVENTS_BY_TWIN), small(cache, resources)));
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(256L << 20);
        resources.add(dbOptions);
        WriteOptions writeOptions = new WriteOptions();
        resources.add(writeOptions);
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeAll(resources);
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("lock") || msg.contains("LOCK")) {
                throw new StoreException("store directory " + dir + " is in use (" + msg
                        + "); close the other store or process that has it open", e);
            }
            throw new StoreException("cannot open store directory " + dir + ": " + msg, e);
        }
        try {
            return new RocksStore(dir, db, handles, resources, options, writeOptions);
        } catch (RuntimeException e) {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            closeAll(resources);
            throw e;
        }
    }

    private void checkFormat(ColumnFamilyHandle meta) {
        try {
            byte[] format = db.get(meta, META_FORMAT);
            long found = format == null ? FORMAT : Bytes.getLong(format, 0);
            if (found >= OLDEST_READABLE_FORMAT && found < FORMAT) {
                LOG.info("store {} has format {}; marking it format {}", dir, found, FORMAT);
                format = null;
            }
            if (format == null) {
                db.put(meta, META_FORMAT, Keys.seq(FORMAT));
            } else if (Bytes.getLong(format, 0) != FORMAT) {
                throw new StoreException("store " + dir + " has format " + Bytes.getLong(format, 0) + " but this build reads "
                        + FORMAT + "; open it with the version that wrote it");
            }
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the format of store " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static ColumnFamilyOptions small(LRUCache cache, List<AutoCloseable> resources) {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize(4L << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        resources.add(o);
        return o;
    }

    /** Chunks and rollups: bigger memtables, LZ4, a bloom filter is useless for range scans so none. */
    private static ColumnFamilyOptions data(LRUCache cache, List<AutoCloseable> resources, long writeBuffer) {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize(writeBuffer)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setBlockSize(16 << 10));
        resources.add(o);
        return o;
    }

    /** The write-ahead log family: records live until the next checkpoint deletes them, ideally in memory only. */
    private static ColumnFamilyOptions wal(List<AutoCloseable> resources) {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize(64L << 20)
                .setMaxWriteBufferNumber(3)
                .setDisableAutoCompactions(true)
                .setCompressionType(CompressionType.NO_COMPRESSION);
        resources.add(o);
        return o;
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public TwinSnapshots snapshots() {
        return snapshots;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        guard.close(() -> {
            try {
                history.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("history checkpoint on close of {} failed; the write-ahead log recovers it on open", dir, e);
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush, handles);
                // Drop the deleted log records now rather than leave their tombstones on disk.
                db.compactRange(walCf);
            } catch (RocksDBException e) {
                LOG.warn("flush on close of {} failed; RocksDB's log recovers it on open", dir, e);
            }
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            closeAll(resources);
        });
        if (sweeper != null) {
            try {
                sweeper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing a RocksDB option object failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "RocksStore[" + dir + "]";
    }
}
