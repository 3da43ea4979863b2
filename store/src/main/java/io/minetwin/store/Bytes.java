package io.minetwin.store;

import java.util.Arrays;

/**
 * Growable byte buffer and cursor with the primitives of the on-disk formats: big-endian fixed
 * width integers, LEB128 varints and zigzag varints.
 */
final class Bytes {

    private Bytes() {
    }

    /** Maps a signed value to an unsigned one so small magnitudes get short varints. */
    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Flips the sign bit so that big-endian byte order equals signed order. */
    static long sortable(long v) {
        return v ^ Long.MIN_VALUE;
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** Appends bytes. */
    static final class Sink {
        private byte[] buf;
        private int size;

        Sink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        Sink put(int b) {
            ensure(1);
            buf[size++] = (byte) b;
            return this;
        }

        Sink put(byte[] bytes) {
            return put(bytes, 0, bytes.length);
        }

        Sink put(byte[] bytes, int off, int len) {
            ensure(len);
            System.arraycopy(bytes, off, buf, size, len);
            size += len;
            return this;
        }

        Sink putLong(long v) {
            ensure(8);
            Bytes.putLong(buf, size, v);
            size += 8;
            return this;
        }

        Sink putInt(int v) {
            ensure(4);
            Bytes.putInt(buf, size, v);
            size += 4;
            return this;
        }

        Sink putVarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
            return this;
        }

        Sink putSigned(long v) {
            return putVarint(zigzag(v));
        }

        Sink putString(String s) {
            byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            putVarint(b.length);
            return put(b);
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** Reads what a {@link Sink} wrote; every read checks bounds and names the record in its error. */
    static final class Source {
        private final byte[] buf;
        private int pos;
        private final int end;
        private final String what;

        Source(byte[] buf, String what) {
            this(buf, 0, buf.length, what);
        }

        Source(byte[] buf, int off, int len, String what) {
            this.buf = buf;
            this.pos = off;
            this.end = off + len;
            this.what = what;
        }

        private void need(int n) {
            if (pos + n > end) {
                throw new StoreException(what + " is truncated: needed " + n + " more bytes at offset " + pos
                        + " of " + end + "; the store is damaged, restore it from a backup");
            }
        }

        int get() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long getLong() {
            need(8);
            long v = Bytes.getLong(buf, pos);
            pos += 8;
            return v;
        }

        int getInt() {
            need(4);
            int v = Bytes.getInt(buf, pos);
            pos += 4;
            return v;
        }

        long getVarint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new StoreException(what + " has a varint longer than 10 bytes at offset " + pos
                    + "; the store is damaged, restore it from a backup");
        }

        long getSigned() {
            return unzigzag(getVarint());
        }

        int getCount(int max) {
            long n = getVarint();
            if (n < 0 || n > max) {
                throw new StoreException(what + " has a count of " + n + " (at most " + max + " expected) at offset "
                        + pos + "; the store is damaged, restore it from a backup");
            }
            return (int) n;
        }

        byte[] getBytes(int n) {
            need(n);
            byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return out;
        }

        String getString() {
            int n = getCount(end - pos);
            return new String(getBytes(n), java.nio.charset.StandardCharsets.UTF_8);
        }

        int position() {
            return pos;
        }

        void position(int p) {
            pos = p;
        }

        boolean hasMore() {
            return pos < end;
        }

        byte[] array() {
            return buf;
        }

        int end() {
            return end;
        }

        String what() {
            return what;
        }
    }
}
