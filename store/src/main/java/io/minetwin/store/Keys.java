package io.minetwin.store;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;

/**
 * Key layouts of the history column families. Series are named on disk by a dense int id from the
 * series dictionary; times are sign-flipped big-endian so that byte order is time order, negative
 * times included.
 *
 * <p>Chunks and rollup blocks come in span tiers (see {@link #CHUNK_WINDOWS} and {@link
 * RollupBlock#spanMillis}). Tier 0 keys are the original layout {@code seriesId(4) | time(8) [|
 * seq(8)]}; a key of tier {@code t > 0} has one more byte after the series id, {@code 0xF0 | t}.
 * Stored times lie within about 2^62 of 1970, so the first time byte of a tier 0 key is between
 * 0x3F and 0xC0 and never looks like a tier byte: within a series, the keys of tier 0 come first,
 * then those of tier 1, then tier 2, each in time order. A read seeks every tier from its own
 * aligned start.
 */
final class Keys {

    /** The aligned time windows a chunk may cover, by tier: 2 hours, 1 day, 16 days. */
    static final long[] CHUNK_WINDOWS = {2 * 3_600_000L, 24 * 3_600_000L, 16 * 24 * 3_600_000L};
    static final int SERIES_KEY_VERSION = 1;
    private static final int TIER_MARK = 0xF0;

    private Keys() {
    }

    static long chunkWindow(long time) {
        return chunkWindow(0, time);
    }

    static long chunkWindow(int tier, long time) {
        long w = CHUNK_WINDOWS[tier];
        return Math.floorDiv(time, w) * w;
    }

    /** {@code seriesId(4) | window start(8) | chunk sequence(8)}: a tier 0 chunk. */
    static byte[] chunk(int seriesId, long windowStart, long seq) {
        return chunk(seriesId, 0, windowStart, seq);
    }

    /** {@code seriesId(4) | [0xF0 | tier] | window start(8) | chunk sequence(8)}. */
    static byte[] chunk(int seriesId, int tier, long windowStart, long seq) {
        int o = tier == 0 ? 0 : 1;
        byte[] k = new byte[20 + o];
        Bytes.putInt(k, 0, seriesId);
        if (tier != 0) {
            k[4] = (byte) (TIER_MARK | tier);
        }
        Bytes.putLong(k, 4 + o, Bytes.sortable(windowStart));
        Bytes.putLong(k, 12 + o, seq);
        return k;
    }

    /** {@code seriesId(4) | time(8)}: where a scan of a series' tier 0 starts, or a tier 0 rollup block's key. */
    static byte[] seriesTime(int seriesId, long time) {
        return seriesTime(seriesId, 0, time);
    }

    /** {@code seriesId(4) | [0xF0 | tier] | time(8)}: where a scan of a tier starts, or a rollup block's key. */
    static byte[] seriesTime(int seriesId, int tier, long time) {
        int o = tier == 0 ? 0 : 1;
        byte[] k = new byte[12 + o];
        Bytes.putInt(k, 0, seriesId);
        if (tier != 0) {
            k[4] = (byte) (TIER_MARK | tier);
        }
        Bytes.putLong(k, 4 + o, Bytes.sortable(time));
        return k;
    }

    /** The smallest key after every key of {@code seriesId}. */
    static byte[] seriesEnd(int seriesId) {
        byte[] k = new byte[4];
        Bytes.putInt(k, 0, seriesId + 1);
        return k;
    }

    /** A key after every key of tier {@code tier} of {@code seriesId} and before those of later tiers. */
    static byte[] tierEnd(int seriesId, int tier) {
        byte[] k = new byte[5];
        Bytes.putInt(k, 0, seriesId);
        k[4] = (byte) (TIER_MARK | (tier + 1));
        return k;
    }

    static int seriesId(byte[] key) {
        return Bytes.getInt(key, 0);
    }

    static int tier(byte[] key) {
        int b = key[4] & 0xFF;
        return (b & TIER_MARK) == TIER_MARK ? b & 0x0F : 0;
    }

    static long time(byte[] key) {
        return Bytes.sortable(Bytes.getLong(key, tier(key) == 0 ? 4 : 5));
    }

    static long chunkSeq(byte[] key) {
        return Bytes.getLong(key, tier(key) == 0 ? 12 : 13);
    }

    static byte[] seq(long seq) {
        byte[] k = new byte[8];
        Bytes.putLong(k, 0, seq);
        return k;
    }

    static byte[] encodeSeries(SeriesKey key) {
        return new Bytes.Sink(64).put(SERIES_KEY_VERSION).putString(key.twin().namespace())
                .putString(key.twin().name()).putString(key.component()).putString(key.channel()).toArray();
    }

    static SeriesKey decodeSeries(byte[] bytes) {
        Bytes.Source in = new Bytes.Source(bytes, "series dictionary entry");
        int version = in.get();
        if (version != SERIES_KEY_VERSION) {
            throw new StoreException("series dictionary entry has format version " + version
                    + " but this build reads " + SERIES_KEY_VERSION + "; open the store with the version that wrote it");
        }
        return new SeriesKey(new TwinId(in.getString(), in.getString()), in.getString(), in.getString());
    }
}
