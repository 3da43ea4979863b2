package io.minetwin.store;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.PointBatch;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchInterface;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History on RocksDB as compressed per-series chunks with a write-ahead log and rollups.
 *
 * <h2>Layout</h2>
 * Each series has an in-memory head chunk covering at most one aligned chunk window and {@code
 * chunkMaxSamples} samples; a full head is sealed into the {@code chunks} family under {@code
 * (series id, tier, window start, chunk sequence)}. Open rollup blocks live in memory the same way
 * and are sealed into {@code rollup_1m} / {@code rollup_1h} under {@code (series id, tier, start)}.
 * See {@link ChunkCodec} and {@link RollupBlock} for the value formats, {@link Keys} for the keys.
 *
 * <h2>Span tiers</h2>
 * A series sampled every 10 minutes would fill a 2-hour chunk with 12 samples and an hour of minute
 * buckets with 6, so it would cost several records per dozen samples. So windows come in tiers:
 * chunks of 2 h, 1 d or 16 d, minute blocks of 1 h or 1 d, hour blocks of 1 d or 16 d. A head takes
 * its tier when it opens: the smallest whose window holds {@code chunkMaxSamples} samples at the
 * series' spacing (the mean gap of its last sealed head, else its last gap), so a 1 Hz series stays
 * at 2 h and a 10-minute series gets 16 d chunks of {@code chunkMaxSamples} samples. A block opening
 * for a series spaced 5 minutes or more takes tier 1 unless an earlier block of the series could
 * reach into it; blocks of a series thus never overlap, and a backfill finds the one block holding
 * an hour by probing both tiers. Chunks of different tiers may overlap in time; they hold different
 * samples except where a backfill overwrites, and there sequences decide as below. A raw read seeks
 * each tier the series has used from the start of that tier's window holding {@code from} and merges;
 * a rollup read does the same per block tier and orders the blocks by start. Retention deletes a
 * chunk or block when its whole window has expired, so data outlives retention by up to one window.
 *
 * <h2>Durability</h2>
 * An append writes one RocksDB batch holding its in-order samples, every chunk and block the batch
 * sealed, and its out-of-order samples as backfill chunks. In-order samples reach that batch one of
 * two ways. A batch with few samples per series (live ingest: one per series) puts a compact record
 * of them in the {@code wal} family. A batch with at least {@code max(16, chunkMaxSamples / 2)}
 * samples per series it names (a bulk import) instead puts the open head and blocks of every series
 * it advanced as partial records, which costs about a byte per sample once rather than a log record
 * per sample plus the head later. RocksDB's own log reaches the OS before {@code write} returns, so
 * an acknowledged batch survives the death of the process. Every {@code checkpointBytes} of log, and
 * on close, a checkpoint writes the open heads and blocks as partial records and deletes the log in
 * one batch. On open, heads and blocks are rebuilt from those records (the head from the non-backfill
 * chunk with the highest sequence, a block from the one with the latest start, over all tiers) and
 * the log is replayed, skipping samples at or before what a series' records already hold: exact,
 * because only in-order samples go through heads and the log, and partial records only move forward.
 *
 * <h2>Ordering of writes</h2>
 * A head takes its chunk sequence when it opens, a backfill chunk when it is written. A backfill
 * sample has a time at or before the head's last, so every head sample it may replace was appended
 * before it, under a lower sequence; reads merge runs by time and let the higher sequence win.
 * A backfill also writes its series' head and open blocks as partial records, so that a replay
 * after a crash rebuilds that head under the same sequence. Backfill chunks take the tier that fits
 * the spacing of the backfilled samples.
 *
 * <h2>Concurrency</h2>
 * {@code state} guards all in-memory state (heads, blocks, dictionary, sequences). Appends,
 * checkpoints and the retention sweep's memory part hold it exclusively, including while RocksDB
 * writes their batch, so memory and disk change together as seen by readers. A raw read copies
 * the head under the shared lock, releases it, then scans the chunks: a head sealed in between
 * reaches disk under the same sequence with the same samples, so the merge loses nothing and counts
 * nothing twice. A rollup read copies the open blocks and takes a RocksDB snapshot under the shared
 * lock, then scans the snapshot without it: an open block and its partial record cannot be ordered
 * otherwise, and a long read must not make appends wait. The {@link Guard} keeps the database open while any
 * operation runs. A failed RocksDB write leaves memory ahead of disk, so the history then refuses
 * further appends and marks the store degraded; the store heals by reopening its database, which
 * builds a new history from disk (see {@link RocksStore}). Until then, reads may still show the refused
 * batch that memory took before the write failed; it was never acknowledged, the reopen drops it, and
 * the engine's ingest retries it.
 *
 * <h2>Sync</h2>
 * With {@link Durability#ACKNOWLEDGED}, an append takes a {@link GroupCommit} ticket under the lock
 * after its write and waits for the fsync after releasing it, so concurrent appends share a sync.
 */
final class RocksHistory implements History {

    private static final Logger LOG = LoggerFactory.getLogger(RocksHistory.class);
    private static final byte[] META_CHECKPOINT = "history.checkpoint".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] META_CHUNK_SEQ = "history.chunk-seq".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Column families the history uses; the store owns them. */
    record Families(ColumnFamilyHandle meta, ColumnFamilyHandle series, ColumnFamilyHandle wal,
                    ColumnFamilyHandle chunks, ColumnFamilyHandle minute, ColumnFamilyHandle hour) {
        ColumnFamilyHandle rollup(Resolution resolution) {
            return resolution == Resolution.MINUTE ? minute : hour;
        }
    }

    /** In-memory state of one series; guarded by {@link #state}. */
    private static final class Series {
        final int id;
        final SeriesKey key;
        /** Time of the last in-order sample, the head's or a sealed chunk's; MIN_VALUE if none. */
        long lastTime = Long.MIN_VALUE;
        /** Gap between the last two in-order samples, and the mean gap of the last sealed head; 0 if unknown. */
        long lastGap;
        long meanGap;
        int headTier;
        long headWindow;
        long headSeq;
        /** Bit t set: the series may have chunks of tier t on disk (reads skip the other tiers). */
        int chunkTiers;
        /** The append that last took an in-order sample of this series. */
        long appendMark;
        /**
         * The head's samples interleaved as (time, double bits) so that taking a sample touches one
         * array; qualities stay null while every sample is good.
         */
        long[] head = new long[32];
        byte[] qualities;
        int size;
        boolean headDirty;
        /** Open blocks, or null. */
        RollupBlock minute;
        RollupBlock hour;
        boolean minuteDirty;
        boolean hourDirty;
        /** Time of the last sample folded into each tier's blocks, for log replay. */
        long minuteLast = Long.MIN_VALUE;
        long hourLast = Long.MIN_VALUE;
        /**
         * The minute bucket being filled, kept in fields and folded into both tiers' blocks when
         * the minute ends (or before anything reads or writes the blocks): one sample then costs a
         * few field updates instead of two block updates.
         */
        long curMinute = Long.MIN_VALUE;
        long curLast;
        long curCount;
        double curMin;
        double curMax;
        double curSum;

        Series(int id, SeriesKey key) {
            this.id = id;
            this.key = key;
        }

        void push(long time, double value, byte quality) {
            if (2 * size == head.length) {
                head = Arrays.copyOf(head, head.length * 2);
            }
            head[2 * size] = time;
            head[2 * size + 1] = Double.doubleToRawLongBits(value);
            if (quality != 0 || qualities != null) {
                if (qualities == null) {
                    qualities = new byte[head.length / 2];
                } else if (qualities.length < head.length / 2) {
                    qualities = Arrays.copyOf(qualities, head.length / 2);
                }
                qualities[size] = quality;
            }
            size++;
            headDirty = true;
        }

        void clearHead() {
            size = 0;
            qualities = null;
            headDirty = false;
        }

        long headTime(int i) {
            return head[2 * i];
        }

        /** The typical gap between samples, from the last sealed head or else the last gap; 0 if unknown. */
        long spacing() {
            return meanGap > 0 ? meanGap : lastGap;
        }

        /** A copy of the head as columns. */
        ChunkCodec.Chunk headCopy() {
            long[] t = new long[size];
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                t[i] = head[2 * i];
                v[i] = Double.longBitsToDouble(head[2 * i + 1]);
            }
            byte[] q = qualities == null ? new byte[size] : Arrays.copyOf(qualities, size);
            return new ChunkCodec.Chunk(ChunkCodec.KIND_PARTIAL, t, v, q, size);
        }

        byte[] encodeHead(byte kind) {
            ChunkCodec.Chunk c = headCopy();
            return ChunkCodec.encode(kind, c.times(), c.values(), c.qualities(), 0, c.size());
        }

        void addToCurrentMinute(double v) {
            if (curCount == 0) {
                curMin = v;
                curMax = v;
                curSum = v;
            } else {
                curMin = Math.min(curMin, v);
                curMax = Math.max(curMax, v);
                curSum += v;
            }
            curCount++;
        }

        RollupBlock block(Resolution r) {
            return r == Resolution.MINUTE ? minute : hour;
        }

        void block(Resolution r, RollupBlock b) {
            if (r == Resolution.MINUTE) {
                minute = b;
            } else {
                hour = b;
            }
        }

        void dirty(Resolution r, boolean dirty) {
            if (r == Resolution.MINUTE) {
                minuteDirty = dirty;
            } else {
                hourDirty = dirty;
            }
        }

        boolean dirty(Resolution r) {
            return r == Resolution.MINUTE ? minuteDirty : hourDirty;
        }

        void tierLast(Resolution r, long t) {
            if (r == Resolution.MINUTE) {
                minuteLast = t;
            } else {
                hourLast = t;
            }
        }
    }

    private static final Resolution[] TIERS = {Resolution.MINUTE, Resolution.HOUR};

    private final RocksDB db;
    private final Families cf;
    private final Guard guard;
    private final WriteOptions writeOptions;
    private final RetentionPolicy retention;
    private final long checkpointBytes;
    private final int chunkMaxSamples;

    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final Map<SeriesKey, Series> byKey = new HashMap<>();
    private final List<Series> byId = new ArrayList<>();
    private static final int MAX_IDENTITY_SLOTS = 1 << 21;
    /**
     * Open-addressing table (linear probing, at most half full) of the key instances append has seen, by
     * identity; emptied when it would outgrow {@link #MAX_IDENTITY_SLOTS}. Guarded by the write lock.
     */
    private SeriesKey[] identityKeys = new SeriesKey[1024];
    private Series[] identitySeries = new Series[1024];
    private int identityCount;
    /** Each point's series during an append; guarded by the write lock. */
    private Series[] resolved = new Series[1024];
    private long nextChunkSeq;
    private long appends;
    private long nextWalSeq;
    private long walBytes;
    private boolean closed;
    private StoreException failure;
    private final StoreFaults faults;
    private final GroupCommit commit;

    RocksHistory(RocksDB db, Families cf, Guard guard, WriteOptions writeOptions, RetentionPolicy retention,
                 long checkpointBytes, int chunkMaxSamples, StoreFaults faults, GroupCommit commit) {
        this.faults = faults;
        this.commit = commit;
        this.db = db;
        this.cf = cf;
        this.guard = guard;
        this.writeOptions = writeOptions;
        this.retention = retention;
        this.checkpointBytes = checkpointBytes;
        this.chunkMaxSamples = chunkMaxSamples;
        recover();
    }

    // ---------------------------------------------------------------- append

    @Override
    public void append(List<Point> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Point.checkTimes(batch);
        appendColumns(PointBatch.of(batch));
    }

    @Override
    public void append(PointBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        batch.checkTimes();
        appendColumns(batch);
    }

    private void appendColumns(PointBatch batch) {
        int n = batch.size();
        guard.enter();
        try {
            long ticket;
            state.writeLock().lock();
            try {
                checkWritable();
                try (WriteBatchWithIndex wb = new WriteBatchWithIndex(true)) {
                    long mark = ++appends;
                    // Resolve every point's series once, and count the series: a batch with many samples per
                    // series persists its series' heads and blocks instead of logging every sample (see the
                    // class comment).
                    if (resolved.length < n) {
                        resolved = new Series[Math.max(n, resolved.length * 2)];
                    }
                    Series[] ss = resolved;
                    int distinct = 0;
                    for (int i = 0; i < n; i++) {
                        Series s = seriesFor(batch.series(i), wb);
                        ss[i] = s;
                        if (s.appendMark != -mark) {
                            s.appendMark = -mark;
                            distinct++;
                        }
                    }
                    boolean logged = n < (long) distinct * logThreshold();
                    WalCodec wal = logged ? new WalCodec() : null;
                    List<Series> touched = logged ? null : new ArrayList<>(distinct);
                    Map<Series, List<Point>> backfills = null;
                    for (int i = 0; i < n; i++) {
                        Series s = ss[i];
                        long time = batch.time(i);
                        double value = batch.value(i);
                        byte q = batch.qualityCode(i);
                        if (time > s.lastTime) {
                            ingest(s, time, value, q, wb, true, true, true);
                            if (logged) {
                                wal.add(s.id, time, value, q);
                            } else if (s.appendMark != mark) {
                                s.appendMark = mark;
                                touched.add(s);
                            }
                        } else {
                            if (backfills == null) {
                                backfills = new LinkedHashMap<>();
                            }
                            backfills.computeIfAbsent(s, x -> new ArrayList<>()).add(batch.point(i));
                        }
                    }
                    Arrays.fill(ss, 0, n, null);
                    byte[] record = logged ? wal.finish() : null;
                    if (record != null) {
                        wb.put(cf.wal(), Keys.seq(nextWalSeq++), record);
                    }
                    if (touched != null) {
                        for (Series s : touched) {
                            persistOpen(s, wb);
                        }
                    }
                    if (backfills != null) {
                        for (Map.Entry<Series, List<Point>> e : backfills.entrySet()) {
                            backfill(e.getKey(), e.getValue(), wb);
                        }
                    }
                    wb.put(cf.meta(), META_CHUNK_SEQ, Keys.seq(nextChunkSeq));
                    write(wb, "append of " + n + " points");
                    walBytes += record == null ? 0 : record.length;
                } catch (RocksDBException e) {
                    throw fail("append of " + n + " points", e);
                } catch (RuntimeException e) {
                    // Memory may already hold part of the batch; only a reopen makes it match disk again.
                    if (failure == null) {
                        failure = faults.failed("history append of " + n + " points", e);
                    }
                    throw e;
                }
                if (walBytes >= checkpointBytes) {
                    checkpoint();
                }
                ticket = commit.written();
            } finally {
                state.writeLock().unlock();
            }
            try {
                // Outside the lock, so that appends from other threads share this fsync.
                commit.await(ticket);
            } catch (StoreException e) {
                state.writeLock().lock();
                try {
                    if (failure == null) {
                        failure = faults.failed("history sync of " + n + " points", e.getCause() == null ? e : e.getCause());
                    }
                } finally {
                    state.writeLock().unlock();
                }
                throw failure;
            }
        } finally {
            guard.exit();
        }
    }

    /**
     * Samples per series from which an append writes the open heads and blocks of its series rather
     * than a log record: rewriting a head costs about as much as logging half a chunk of samples.
     */
    private int logThreshold() {
        return Math.max(16, chunkMaxSamples / 2);
    }

    /** Writes the open head and blocks of {@code s} as partial records, so that they need no log. */
    private void persistOpen(Series s, WriteBatchInterface wb) throws RocksDBException {
        if (s.headDirty && s.size > 0) {
            wb.put(cf.chunks(), Keys.chunk(s.id, s.headTier, s.headWindow, s.headSeq), s.encodeHead(ChunkCodec.KIND_PARTIAL));
            s.chunkTiers |= 1 << s.headTier;
            s.headDirty = false;
        }
        flushMinute(s, wb);
        for (Resolution r : TIERS) {
            RollupBlock b = s.block(r);
            if (b != null && s.dirty(r)) {
                wb.put(cf.rollup(r), Keys.seriesTime(s.id, b.tier, b.start), b.encode());
                s.dirty(r, false);
            }
        }
    }

    /** The chunk tier for a head opening now: the smallest whose window holds a full chunk at the series' spacing. */
    private int chunkTier(long spacing) {
        int last = Keys.CHUNK_WINDOWS.length - 1;
        if (spacing <= 0) {
            return 0;
        }
        for (int t = 0; t < last; t++) {
            if (Keys.CHUNK_WINDOWS[t] / spacing >= chunkMaxSamples) {
                return t;
            }
        }
        return last;
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("history is closed; open the store again to append");
        }
        if (failure != null) {
            throw faults.refused("history appends");
        }
    }

    private void write(WriteBatch wb, String what) {
        try {
            db.write(writeOptions, wb);
        } catch (RocksDBException e) {
            throw fail(what, e);
        }
    }

    private void write(WriteBatchWithIndex wb, String what) {
        try {
            db.write(writeOptions, wb);
        } catch (RocksDBException e) {
            throw fail(what, e);
        }
    }

    private StoreException fail(String what, Exception e) {
        failure = faults.failed("history " + what + " (RocksDB write)", e);
        return failure;
    }

    private Series seriesFor(SeriesKey key, WriteBatchWithIndex wb) throws RocksDBException {
        // Callers usually pass the same key instances again and again; an identity hit costs a probe or two,
        // where hashing a key walks four strings and comparing one walks them again.
        int mask = identityKeys.length - 1;
        int slot = System.identityHashCode(key) & mask;
        for (SeriesKey k; (k = identityKeys[slot]) != null; slot = (slot + 1) & mask) {
            if (k == key) {
                return identitySeries[slot];
            }
        }
        Series s = byKey.get(key);
        if (s == null) {
            s = new Series(byId.size(), key);
            wb.put(cf.series(), seriesIdKey(s.id), Keys.encodeSeries(key));
            byKey.put(key, s);
            byId.add(s);
        }
        if (2 * (identityCount + 1) > identityKeys.length) {
            growIdentity();
            mask = identityKeys.length - 1;
            slot = System.identityHashCode(key) & mask;
            while (identityKeys[slot] != null) {
                slot = (slot + 1) & mask;
            }
        }
        identityKeys[slot] = key;
        identitySeries[slot] = s;
        identityCount++;
        return s;
    }

    /** Doubles the identity table, or empties it when it is at its largest (callers making keys anew). */
    private void growIdentity() {
        SeriesKey[] oldKeys = identityKeys;
        Series[] oldSeries = identitySeries;
        if (oldKeys.length >= MAX_IDENTITY_SLOTS) {
            Arrays.fill(identityKeys, null);
            Arrays.fill(identitySeries, null);
            identityCount = 0;
            return;
        }
        identityKeys = new SeriesKey[oldKeys.length * 2];
        identitySeries = new Series[oldKeys.length * 2];
        int mask = identityKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            SeriesKey k = oldKeys[i];
            if (k != null) {
                int slot = System.identityHashCode(k) & mask;
                while (identityKeys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                identityKeys[slot] = k;
                identitySeries[slot] = oldSeries[i];
            }
        }
    }

    private static byte[] seriesIdKey(int id) {
        byte[] k = new byte[4];
        Bytes.putInt(k, 0, id);
        return k;
    }

    /**
     * Takes one in-order sample into the head and the rollups, sealing what it leaves behind into
     * {@code wb}. The flags let log replay skip what is already on disk.
     */
    private void ingest(Series s, long t, double v, byte q, WriteBatchWithIndex wb,
                        boolean head, boolean minute, boolean hour) throws RocksDBException {
        if (head) {
            if (s.size > 0 && (Keys.chunkWindow(s.headTier, t) != s.headWindow || s.size >= chunkMaxSamples)) {
                if (s.size > 1) {
                    s.meanGap = (s.headTime(s.size - 1) - s.headTime(0)) / (s.size - 1);
                }
                wb.put(cf.chunks(), Keys.chunk(s.id, s.headTier, s.headWindow, s.headSeq), s.encodeHead(ChunkCodec.KIND_SEALED));
                s.chunkTiers |= 1 << s.headTier;
                s.clearHead();
            }
            if (s.lastTime != Long.MIN_VALUE) {
                s.lastGap = t - s.lastTime;
            }
            if (s.size == 0) {
                s.headTier = chunkTier(s.spacing());
                s.headWindow = Keys.chunkWindow(s.headTier, t);
                s.headSeq = nextChunkSeq++;
            }
            s.push(t, v, q);
            s.lastTime = t;
        }
        if (minute && hour) {
            long m = Math.floorDiv(t, Resolution.MINUTE.bucketMillis()) * Resolution.MINUTE.bucketMillis();
            if (m != s.curMinute) {
                flushMinute(s, wb);
                s.curMinute = m;
            }
            if (RollupBlock.counts(v, q)) {
                s.addToCurrentMinute(v);
            }
            s.curLast = t;
        } else if (minute || hour) {
            // Log replay where one tier's blocks already hold this sample: fold into the other directly.
            flushMinute(s, wb);
            Resolution r = minute ? Resolution.MINUTE : Resolution.HOUR;
            RollupBlock b = openBlock(s, r, t, wb);
            if (RollupBlock.counts(v, q)) {
                b.add(t, v);
            }
            b.watermark = t;
            s.tierLast(r, t);
            s.dirty(r, true);
        }
    }

    /** Folds the minute being filled into the open blocks of both tiers. */
    private void flushMinute(Series s, WriteBatchInterface wb) throws RocksDBException {
        if (s.curMinute == Long.MIN_VALUE) {
            return;
        }
        for (Resolution r : TIERS) {
            RollupBlock b = openBlock(s, r, s.curMinute, wb);
            if (s.curCount > 0) {
                b.merge(b.bucketIndex(s.curMinute), s.curMin, s.curMax, s.curSum, s.curCount);
            }
            b.watermark = s.curLast;
            s.tierLast(r, s.curLast);
            s.dirty(r, true);
        }
        s.curMinute = Long.MIN_VALUE;
        s.curCount = 0;
    }

    /** The open block of tier {@code r} holding {@code t}, sealing the previous one into {@code wb}. */
    private RollupBlock openBlock(Series s, Resolution r, long t, WriteBatchInterface wb) throws RocksDBException {
        RollupBlock b = s.block(r);
        if (b == null || !b.covers(t)) {
            int tier = rollupTier(s, r, t);
            long start = RollupBlock.blockStart(r, tier, t);
            if (b != null) {
                b.sealed = true;
                wb.put(cf.rollup(r), Keys.seriesTime(s.id, b.tier, b.start), b.encode());
            }
            // Nothing else refers to a sealed block (readers use blocks under the lock), so its
            // arrays can serve the next one.
            if (b != null && b.tier == tier) {
                b.reset(start);
            } else {
                b = new RollupBlock(r, tier, start);
                s.block(r, b);
            }
        }
        return b;
    }

    /**
     * The tier of a block opening for in-order time {@code t}: tier 1 for a sparse series, provided
     * the block cannot overlap an earlier one. Every earlier block of the series (in-order, or
     * written by a backfill, which only reaches back from the last in-order sample) holds only times
     * at or before the tier's watermark, so a tier 1 block starting after the watermark overlaps none.
     */
    private static int rollupTier(Series s, Resolution r, long t) {
        long spacing = s.spacing();
        if (spacing < RollupBlock.SPARSE_SPACING_MILLIS) {
            return 0;
        }
        long last = r == Resolution.MINUTE ? s.minuteLast : s.hourLast;
        return last < RollupBlock.blockStart(r, 1, t) ? 1 : 0;
    }

    /**
     * Writes out-of-order samples as their own chunks and recomputes the rollup buckets they touch
     * from raw. Also writes the series' head and open blocks as partial records (see the class
     * comment on ordering).
     */
    private void backfill(Series s, List<Point> points, WriteBatchWithIndex wb) throws RocksDBException {
        // Stable sort by time, then keep the last point of each time: a later write wins.
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
        int n = 0;
        long[] times = new long[sorted.size()];
        double[] values = new double[sorted.size()];
        byte[] qualities = new byte[sorted.size()];
        for (Point p : sorted) {
            if (n > 0 && times[n - 1] == p.time()) {
                n--;
            }
            times[n] = p.time();
            values[n] = p.value();
            qualities[n] = (byte) p.quality().code();
            n++;
        }
        int tier = chunkTier(n > 1 ? (times[n - 1] - times[0]) / (n - 1) : 0);
        int from = 0;
        while (from < n) {
            long window = Keys.chunkWindow(tier, times[from]);
            int to = from + 1;
            while (to < n && to - from < chunkMaxSamples && Keys.chunkWindow(tier, times[to]) == window) {
                to++;
            }
            wb.put(cf.chunks(), Keys.chunk(s.id, tier, window, nextChunkSeq++),
                    ChunkCodec.encode(ChunkCodec.KIND_BACKFILL, times, values, qualities, from, to - from));
            from = to;
        }
        s.chunkTiers |= 1 << tier;
        if (s.size > 0) {
            wb.put(cf.chunks(), Keys.chunk(s.id, s.headTier, s.headWindow, s.headSeq), s.encodeHead(ChunkCodec.KIND_PARTIAL));
            s.chunkTiers |= 1 << s.headTier;
            s.headDirty = false;
        }
        flushMinute(s, wb);

        // Hours touched, each with the minute buckets touched in it. Minute buckets are recomputed
        // from raw, the hour bucket from its 60 recomputed minutes, as ingest builds it.
        TreeMap<Long, boolean[]> hours = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long h = Resolution.HOUR.bucketStart(times[i]);
            boolean[] minutes = hours.computeIfAbsent(h, x -> new boolean[60]);
            minutes[(int) ((times[i] - h) / Resolution.MINUTE.bucketMillis())] = true;
        }
        Map<Long, RollupBlock> changedMinute = new LinkedHashMap<>();
        Map<Long, RollupBlock> changedHour = new LinkedHashMap<>();
        for (Map.Entry<Long, boolean[]> e : hours.entrySet()) {
            long h = e.getKey();
            SeriesData raw = readMerged(s, h, h + Resolution.HOUR.bucketMillis(), wb);
            RollupBlock fresh = new RollupBlock(Resolution.MINUTE, h);
            for (int i = 0; i < raw.size(); i++) {
                if (RollupBlock.counts(raw.values()[i], raw.qualities()[i])) {
                    fresh.add(raw.times()[i], raw.values()[i]);
                }
            }
            RollupBlock mb = blockForUpdate(s, Resolution.MINUTE, h, changedMinute, wb);
            boolean[] touched = e.getValue();
            int base = mb.bucketIndex(h);
            for (int m = 0; m < 60; m++) {
                if (touched[m]) {
                    mb.clearBucket(base + m);
                    mb.merge(base + m, fresh.min[m], fresh.max[m], fresh.sum[m], fresh.count[m]);
                }
            }
            RollupBlock hb = blockForUpdate(s, Resolution.HOUR, h, changedHour, wb);
            int hi = hb.bucketIndex(h);
            hb.clearBucket(hi);
            for (int m = 0; m < 60; m++) {
                hb.merge(hi, fresh.min[m], fresh.max[m], fresh.sum[m], fresh.count[m]);
            }
        }
        for (RollupBlock b : changedMinute.values()) {
            wb.put(cf.minute(), Keys.seriesTime(s.id, b.tier, b.start), b.encode());
        }
        for (RollupBlock b : changedHour.values()) {
            wb.put(cf.hour(), Keys.seriesTime(s.id, b.tier, b.start), b.encode());
        }
        for (Resolution r : TIERS) {
            RollupBlock open = s.block(r);
            if (open != null && s.dirty(r)) {
                wb.put(cf.rollup(r), Keys.seriesTime(s.id, open.tier, open.start), open.encode());
                s.dirty(r, false);
            }
        }
    }

    /**
     * The block holding hour {@code h} to update for a backfill: the open one, one changed earlier in
     * this batch, the stored one of either tier (blocks do not overlap, so at most one holds it) or a
     * new tier 0 one. {@code changed} is keyed by block start and tier.
     */
    private RollupBlock blockForUpdate(Series s, Resolution r, long h, Map<Long, RollupBlock> changed,
                                       WriteBatchWithIndex wb) throws RocksDBException {
        RollupBlock open = s.block(r);
        if (open != null && open.covers(h)) {
            s.dirty(r, true);
            return open;
        }
        for (int tier = RollupBlock.TIERS - 1; tier >= 0; tier--) {
            long start = RollupBlock.blockStart(r, tier, h);
            RollupBlock b = changed.get(changedKey(tier, start));
            if (b != null) {
                return b;
            }
            try (ReadOptions ro = new ReadOptions()) {
                byte[] bytes = wb.getFromBatchAndDB(db, cf.rollup(r), ro, Keys.seriesTime(s.id, tier, start));
                if (bytes != null) {
                    b = RollupBlock.decode(r, tier, start, bytes);
                    changed.put(changedKey(tier, start), b);
                    return b;
                }
            }
        }
        long start = RollupBlock.blockStart(r, 0, h);
        RollupBlock b = new RollupBlock(r, 0, start);
        b.sealed = true;
        changed.put(changedKey(0, start), b);
        return b;
    }

    /** Block starts are multiples of an hour, so the low bit is free for the tier. */
    private static long changedKey(int tier, long start) {
        return start | tier;
    }

    // ---------------------------------------------------------------- checkpoint and recovery

    /** Writes open heads and blocks as partial records and drops the log they cover; holds the write lock. */
    private void checkpoint() {
        if (failure != null) {
            return;
        }
        try (WriteBatch wb = new WriteBatch()) {
            int heads = 0;
            for (Series s : byId) {
                if (s.headDirty && s.size > 0) {
                    heads++;
                }
                persistOpen(s, wb);
            }
            wb.put(cf.meta(), META_CHECKPOINT, Keys.seq(nextWalSeq));
            wb.put(cf.meta(), META_CHUNK_SEQ, Keys.seq(nextChunkSeq));
            wb.deleteRange(cf.wal(), Keys.seq(0), Keys.seq(nextWalSeq));
            write(wb, "checkpoint");
            LOG.debug("history checkpoint: {} heads, {} log bytes dropped", heads, walBytes);
            walBytes = 0;
        } catch (RocksDBException e) {
            throw fail("checkpoint", e);
        }
    }

    private void recover() {
        try (ReadOptions ro = new ReadOptions()) {
            byte[] seq = db.get(cf.meta(), ro, META_CHUNK_SEQ);
            nextChunkSeq = seq == null ? 0 : Bytes.getLong(seq, 0);
            byte[] cp = db.get(cf.meta(), ro, META_CHECKPOINT);
            nextWalSeq = cp == null ? 0 : Bytes.getLong(cp, 0);
            try (RocksIterator it = db.newIterator(cf.series(), ro)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    int id = Bytes.getInt(it.key(), 0);
                    if (id != byId.size()) {
                        throw new StoreException("series dictionary has id " + id + " where " + byId.size()
                                + " was expected; the store is damaged, restore it from a backup");
                    }
                    Series s = new Series(id, Keys.decodeSeries(it.value()));
                    byId.add(s);
                    byKey.put(s.key, s);
                }
            }
            try (RocksIterator chunks = db.newIterator(cf.chunks(), ro);
                 RocksIterator minutes = db.newIterator(cf.minute(), ro);
                 RocksIterator hours = db.newIterator(cf.hour(), ro)) {
                for (Series s : byId) {
                    recoverHead(s, chunks);
                    recoverBlock(s, Resolution.MINUTE, minutes);
                    recoverBlock(s, Resolution.HOUR, hours);
                }
            }
            int replayed = replay(ro);
            if (replayed > 0) {
                LOG.info("history recovered {} log records", replayed);
            }
            checkpoint();
        } catch (RocksDBException e) {
            throw new StoreException("history could not be recovered from RocksDB: " + e.getMessage(), e);
        }
    }

    /**
     * Rebuilds the head of {@code s} from the last non-backfill chunk of any tier: heads take their
     * sequence when they open, in time order, so the one with the highest sequence is the latest.
     */
    private void recoverHead(Series s, RocksIterator it) {
        byte[] bestKey = null;
        byte[] bestValue = null;
        for (int tier = 0; tier < Keys.CHUNK_WINDOWS.length; tier++) {
            boolean last = true;
            for (it.seekForPrev(Keys.tierEnd(s.id, tier)); it.isValid() && Keys.seriesId(it.key()) == s.id
                    && Keys.tier(it.key()) == tier; it.prev()) {
                byte[] key = it.key();
                s.chunkTiers |= 1 << tier;
                if (last) {
                    // Backfill chunks may hold later sequences than the last head chunk. The stored
                    // counter is written with every batch, so this is only a safety net.
                    nextChunkSeq = Math.max(nextChunkSeq, Keys.chunkSeq(key) + 1);
                    last = false;
                }
                byte[] value = it.value();
                if (ChunkCodec.kind(value) == ChunkCodec.KIND_BACKFILL) {
                    continue;
                }
                if (bestKey == null || Keys.chunkSeq(key) > Keys.chunkSeq(bestKey)) {
                    bestKey = key;
                    bestValue = value;
                }
                break;
            }
        }
        if (bestKey == null) {
            return;
        }
        ChunkCodec.Chunk c = ChunkCodec.decode(bestValue);
        s.lastTime = c.lastTime();
        if (c.size() > 1) {
            s.meanGap = (c.lastTime() - c.firstTime()) / (c.size() - 1);
        }
        if (c.kind() == ChunkCodec.KIND_PARTIAL) {
            s.headTier = Keys.tier(bestKey);
            s.headWindow = Keys.time(bestKey);
            s.headSeq = Keys.chunkSeq(bestKey);
            for (int i = 0; i < c.size(); i++) {
                s.push(c.times()[i], c.values()[i], c.qualities()[i]);
            }
            s.headDirty = false;
        }
    }

    /** Rebuilds the open block of tier {@code r}: the stored block with the latest start, of either span tier. */
    private void recoverBlock(Series s, Resolution r, RocksIterator it) {
        RollupBlock latest = null;
        for (int tier = 0; tier < RollupBlock.TIERS; tier++) {
            it.seekForPrev(Keys.tierEnd(s.id, tier));
            if (it.isValid() && Keys.seriesId(it.key()) == s.id && Keys.tier(it.key()) == tier) {
                long start = Keys.time(it.key());
                if (latest == null || start > latest.start) {
                    latest = RollupBlock.decode(r, tier, start, it.value());
                }
            }
        }
        if (latest != null) {
            s.tierLast(r, latest.watermark);
            if (!latest.sealed) {
                s.block(r, latest);
            }
        }
    }

    private int replay(ReadOptions ro) throws RocksDBException {
        int records = 0;
        try (WriteBatchWithIndex wb = new WriteBatchWithIndex(true);
             RocksIterator it = db.newIterator(cf.wal(), ro)) {
            RocksDBException[] error = new RocksDBException[1];
            for (it.seekToFirst(); it.isValid(); it.next()) {
                nextWalSeq = Math.max(nextWalSeq, Bytes.getLong(it.key(), 0) + 1);
                records++;
                WalCodec.decode(it.value(), (id, t, v, q) -> {
                    if (id < 0 || id >= byId.size()) {
                        throw new StoreException("write-ahead record names series id " + id + " but the dictionary has "
                                + byId.size() + "; the store is damaged, restore it from a backup");
                    }
                    Series s = byId.get(id);
                    try {
                        ingest(s, t, v, q, wb, t > s.lastTime, t > s.minuteLast, t > s.hourLast);
                    } catch (RocksDBException e) {
                        error[0] = e;
                    }
                });
                if (error[0] != null) {
                    throw error[0];
                }
            }
            if (wb.count() > 0) {
                wb.put(cf.meta(), META_CHUNK_SEQ, Keys.seq(nextChunkSeq));
                write(wb, "log replay");
            }
        }
        return records;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public SeriesData read(SeriesKey key, long from, long to) {
        from = Math.max(from, Point.MIN_TIME);
        to = Math.min(to, Point.MAX_TIME + 1);
        if (from >= to) {
            return SeriesData.EMPTY;
        }
        guard.enter();
        try {
            Series s;
            int tiers;
            SampleMerge merge = new SampleMerge(from, to);
            state.readLock().lock();
            try {
                s = byKey.get(key);
                if (s == null) {
                    return SeriesData.EMPTY;
                }
                tiers = s.chunkTiers;
                if (s.size > 0 && s.headTime(0) < to && s.headTime(s.size - 1) >= from) {
                    ChunkCodec.Chunk c = s.headCopy();
                    merge.add(s.headSeq, c.times(), c.values(), c.qualities(), c.size());
                }
            } finally {
                state.readLock().unlock();
            }
            try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(cf.chunks(), ro)) {
                scanChunks(s.id, tiers, from, to, it, merge);
            }
            return merge.result();
        } finally {
            guard.exit();
        }
    }

    /**
     * Adds the chunks of the tiers in {@code tiers} (a bit mask) that may hold samples in {@code
     * [from, to)}: each tier is scanned from the start of its window holding {@code from}.
     */
    private static void scanChunks(int id, int tiers, long from, long to, RocksIterator it, SampleMerge merge) {
        for (int tier = 0; tier < Keys.CHUNK_WINDOWS.length; tier++) {
            if ((tiers & (1 << tier)) == 0) {
                continue;
            }
            for (it.seek(Keys.seriesTime(id, tier, Keys.chunkWindow(tier, from))); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (Keys.seriesId(key) != id || Keys.tier(key) != tier || Keys.time(key) >= to) {
                    break;
                }
                ChunkCodec.Chunk c = ChunkCodec.decode(it.value());
                merge.add(Keys.chunkSeq(key), c.times(), c.values(), c.qualities(), c.size());
            }
        }
    }

    /** Raw samples as this append will leave them: memory, disk and the batch being built. */
    private SeriesData readMerged(Series s, long from, long to, WriteBatchWithIndex wb) {
        SampleMerge merge = new SampleMerge(from, to);
        if (s.size > 0) {
            ChunkCodec.Chunk c = s.headCopy();
            merge.add(s.headSeq, c.times(), c.values(), c.qualities(), c.size());
        }
        try (ReadOptions ro = new ReadOptions();
             RocksIterator base = db.newIterator(cf.chunks(), ro);
             org.rocksdb.RocksIterator it = wb.newIteratorWithBase(cf.chunks(), base, ro)) {
            scanChunks(s.id, s.chunkTiers, from, to, it, merge);
        }
        return merge.result();
    }

    @Override
    public RollupData readRollup(SeriesKey key, Resolution resolution, long from, long to) {
        if (resolution == Resolution.RAW) {
            throw new IllegalArgumentException("readRollup takes MINUTE or HOUR; use read(series, from, to) for raw samples");
        }
        if (from >= to) {
            return RollupData.empty(resolution);
        }
        guard.enter();
        Snapshot snapshot = null;
        try {
            int id;
            RollupBlock open;
            RollupBlock extra = null;
            state.readLock().lock();
            try {
                Series s = byKey.get(key);
                if (s == null) {
                    return RollupData.empty(resolution);
                }
                id = s.id;
                // In memory: the open block, with the minute being filled merged into a copy of it (or
                // into a block of its own when that minute is past the open block). They replace stored
                // copies with the same tier and start. Copies and a RocksDB snapshot taken together under
                // the lock give a consistent view, so the scan below runs without the lock and appends
                // never wait for a long read.
                open = s.block(resolution) == null ? null : s.block(resolution).copy();
                if (s.curMinute != Long.MIN_VALUE && s.curCount > 0) {
                    RollupBlock withMinute;
                    if (open != null && open.covers(s.curMinute)) {
                        withMinute = open;
                    } else {
                        withMinute = new RollupBlock(resolution, 0, RollupBlock.blockStart(resolution, 0, s.curMinute));
                        extra = withMinute;
                    }
                    withMinute.merge(withMinute.bucketIndex(s.curMinute), s.curMin, s.curMax, s.curSum, s.curCount);
                }
                snapshot = db.getSnapshot();
            } finally {
                state.readLock().unlock();
            }
            List<RollupBlock> blocks = new ArrayList<>();
            if (open != null) {
                blocks.add(open);
            }
            if (extra != null) {
                blocks.add(extra);
            }
            // Buckets start at most 16 days before MIN_TIME; clamping keeps the block arithmetic in range.
            long clamped = Math.max(from, Point.MIN_TIME);
            try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
                 RocksIterator it = db.newIterator(cf.rollup(resolution), ro)) {
                for (int tier = 0; tier < RollupBlock.TIERS; tier++) {
                    long first = RollupBlock.blockStart(resolution, tier, clamped);
                    for (it.seek(Keys.seriesTime(id, tier, first)); it.isValid(); it.next()) {
                        byte[] k = it.key();
                        if (Keys.seriesId(k) != id || Keys.tier(k) != tier) {
                            break;
                        }
                        long start = Keys.time(k);
                        if (start >= to) {
                            break;
                        }
                        if (!inMemory(open, tier, start) && !inMemory(extra, tier, start)) {
                            blocks.add(RollupBlock.decode(resolution, tier, start, it.value()));
                        }
                    }
                }
            }
            // Blocks of one series do not overlap, so ordering them by start orders their buckets.
            blocks.sort((a, b) -> Long.compare(a.start, b.start));
            RollupCollector out = new RollupCollector(resolution, from, to);
            for (RollupBlock b : blocks) {
                out.add(b);
            }
            return out.result();
        } finally {
            if (snapshot != null) {
                db.releaseSnapshot(snapshot);
            }
            guard.exit();
        }
    }

    private static boolean inMemory(RollupBlock b, int tier, long start) {
        return b != null && b.tier == tier && b.start == start;
    }

    @Override
    public Set<SeriesKey> series() {
        guard.enter();
        state.readLock().lock();
        try {
            return Set.copyOf(byKey.keySet());
        } finally {
            state.readLock().unlock();
            guard.exit();
        }
    }

    // ---------------------------------------------------------------- retention

    @Override
    public long enforceRetention(long nowMillis) {
        guard.enter();
        try {
            long deleted = 0;
            List<Series> all;
            state.writeLock().lock();
            try {
                checkWritable();
                all = List.copyOf(byId);
                // Fold the minutes being filled, then drop open heads and blocks that retention
                // removes, so that a checkpoint does not write them back.
                try (WriteBatch sealed = new WriteBatch()) {
                    for (Series s : all) {
                        flushMinute(s, sealed);
                    }
                    if (sealed.count() > 0) {
                        write(sealed, "retention");
                    }
                } catch (RocksDBException e) {
                    throw fail("retention", e);
                }
                for (Series s : all) {
                    long rawCut = cutoff(nowMillis, Resolution.RAW);
                    if (s.size > 0 && s.headWindow + Keys.CHUNK_WINDOWS[s.headTier] <= rawCut) {
                        s.clearHead();
                    }
                    for (Resolution r : TIERS) {
                        RollupBlock b = s.block(r);
                        if (b != null && b.end() <= cutoff(nowMillis, r)) {
                            s.block(r, null);
                            s.dirty(r, false);
                        }
                    }
                }
            } finally {
                state.writeLock().unlock();
            }
            try (WriteBatch wb = new WriteBatch(); ReadOptions ro = new ReadOptions();
                 RocksIterator chunks = db.newIterator(cf.chunks(), ro);
                 RocksIterator minutes = db.newIterator(cf.minute(), ro);
                 RocksIterator hours = db.newIterator(cf.hour(), ro)) {
                for (Series s : all) {
                    long rawCut = cutoff(nowMillis, Resolution.RAW);
                    if (rawCut != Long.MIN_VALUE) {
                        for (int tier = 0; tier < Keys.CHUNK_WINDOWS.length; tier++) {
                            deleted += deleteBefore(wb, cf.chunks(), chunks, s.id, tier,
                                    rawCut - Keys.CHUNK_WINDOWS[tier], false);
                        }
                    }
                    for (Resolution r : TIERS) {
                        long cut = cutoff(nowMillis, r);
                        if (cut != Long.MIN_VALUE) {
                            for (int tier = 0; tier < RollupBlock.TIERS; tier++) {
                                deleted += deleteBefore(wb, cf.rollup(r), r == Resolution.MINUTE ? minutes : hours,
                                        s.id, tier, cut - RollupBlock.spanMillis(r, tier), true);
                            }
                        }
                    }
                }
                if (wb.count() > 0) {
                    db.write(writeOptions, wb);
                }
            } catch (RocksDBException e) {
                throw faults.failed("history retention deleting expired data", e);
            }
            return deleted;
        } finally {
            guard.exit();
        }
    }

    /** Start of what retention keeps of a tier, or MIN_VALUE if it keeps everything. */
    private long cutoff(long now, Resolution r) {
        long keep = retention.of(r).toMillis();
        return keep == 0 ? Long.MIN_VALUE : now - keep;
    }

    /** Deletes the records of one tier of a series whose start is at or before {@code lastStart}; counts chunks or buckets. */
    private static long deleteBefore(WriteBatch wb, ColumnFamilyHandle cf, RocksIterator it, int id, int tier,
                                     long lastStart, boolean countBuckets) throws RocksDBException {
        long n = 0;
        for (it.seek(Keys.seriesTime(id, tier, Long.MIN_VALUE)); it.isValid(); it.next()) {
            byte[] key = it.key();
            if (Keys.seriesId(key) != id || Keys.tier(key) != tier || Keys.time(key) > lastStart) {
                break;
            }
            wb.delete(cf, key);
            n += countBuckets ? RollupBlock.encodedBucketCount(it.value()) : 1;
        }
        return n;
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() {
        if (guard.isClosed()) {
            return;
        }
        guard.enter();
        try {
            shutdown();
        } finally {
            guard.exit();
        }
    }

    /** Checkpoints and stops accepting appends; the store calls it while closing. Idempotent. */
    void shutdown() {
        state.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                checkpoint();
            }
        } finally {
            state.writeLock().unlock();
        }
    }

    /** Bytes of log written since the last checkpoint (for tests). */
    long walBytesSinceCheckpoint() {
        state.readLock().lock();
        try {
            return walBytes;
        } finally {
            state.readLock().unlock();
        }
    }
}
