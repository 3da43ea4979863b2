package io.minetwin.store;

/**
 * Encodes the samples of one series chunk, the unit history stores on disk.
 *
 * <p>Format version 1, all integers big-endian:
 * <pre>
 *   byte    version (1)
 *   byte    kind: 0 head chunk still open (partial), 1 head chunk sealed, 2 backfill chunk
 *   varint  n, the sample count (at least 1)
 *   int64   time of the first sample, epoch milliseconds
 *   varint  q, then q x (varint index gap, byte quality code): samples whose quality is not GOOD
 *   varint  m, then m x (varint index gap): samples whose value is NaN (decimal modes only)
 *   byte    value mode: 0 Gorilla XOR, 1 decimal delta, 2 decimal delta-of-delta
 *           decimal modes then have: byte k (values are scaled longs / 10^k),
 *           zigzag varint first scaled value, [mode 2: zigzag varint first delta], byte bit width w
 *   bits    timestamps 1..n-1 as Gorilla delta-of-delta ('0' | '10'+7 | '110'+9 | '1110'+12 | '1111'+64 bits),
 *           then values: XOR mode: Gorilla XOR of the double bits for samples 0..n-1;
 *           decimal modes: zigzag deltas (or deltas of deltas) of the scaled values in w bits each
 * </pre>
 * An index gap is the distance to the previous listed index (the first counts from -1). Decimal
 * mode is chosen when every value is exactly {@code Math.round(v * 10^k) / 10^k} for one
 * {@code k <= 6} (bit for bit, so {@code -0.0} and infinities take the XOR mode) and NaNs carry
 * the canonical bits; a NaN sample then holds its predecessor's scaled value in the bit stream.
 * Timestamp and value arithmetic wraps, so any strictly increasing times round-trip.
 *
 * <p>The format is pinned by the golden file {@code chunk-v1.bin} in the tests: changing it means
 * a new version byte and a decoder for the old one.
 */
final class ChunkCodec {

    static final int VERSION = 1;
    static final byte KIND_PARTIAL = 0;
    static final byte KIND_SEALED = 1;
    static final byte KIND_BACKFILL = 2;

    static final int MODE_XOR = 0;
    static final int MODE_DELTA = 1;
    static final int MODE_DOD = 2;

    static final int MAX_DECIMALS = 6;
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    private static final long MAX_SCALED = 1L << 53;
    private static final long CANONICAL_NAN = Double.doubleToRawLongBits(Double.NaN);

    private ChunkCodec() {
    }

    /** A decoded chunk: its kind and samples in time order. */
    record Chunk(byte kind, long[] times, double[] values, byte[] qualities, int size) {
        long firstTime() {
            return times[0];
        }

        long lastTime() {
            return times[size - 1];
        }
    }

    /**
     * Encodes samples {@code [off, off + n)}, whose times must be strictly increasing.
     *
     * @throws IllegalArgumentException if {@code n < 1} or the times are not strictly increasing
     */
    static byte[] encode(byte kind, long[] times, double[] values, byte[] qualities, int off, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a chunk holds at least one sample, got " + n);
        }
        for (int i = off + 1; i < off + n; i++) {
            if (times[i] <= times[i - 1]) {
                throw new IllegalArgumentException("chunk times must increase strictly: " + times[i - 1]
                        + " then " + times[i] + " at index " + (i - off));
            }
        }
        Bytes.Sink out = new Bytes.Sink(32 + n);
        out.put(VERSION).put(kind).putVarint(n).putLong(times[off]);

