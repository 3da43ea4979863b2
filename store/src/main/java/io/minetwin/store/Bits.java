package io.minetwin.store;

import java.util.Arrays;

/** Bit-level writer and reader, most significant bit first, used by the chunk codec. */
final class Bits {

    private Bits() {
    }

    /** Number of bits needed to hold the unsigned value {@code v} (0 for 0). */
    static int width(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    static final class Writer {
        private byte[] buf;
        private long bitCount;

        Writer(int capacityBytes) {
            buf = new byte[Math.max(16, capacityBytes)];
        }

        /** Writes the low {@code n} bits of {@code value}, {@code 0 <= n <= 64}. */
        void write(long value, int n) {
            if (n == 0) {
                return;
            }
            long needed = (bitCount + n + 7) >>> 3;
            if (needed > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.max(buf.length * 2L, needed));
            }
            int remaining = n;
            while (remaining > 0) {
                int byteIndex = (int) (bitCount >>> 3);
                int free = 8 - (int) (bitCount & 7);
                int take = Math.min(free, remaining);
                int shift = remaining - take;
                int bits = (int) ((value >>> shift) & ((1L << take) - 1));
                buf[byteIndex] |= (byte) (bits << (free - take));
                bitCount += take;
                remaining -= take;
            }
        }

        void writeBit(boolean bit) {
            write(bit ? 1 : 0, 1);
        }

        void appendTo(Bytes.Sink sink) {
            sink.put(buf, 0, (int) ((bitCount + 7) >>> 3));
        }
    }

    static final class Reader {
        private final byte[] buf;
        private final long limitBits;
        private long pos;
        private final String what;

        Reader(byte[] buf, int offset, int end, String what) {
            this.buf = buf;
            this.pos = (long) offset << 3;
            this.limitBits = (long) end << 3;
            this.what = what;
        }

        long read(int n) {
            if (n == 0) {
                return 0;
            }
            if (pos + n > limitBits) {
                throw new StoreException(what + " ends inside its bit stream (bit " + pos + " + " + n + " > "
                        + limitBits + "); the store is damaged, restore it from a backup");
            }
            long v = 0;
            int remaining = n;
            while (remaining > 0) {
                int byteIndex = (int) (pos >>> 3);
                int avail = 8 - (int) (pos & 7);
                int take = Math.min(avail, remaining);
                int bits = ((buf[byteIndex] & 0xFF) >>> (avail - take)) & ((1 << take) - 1);
                v = (v << take) | bits;
                pos += take;
                remaining -= take;
            }
            return v;
        }

        boolean readBit() {
            return read(1) != 0;
        }
    }
}
