package io.minetwin.store;

/**
 * Encodes the in-order samples of one append as one write-ahead record.
 *
 * <p>Format version 1: {@code byte version, varint n}, then per sample {@code zigzag varint time
 * delta, zigzag varint series id delta} (both from the previous sample, the first from 0), {@code byte
 * tag} (bits 0-1 quality code, bits 2-5 value form: 0-6 a decimal with that many digits as a zigzag
 * varint of the scaled value, 7 the 8 double bytes, 8 canonical NaN with no bytes).
 */
final class WalCodec {

    static final int VERSION = 1;
    private static final int RAW = 7;
    private static final int NAN = 8;
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final long CANONICAL_NAN = Double.doubleToRawLongBits(Double.NaN);

    /** Receives decoded samples. */
    interface Visitor {
        void sample(int seriesId, long time, double value, byte quality);
    }

    private final Bytes.Sink out = new Bytes.Sink(1 << 16);
    private int count;
    private long prevTime;
    private int prevId;
    private int lastK;

    void add(int seriesId, long time, double value, byte quality) {
        out.putSigned(time - prevTime).putSigned((long) seriesId - prevId);
        prevTime = time;
        prevId = seriesId;
        count++;
        if (Double.doubleToRawLongBits(value) == CANONICAL_NAN) {
            out.put(quality | NAN << 2);
            return;
        }
        int k = decimals(value);
        if (k < 0) {
            out.put(quality | RAW << 2).putLong(Double.doubleToRawLongBits(value));
        } else {
            out.put(quality | k << 2).putSigned(Math.round(value * POW10[k]));
        }
    }

    private int decimals(double value) {
        if (ChunkCodec.isDecimal(value, lastK)) {
            return lastK;
        }
        for (int k = 0; k <= ChunkCodec.MAX_DECIMALS; k++) {
            if (ChunkCodec.isDecimal(value, k)) {
                lastK = k;
                return k;
            }
        }
        return -1;
    }

    int count() {
        return count;
    }

    /** The record, or null if no sample was added. */
    byte[] finish() {
        if (count == 0) {
            return null;
        }
        Bytes.Sink record = new Bytes.Sink(out.size() + 8);
        record.put(VERSION).putVarint(count);
        byte[] body = out.toArray();
        return record.put(body).toArray();
    }

    static void decode(byte[] record, Visitor visitor) {
        Bytes.Source in = new Bytes.Source(record, "write-ahead record");
        int version = in.get();
        if (version != VERSION) {
            throw new StoreException("write-ahead record has format version " + version + " but this build reads "
                    + VERSION + "; open the store with the version that wrote it");
        }
        int n = in.getCount(record.length);
        long time = 0;
        long id = 0;
        for (int i = 0; i < n; i++) {
            time += in.getSigned();
            id += in.getSigned();
            int tag = in.get();
            int form = tag >>> 2;
            double value;
            if (form == NAN) {
                value = Double.NaN;
            } else if (form == RAW) {
                value = Double.longBitsToDouble(in.getLong());
            } else if (form <= ChunkCodec.MAX_DECIMALS) {
                value = in.getSigned() / POW10[form];
            } else {
                throw new StoreException("write-ahead record has unknown value form " + form
                        + "; the store is damaged or was written by a newer version");
            }
            visitor.sample((int) id, time, value, (byte) (tag & 3));
        }
    }
}
