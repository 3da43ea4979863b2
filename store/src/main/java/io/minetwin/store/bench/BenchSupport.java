package io.minetwin.store.bench;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** Data, directories and the one-record-per-sample baseline shared by the benchmarks. */
final class BenchSupport {

    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600_000L;
    static final int BASELINE_BATCH = 1000;
    private static final short BASELINE_TAG = 0x0001;

    private BenchSupport() {
    }

    static SeriesKey series(int i) {
        return new SeriesKey(new TwinId("bench", String.format(Locale.ROOT, "asset-%05d", i / 10)), "motor",
                "temp-" + (i % 10));
    }

    /**
     * A 1 Hz temperature per series at 0.1 degC resolution: a per-series level, slow drift and
     * +-0.5 degC uniform noise, rounded to tenths. {@code values[step][series]}.
     */
    static double[][] temperatures(int series, int steps, long seed) {
        Random random = new Random(seed);
        double[] level = new double[series];
        double[] drift = new double[series];
        for (int s = 0; s < series; s++) {
            level[s] = 35 + random.nextDouble() * 40;
            drift[s] = (random.nextDouble() - 0.5) * 2.0 / 3600; // up to +-1 degC per hour
        }
        double[][] values = new double[steps][series];
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < series; s++) {
                double v = level[s] + drift[s] * t + random.nextDouble() - 0.5;
                values[t][s] = Math.round(v * 10) / 10.0;
            }
        }
        return values;
    }

    /** {@code tag(2) | series(4) | time(8)}, all big-endian. */
    static byte[] baselineKey(int series, long time) {
        byte[] k = new byte[14];
        k[0] = (byte) (BASELINE_TAG >>> 8);
        k[1] = (byte) BASELINE_TAG;
        k[2] = (byte) (series >>> 24);
        k[3] = (byte) (series >>> 16);
        k[4] = (byte) (series >>> 8);
        k[5] = (byte) series;
        long t = time ^ Long.MIN_VALUE;
        for (int i = 0; i < 8; i++) {
            k[6 + i] = (byte) (t >>> (56 - 8 * i));
        }
        return k;
    }

    /** The 8 double bytes and a quality byte. */
    static byte[] baselineValue(double value, byte quality) {
        byte[] v = new byte[9];
        long bits = Double.doubleToRawLongBits(value);
        for (int i = 0; i < 8; i++) {
            v[i] = (byte) (bits >>> (56 - 8 * i));
        }
        v[8] = quality;
        return v;
    }

    static double baselineDouble(byte[] v) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (v[i] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    static long baselineTime(byte[] k) {
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (k[6 + i] & 0xFF);
        }
        return t ^ Long.MIN_VALUE;
    }

    /** Writes {@code values[step][series]} timestamp-major, or series-major, as one record per sample. */
    static void writeBaseline(RocksDB db, double[][] values, long stepMillis, boolean timestampMajor)
            throws RocksDBException {
        int steps = values.length;
        int series = values[0].length;
        try (WriteOptions wo = new WriteOptions()) {
            WriteBatch wb = new WriteBatch();
            try {
                int inBatch = 0;
                for (int a = 0; a < (timestampMajor ? steps : series); a++) {
                    for (int b = 0; b < (timestampMajor ? series : steps); b++) {
                        int t = timestampMajor ? a : b;
                        int s = timestampMajor ? b : a;
                        wb.put(baselineKey(s, T0 + t * stepMillis), baselineValue(values[t][s], (byte) 0));
                        if (++inBatch == BASELINE_BATCH) {
                            db.write(wo, wb);
                            wb.close();
                            wb = new WriteBatch();
                            inBatch = 0;
                        }
                    }
                }
                if (inBatch > 0) {
                    db.write(wo, wb);
                }
            } finally {
                wb.close();
            }
        }
    }

    static Options baselineOptions() {
        return new Options().setCreateIfMissing(true);
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create benchmark directory " + dir + ": " + e.getMessage(), e);
        }
    }

    static long sizeOf(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }
}