        int q = 0;
        for (int i = off; i < off + n; i++) {
            if (qualities[i] != 0) {
                q++;
            }
        }
        out.putVarint(q);
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (qualities[off + i] != 0) {
                out.putVarint(i - prev - 1).put(qualities[off + i]);
                prev = i;
            }
        }

        int k = decimalScale(values, off, n);
        Bits.Writer bits = new Bits.Writer(n + 16);
        writeTimes(bits, times, off, n);
        if (k < 0) {
            out.putVarint(0).put(MODE_XOR);
            writeXor(bits, values, off, n);
        } else {
            writeDecimal(out, bits, values, off, n, k);
        }
        bits.appendTo(out);
        return out.toArray();
    }

    /** The kind byte of an encoded chunk, without decoding it. */
    static byte kind(byte[] chunk) {
        checkVersion(chunk);
        return chunk[1];
    }

    static Chunk decode(byte[] chunk) {
        checkVersion(chunk);
        Bytes.Source in = new Bytes.Source(chunk, "history chunk");
        in.get();
        byte kind = (byte) in.get();
        int n = in.getCount(chunk.length * 8 + 1);
        if (n < 1) {
            throw new StoreException("history chunk has no samples; the store is damaged, restore it from a backup");
        }
        long[] times = new long[n];
        double[] values = new double[n];
        byte[] qualities = new byte[n];
        times[0] = in.getLong();
        int q = in.getCount(n);
        int idx = -1;
        for (int j = 0; j < q; j++) {
            idx += (int) in.getVarint() + 1;
            checkIndex(idx, n);
            qualities[idx] = (byte) in.get();
        }
        int m = in.getCount(n);
        int[] nans = new int[m];
        idx = -1;
        for (int j = 0; j < m; j++) {
            idx += (int) in.getVarint() + 1;
            checkIndex(idx, n);
            nans[j] = idx;
        }
        int mode = in.get();
        long[] scaled = null;
        int k = 0;
        int width = 0;
        long firstDelta = 0;
        if (mode == MODE_DELTA || mode == MODE_DOD) {
            k = in.get();
            if (k > MAX_DECIMALS) {
                throw new StoreException("history chunk has " + k + " decimals (at most " + MAX_DECIMALS
                        + "); the store is damaged, restore it from a backup");
            }
            scaled = new long[n];
            scaled[0] = in.getSigned();
            if (mode == MODE_DOD) {
                firstDelta = in.getSigned();
            }
            width = in.get();
            if (width > 64) {
                throw new StoreException("history chunk has a bit width of " + width
                        + "; the store is damaged, restore it from a backup");
            }
        } else if (mode != MODE_XOR) {
            throw new StoreException("history chunk has unknown value mode " + mode
                    + "; the store is damaged or was written by a newer version");
        }
        Bits.Reader bits = new Bits.Reader(chunk, in.position(), chunk.length, "history chunk");
        readTimes(bits, times, n);
        if (mode == MODE_XOR) {
            readXor(bits, values, n);
        } else {
            if (mode == MODE_DELTA) {
                for (int i = 1; i < n; i++) {
                    scaled[i] = scaled[i - 1] + Bytes.unzigzag(bits.read(width));
                }
            } else if (n > 1) {
                long delta = firstDelta;
                scaled[1] = scaled[0] + delta;
                for (int i = 2; i < n; i++) {
                    delta += Bytes.unzigzag(bits.read(width));
                    scaled[i] = scaled[i - 1] + delta;
                }
            }
            double p = POW10[k];
            for (int i = 0; i < n; i++) {
                values[i] = scaled[i] / p;
            }
            for (int nan : nans) {
                values[nan] = Double.NaN;
            }
        }
        return new Chunk(kind, times, values, qualities, n);
    }

    private static void checkVersion(byte[] chunk) {
        if (chunk.length < 2) {
            throw new StoreException("history chunk of " + chunk.length
                    + " bytes is too short; the store is damaged, restore it from a backup");
        }
        if (chunk[0] != VERSION) {
            throw new StoreException("history chunk has format version " + chunk[0] + " but this build reads "
                    + VERSION + "; open the store with the version that wrote it");
        }
    }

    private static void checkIndex(int idx, int n) {
        if (idx >= n) {
            throw new StoreException("history chunk lists sample " + idx + " of " + n
                    + "; the store is damaged, restore it from a backup");
        }
    }

    /**
     * The smallest number of decimals {@code k <= 6} at which every value is an exact decimal, or -1.
     * Canonical NaNs are allowed (listed separately); anything else that is not finite is not.
     */
    static int decimalScale(double[] values, int off, int n) {
        int k = 0;
        boolean any = false;
        for (int i = off; i < off + n; i++) {
            double v = values[i];
            long raw = Double.doubleToRawLongBits(v);
            if (raw == CANONICAL_NAN) {
                continue;
            }
            any = true;
            while (!isDecimal(v, k)) {
                if (++k > MAX_DECIMALS) {
                    return -1;
                }
            }
        }
        if (!any) {
            return 0;
        }
        for (int i = off; i < off + n; i++) {
            double v = values[i];
            if (Double.doubleToRawLongBits(v) != CANONICAL_NAN && !isDecimal(v, k)) {
                return -1;
            }
        }
        return k;
    }

    static boolean isDecimal(double v, int k) {
        double p = POW10[k];
        long s = Math.round(v * p);
        return s > -MAX_SCALED && s < MAX_SCALED && Double.doubleToRawLongBits(s / p) == Double.doubleToRawLongBits(v);
    }

    private static void writeDecimal(Bytes.Sink out, Bits.Writer bits, double[] values, int off, int n, int k) {
        double p = POW10[k];
        long[] scaled = new long[n];
        int nanCount = 0;
        long fill = 0;
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(values[off + i]) != CANONICAL_NAN) {
                fill = Math.round(values[off + i] * p);
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            double v = values[off + i];
            if (Double.doubleToRawLongBits(v) == CANONICAL_NAN) {
                scaled[i] = i == 0 ? fill : scaled[i - 1];
                nanCount++;
            } else {
                scaled[i] = Math.round(v * p);
            }
        }
        out.putVarint(nanCount);
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(values[off + i]) == CANONICAL_NAN) {
                out.putVarint(i - prev - 1);
                prev = i;
            }
        }
        int deltaWidth = 0;
        int dodWidth = 0;
        for (int i = 1; i < n; i++) {
            long d = scaled[i] - scaled[i - 1];
            deltaWidth = Math.max(deltaWidth, Bits.width(Bytes.zigzag(d)));
            if (i >= 2) {
                long dod = d - (scaled[i - 1] - scaled[i - 2]);
                dodWidth = Math.max(dodWidth, Bits.width(Bytes.zigzag(dod)));
            }
        }
        long deltaBits = (long) (n - 1) * deltaWidth;
        long dodBits = n > 2 ? (long) (n - 2) * dodWidth + 8L * varintLength(Bytes.zigzag(scaled[1] - scaled[0])) : Long.MAX_VALUE;
        boolean useDod = dodBits < deltaBits;
        out.put(useDod ? MODE_DOD : MODE_DELTA).put(k).putSigned(scaled[0]);
        if (useDod) {
            out.putSigned(scaled[1] - scaled[0]);
            out.put(dodWidth);
            for (int i = 2; i < n; i++) {
                bits.write(Bytes.zigzag((scaled[i] - scaled[i - 1]) - (scaled[i - 1] - scaled[i - 2])), dodWidth);
            }
        } else {
            out.put(deltaWidth);
            for (int i = 1; i < n; i++) {
                bits.write(Bytes.zigzag(scaled[i] - scaled[i - 1]), deltaWidth);
            }
        }
    }

    private static int varintLength(long v) {
        int len = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            len++;
        }
        return len;
    }

    private static void writeTimes(Bits.Writer bits, long[] times, int off, int n) {
        long prevDelta = 0;
        for (int i = 1; i < n; i++) {
            long delta = times[off + i] - times[off + i - 1];
            long dod = delta - prevDelta;
            prevDelta = delta;
            if (dod == 0) {
                bits.write(0, 1);
            } else if (dod >= -63 && dod <= 64) {
                bits.write(0b10, 2);
                bits.write(dod + 63, 7);
            } else if (dod >= -255 && dod <= 256) {
                bits.write(0b110, 3);
                bits.write(dod + 255, 9);
            } else if (dod >= -2047 && dod <= 2048) {
                bits.write(0b1110, 4);
                bits.write(dod + 2047, 12);
            } else {
                bits.write(0b1111, 4);
                bits.write(dod, 64);
            }
        }
    }

    private static void readTimes(Bits.Reader bits, long[] times, int n) {
        long delta = 0;
        for (int i = 1; i < n; i++) {
            long dod;
            if (!bits.readBit()) {
                dod = 0;
            } else if (!bits.readBit()) {
                dod = bits.read(7) - 63;
            } else if (!bits.readBit()) {
                dod = bits.read(9) - 255;
            } else if (!bits.readBit()) {
                dod = bits.read(12) - 2047;
            } else {
                dod = bits.read(64);
            }
            delta += dod;
            times[i] = times[i - 1] + delta;
        }
    }

    private static void writeXor(Bits.Writer bits, double[] values, int off, int n) {
        long prev = Double.doubleToRawLongBits(values[off]);
        bits.write(prev, 64);
        int prevLeading = -1;
        int prevTrailing = 0;
        for (int i = 1; i < n; i++) {
            long cur = Double.doubleToRawLongBits(values[off + i]);
            long xor = cur ^ prev;
            prev = cur;
            if (xor == 0) {
                bits.write(0, 1);
                continue;
            }
            bits.write(1, 1);
            int leading = Math.min(31, Long.numberOfLeadingZeros(xor));
            int trailing = Long.numberOfTrailingZeros(xor);
            if (prevLeading >= 0 && leading >= prevLeading && trailing >= prevTrailing) {
                bits.write(0, 1);
                bits.write(xor >>> prevTrailing, 64 - prevLeading - prevTrailing);
            } else {
                int meaningful = 64 - leading - trailing;
                bits.write(1, 1);
                bits.write(leading, 5);
                bits.write(meaningful - 1, 6);
                bits.write(xor >>> trailing, meaningful);
                prevLeading = leading;
                prevTrailing = trailing;
            }
        }
    }

    private static void readXor(Bits.Reader bits, double[] values, int n) {
        long prev = bits.read(64);
        values[0] = Double.longBitsToDouble(prev);
        int leading = 0;
        int trailing = 0;
        for (int i = 1; i < n; i++) {
            if (bits.readBit()) {
                if (bits.readBit()) {
                    leading = (int) bits.read(5);
                    int meaningful = (int) bits.read(6) + 1;
                    trailing = 64 - leading - meaningful;
                }
                long xor = bits.read(64 - leading - trailing) << trailing;
                prev ^= xor;
            }
            values[i] = Double.longBitsToDouble(prev);
        }
    }
}
