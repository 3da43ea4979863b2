package io.minetwin.store;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.PointBatch;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>Healing: callers hold views ({@link #history()}, {@link #events()}, {@link #snapshots()}) that
 * look up the current database on every call, under the guard. A failed write (disk full, I/O error)
 * marks the store degraded in {@link StoreFaults}; RocksDB then refuses writes until it is reopened
 * (RocksJava has no {@code Resume}). So the next call, at most once a second and only when the
 * filesystem has room again, takes the guard exclusively, closes the database without trusting the
 * history's memory and opens it again: the history rebuilds its heads from disk and its write-ahead
 * log, exactly as after a crash, so everything acknowledged before the failure is there and nothing
 * refused is. Durability: writes go without sync; with {@link Durability#ACKNOWLEDGED} each part then
 * waits for one shared fsync of RocksDB's log ({@link GroupCommit}) before returning.
 */
final class RocksStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(RocksStore.class);
    private static final byte[] META_FORMAT = "store.format".getBytes(StandardCharsets.US_ASCII);
    /**
     * 2: chunks and rollup blocks may carry a span tier byte in their key (see {@link Keys}). A
     * format 1 store is a format 2 store without such keys; opening it marks it format 2, so that a
     * build reading only format 1 refuses it rather than misreading tiered keys.
     * 3: the event log has its index family ({@link #CF_EVENTS_INDEX}, keys in {@link EventCodec}). Opening a
     * format 1 or 2 store builds the index from its events and then marks it format 3; a crash before the mark
     * builds it again at the next open. A build reading format 2 cannot open a format 3 store (RocksDB names
     * the index family it does not know).
     */
    static final int FORMAT = 3;
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
    static final String CF_EVENTS_INDEX = "events_index";

    /** Free bytes the store's filesystem needs before a degraded store tries to reopen. */
    static final long MIN_FREE_BYTES_TO_HEAL = 4L << 20;
    private static final long HEAL_INTERVAL_NANOS = 1_000_000_000L;

    /** One open database and the parts built on it; replaced when the store heals. */
    private record Parts(RocksDB db, List<ColumnFamilyHandle> handles, List<AutoCloseable> resources,
                         RocksHistory history, RocksTwinSnapshots snapshots, RocksEventLog events,
                         ColumnFamilyHandle walCf) {
    }

    private final Path dir;
    private final StoreOptions options;
    private final Guard guard;
    private final StoreFaults faults;
    private final GroupCommit commit;
    private final ScheduledExecutorService sweeper;
    private final History historyView = new HistoryView();
    private final TwinSnapshots snapshotsView = new SnapshotsView();
    private final EventLog eventsView = new EventsView();
    /** Changed only under the guard's exclusive side; null while a reopen has failed. */
    private volatile Parts parts;
    private final Object healing = new Object();
    private volatile long nextHealNanos;

    private RocksStore(Path dir, StoreOptions options) {
        this.dir = dir;
        this.options = options;
        this.guard = new Guard("store " + dir);
        this.faults = new StoreFaults(dir, options.clock(), options.durability());
        this.commit = new GroupCommit(options.durability(), () -> {
            Parts p = parts;
            if (p != null) {
                p.db().syncWal();
            }
        });
        this.parts = openParts();
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
            long deleted = historyView.enforceRetention(options.clock().millis());
            if (deleted > 0) {
                LOG.info("retention deleted {} chunks and rollup buckets from {}", deleted, dir);
            }
            long events = eventsView.enforceRetention(options.retention().events(), options.clock().instant());
            if (events > 0) {
                LOG.info("retention deleted {} events from {}", events, dir);
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
        return new RocksStore(dir, options);
    }

    private Parts openParts() {
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
        descriptors.add(new ColumnFamilyDescriptor(bytes(CF_EVENTS_INDEX), small(cache, resources)));
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(2)
                .setMaxTotalWalSize(256L << 20);
        resources.add(dbOptions);
        // Writes never sync themselves: with acknowledged durability, GroupCommit syncs the log once
        // for every writer waiting.
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
            // handles follow the descriptor order above: default first.
            ColumnFamilyHandle meta = handles.get(1);
            ColumnFamilyHandle walCf = handles.get(3);
            boolean upgrade = checkFormat(db, meta);
            RocksHistory history = new RocksHistory(db,
                    new RocksHistory.Families(meta, handles.get(2), walCf, handles.get(4), handles.get(5), handles.get(6)),
                    guard, writeOptions, options.retention(), options.checkpointBytes(), options.chunkMaxSamples(),
                    faults, commit);
            RocksTwinSnapshots snapshots = new RocksTwinSnapshots(db, handles.get(7), guard, writeOptions, faults, commit);
            RocksEventLog events = new RocksEventLog(db, handles.get(8), handles.get(9), handles.get(10), guard,
                    writeOptions, faults, commit);
            if (upgrade) {
                events.buildIndex();
                markFormat(db, meta);
            }
            return new Parts(db, handles, resources, history, snapshots, events, walCf);
        } catch (RuntimeException e) {
            handles.forEach(ColumnFamilyHandle::close);
            db.close();
            closeAll(resources);
            throw e;
        }
    }

    /** Checks the store's format; true if it is an older one that {@link #markFormat} is to upgrade. */
    private boolean checkFormat(RocksDB db, ColumnFamilyHandle meta) {
        try {
            byte[] format = db.get(meta, META_FORMAT);
            if (format == null) {
                return true; // new, or written before the format was recorded: build the (maybe empty) index
            }
            long found = Bytes.getLong(format, 0);
            if (found >= OLDEST_READABLE_FORMAT && found < FORMAT) {
                LOG.info("store {} has format {}; indexing its events and marking it format {}", dir, found, FORMAT);
                return true;
            }
            if (found != FORMAT) {
                throw new StoreException("store " + dir + " has format " + found + " but this build reads "
                        + FORMAT + "; open it with the version that wrote it");
            }
            return false;
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the format of store " + dir + ": " + e.getMessage(), e);
        }
    }

    private void markFormat(RocksDB db, ColumnFamilyHandle meta) {
        try {
            db.put(meta, META_FORMAT, Keys.seq(FORMAT));
        } catch (RocksDBException e) {
            throw new StoreException("cannot record the format of store " + dir + ": " + e.getMessage(), e);
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
        return historyView;
    }

    @Override
    public TwinSnapshots snapshots() {
        return snapshotsView;
    }

    @Override
    public EventLog events() {
        return eventsView;
    }

    @Override
    public StoreHealth health() {
        return faults.health(commit.syncs());
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        guard.close(() -> {
            Parts p = parts;
            parts = null;
            if (p != null) {
                closeParts(p, true);
            }
        });
        if (sweeper != null) {
            try {
                sweeper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes one database; {@code checkpoint} false when its history's memory is not to be trusted. */
    private void closeParts(Parts p, boolean checkpoint) {
        if (checkpoint) {
            try {
                p.history().shutdown();
            } catch (RuntimeException e) {
                LOG.warn("history checkpoint on close of {} failed; the write-ahead log recovers it on open", dir, e);
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                p.db().flush(flush, p.handles());
                // Drop the deleted log records now rather than leave their tombstones on disk.
                p.db().compactRange(p.walCf());
            } catch (RocksDBException e) {
                LOG.warn("flush on close of {} failed; RocksDB's log recovers it on open", dir, e);
            }
        }
        p.handles().forEach(ColumnFamilyHandle::close);
        p.db().close();
        closeAll(p.resources());
    }

    /** How many fsyncs of RocksDB's log the store has run (for tests). */
    long syncs() {
        return commit.syncs();
    }

    /** The history of the current database (for tests). */
    RocksHistory currentHistory() {
        return parts().history();
    }

    // ---------------------------------------------------------------- healing

    /**
     * The current database; call between {@code guard.enter()} and {@code guard.exit()}.
     *
     * @throws StoreException while the store is degraded and could not be reopened yet
     */
    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            throw faults.refused("reads and writes");
        }
        return p;
    }

    /** Reopens a degraded store when a second has passed since the last try and the disk has room. */
    private void healIfDue() {
        if (!faults.degraded() || System.nanoTime() - nextHealNanos < 0) {
            return;
        }
        synchronized (healing) {
            if (!faults.degraded() || System.nanoTime() - nextHealNanos < 0) {
                return;
            }
            nextHealNanos = System.nanoTime() + HEAL_INTERVAL_NANOS;
            long free;
            try {
                free = Files.getFileStore(dir).getUsableSpace();
            } catch (IOException e) {
                free = Long.MAX_VALUE;
            }
            if (free < MIN_FREE_BYTES_TO_HEAL) {
                LOG.debug("store {} stays degraded: {} bytes free, {} needed to reopen", dir, free, MIN_FREE_BYTES_TO_HEAL);
                return;
            }
            guard.exclusive(this::reopen);
        }
    }

    private void reopen() {
        Parts old = parts;
        parts = null;
        if (old != null) {
            try {
                closeParts(old, false);
            } catch (RuntimeException e) {
                LOG.warn("closing the degraded database of {} failed", dir, e);
            }
        }
        try {
            parts = openParts();
            StoreHealth before = faults.health(commit.syncs());
            faults.recovered();
            LOG.warn("store {} recovered from a failed write by reopening its database (degraded since {}: {});"
                    + " writes resume", dir, before.since().orElse(null), before.cause().orElse("?"));
        } catch (RuntimeException e) {
            LOG.warn("store {} is still degraded: reopening it failed ({}); {}", dir, e.getMessage(), faults.fix());
        }
    }

    /** History calls go to the current database; writes first give a degraded store its chance to heal. */
    private final class HistoryView implements History {

        @Override
        public void append(List<Point> batch) {
            healIfDue();
            guard.enter();
            try {
                parts().history().append(batch);
            } finally {
                guard.exit();
            }
        }

        @Override
        public void append(PointBatch batch) {
            healIfDue();
            guard.enter();
            try {
                parts().history().append(batch);
            } finally {
                guard.exit();
            }
        }

        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            healIfDue();
            guard.enter();
            try {
                return parts().history().read(series, from, to);
            } finally {
                guard.exit();
            }
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            healIfDue();
            guard.enter();
            try {
                return parts().history().readRollup(series, resolution, from, to);
            } finally {
                guard.exit();
            }
        }

        @Override
        public Set<SeriesKey> series() {
            healIfDue();
            guard.enter();
            try {
                return parts().history().series();
            } finally {
                guard.exit();
            }
        }

        @Override
        public long enforceRetention(long nowMillis) {
            healIfDue();
            guard.enter();
            try {
                return parts().history().enforceRetention(nowMillis);
            } finally {
                guard.exit();
            }
        }

        @Override
        public void close() {
            if (guard.isClosed()) {
                return;
            }
            guard.enter();
            try {
                Parts p = parts;
                if (p != null) {
                    p.history().close();
                }
            } finally {
                guard.exit();
            }
        }

        @Override
        public String toString() {
            return "RocksHistory[" + dir + "]";
        }
    }

    private final class SnapshotsView implements TwinSnapshots {

        private <T> T call(java.util.function.Function<RocksTwinSnapshots, T> op) {
            healIfDue();
            guard.enter();
            try {
                return op.apply(parts().snapshots());
            } finally {
                guard.exit();
            }
        }

        @Override
        public void put(TwinId twin, byte[] snapshot) {
            call(s -> {
                s.put(twin, snapshot);
                return null;
            });
        }

        @Override
        public void putAll(Map<TwinId, byte[]> snapshots) {
            call(s -> {
                s.putAll(snapshots);
                return null;
            });
        }

        @Override
        public Optional<byte[]> get(TwinId twin) {
            return call(s -> s.get(twin));
        }

        @Override
        public Map<TwinId, byte[]> loadAll() {
            return call(RocksTwinSnapshots::loadAll);
        }

        @Override
        public void delete(TwinId twin) {
            call(s -> {
                s.delete(twin);
                return null;
            });
        }
    }

    private final class EventsView implements EventLog {

        private <T> T call(java.util.function.Function<RocksEventLog, T> op) {
            healIfDue();
            guard.enter();
            try {
                return op.apply(parts().events());
            } finally {
                guard.exit();
            }
        }

        @Override
        public void append(List<Event> events) {
            call(e -> {
                e.append(events);
                return null;
            });
        }

        @Override
        public List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
            return call(e -> e.query(twin, from, to));
        }

        @Override
        public List<Event> query(EventKind kind, Optional<TwinId> twin, Instant from, Instant to) {
            return call(e -> e.query(kind, twin, from, to));
        }

        @Override
        public List<String> alertIds(Optional<Boolean> open, Optional<TwinId> twin, Instant raisedFrom, Instant raisedTo) {
            return call(e -> e.alertIds(open, twin, raisedFrom, raisedTo));
        }

        @Override
        public List<Event> alertEvents(String alertId) {
            return call(e -> e.alertEvents(alertId));
        }

        @Override
        public Map<String, List<Event>> alertEvents(java.util.Collection<String> alertIds) {
            return call(e -> e.alertEvents(alertIds));
        }

        @Override
        public long enforceRetention(Map<EventKind, Duration> retention, Instant now) {
            return call(e -> e.enforceRetention(retention, now));
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
