package io.minetwin.engine.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The ticks the fault server produced, kept in a file of 8-byte big-endian tick numbers that every server
 * process of one case appends to: the equipment's history, which outlives a killed server (what a process
 * wrote survives its SIGKILL in the page cache). Ticks are appended in increasing order.
 *
 * <p>Thread-safe: the server's ticker appends while HistoryRead reads.
 */
final class ProducedTicks implements AutoCloseable {

    private final FileChannel file;
    private long[] ticks = new long[1024];
    private int size;

    private ProducedTicks(FileChannel file, long[] existing) {
        this.file = file;
        for (long t : existing) {
            add(t);
        }
    }

    /** Opens (or creates) the history file for appending, with what earlier processes wrote. */
    static ProducedTicks open(Path path) throws IOException {
        long[] existing = read(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new ProducedTicks(ch, existing);
    }

    /** The ticks in {@code path}, in order; empty if there is no file. A torn last record is ignored. */
    static long[] read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return new long[0];
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path));
        long[] out = new long[b.remaining() / Long.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getLong();
        }
        return out;
    }

    /** Records a produced tick; ignored unless it is newer than the last. */
    synchronized boolean append(long tick) throws IOException {
        if (size > 0 && tick <= ticks[size - 1]) {
            return false;
        }
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES).putLong(tick).flip();
        while (b.hasRemaining()) {
            file.write(b);
        }
        add(tick);
        return true;
    }

    private void add(long t) {
        if (size == ticks.length) {
            ticks = Arrays.copyOf(ticks, size * 2);
        }
        ticks[size++] = t;
    }

    /** The produced ticks in {@code [from, to]}, in order. */
    synchronized long[] between(long from, long to) {
        int lo = lowerBound(from);
        int hi = lowerBound(to == Long.MAX_VALUE ? to : to + 1);
        return Arrays.copyOfRange(ticks, lo, Math.max(lo, hi));
    }

    private int lowerBound(long t) {
        int i = Arrays.binarySearch(ticks, 0, size, t);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
