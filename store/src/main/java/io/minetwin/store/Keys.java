package io.minetwin.store;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;

/**
 * Key layouts of the history column families. Series are named on disk by a dense int id from the
 * series dictionary; times are sign-flipped big-endian so that byte order is time order, negative
 * times included.
 */
final class Keys {

    /** The aligned time window one chunk may cover. */
    static final long CHUNK_WINDOW_MILLIS = 2 * 3_600_000L;
    static final int SERIES_KEY_VERSION = 1;

    private Keys() {
    }

    static long chunkWindow(long time) {
        return Math.floorDiv(time, CHUNK_WINDOW_MILLIS) * CHUNK_WINDOW_MILLIS;
    }

    /** {@code seriesId(4) | window start(8) | chunk sequence(8)}. */
    static byte[] chunk(int seriesId, long windowStart, long seq) {
        byte[] k = new byte[20];
        Bytes.putInt(k, 0, seriesId);
        Bytes.putLong(k, 4, Bytes.sortable(windowStart));
        Bytes.putLong(k, 12, seq);
        return k;
    }

    /** {@code seriesId(4) | time(8)}: where a scan of a series starts, or a rollup block's key. */
    static byte[] seriesTime(int seriesId, long time) {
        byte[] k = new byte[12];
        Bytes.putInt(k, 0, seriesId);
        Bytes.putLong(k, 4, Bytes.sortable(time));
        return k;
    }

    /** The smallest key after every key of {@code seriesId}. */
    static byte[] seriesEnd(int seriesId) {
        byte[] k = new byte[4];
        Bytes.putInt(k, 0, seriesId + 1);
        return k;
    }

    static int seriesId(byte[] key) {
        return Bytes.getInt(key, 0);
    }

    static long time(byte[] key) {
        return Bytes.sortable(Bytes.getLong(key, 4));
    }

    static long chunkSeq(byte[] key) {
        return Bytes.getLong(key, 12);
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
