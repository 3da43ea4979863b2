package io.minetwin.store.bench;

import io.minetwin.model.Point;
import io.minetwin.model.PointBatch;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Ingest throughput and size of history against one RocksDB record per sample, measured in the same run.
 *
 * <p>Both sides get the same samples: {@code series} 1 Hz temperatures at 0.1 degC resolution,
 * timestamp-major. The engine appends one columnar batch per timestamp ({@link PointBatch}, reused) through {@link
 * io.minetwin.model.History#append(PointBatch)}, twice: with {@link Durability#ACKNOWLEDGED} (the default: RocksDB's
 * log fsync'd before the append returns) and with {@link Durability#PROCESS} (no fsync; survives a
 * crash of the process only). The {@code engine_*} figures are the acknowledged run's. The baseline writes each sample as a
 * 14-byte key and a 9-byte value in write batches of 1000 with RocksDB's log on and default options.
 * Each side's time runs from opening its database until it is closed (flushed), after an untimed
 * small round that warms up the JIT; the engine's size is its directory after close.
 */
public final class IngestBenchmark {

    public static final int DEFAULT_SERIES = 10_000;
    public static final int DEFAULT_SAMPLES_PER_SERIES = 360;
    public static final long DEFAULT_SEED = 20260101L;
    /** Writers, samples per append and timestamps of the concurrent small-append round. */
    static final int CONCURRENT_WRITERS = 8;
    static final int CONCURRENT_BATCH = 100;
    static final int CONCURRENT_TIMESTAMPS = 60;

    private IngestBenchmark() {
    }

    /** The figures of one run; {@link #figures()} names them as the CLI prints them. */
    public record Result(double engineSamplesPerS, double baselineSamplesPerS, double ratio, double bytesPerSample,
                         long samples, int series, double engineSeconds, double baselineSeconds, long engineBytes,
                         long baselineBytes, double processSamplesPerS, double processSeconds,
                         double concurrentAcknowledgedSamplesPerS, double concurrentProcessSamplesPerS,
                         double concurrentAppendsPerFsync) {

        /** The figures in print order under their snake_case names. */
        public Map<String, Object> figures() {
            Map<String, Object> f = BenchFigures.ordered();
            f.put("engine_samples_per_s", Math.round(engineSamplesPerS));
            f.put("baseline_samples_per_s", Math.round(baselineSamplesPerS));
            f.put("ratio", BenchFigures.round(ratio, 2));
            f.put("durability_acknowledged_samples_per_s", Math.round(engineSamplesPerS));
            f.put("durability_process_samples_per_s", Math.round(processSamplesPerS));
            f.put("durability_acknowledged_vs_process", BenchFigures.round(engineSamplesPerS / processSamplesPerS, 2));
            f.put("concurrent_writers", CONCURRENT_WRITERS);
            f.put("concurrent_batch_samples", CONCURRENT_BATCH);
            f.put("durability_acknowledged_concurrent_samples_per_s", Math.round(concurrentAcknowledgedSamplesPerS));
            f.put("durability_process_concurrent_samples_per_s", Math.round(concurrentProcessSamplesPerS));
            f.put("durability_acknowledged_concurrent_appends_per_fsync", BenchFigures.round(concurrentAppendsPerFsync, 2));
            f.put("bytes_per_sample", BenchFigures.round(bytesPerSample, 3));
            f.put("samples", samples);
            f.put("series", series);
            f.put("engine_seconds", BenchFigures.round(engineSeconds, 3));
            f.put("process_seconds", BenchFigures.round(processSeconds, 3));
            f.put("baseline_seconds", BenchFigures.round(baselineSeconds, 3));
            f.put("engine_bytes", engineBytes);
            f.put("baseline_bytes", baselineBytes);
            return f;
        }

        public String toJson() {
            return BenchFigures.json(figures());
        }

    }

    /** Runs with the defaults: 10,000 series of 360 samples (3.6 million samples). */
    public static Result run(Path workDir) {
        return run(workDir, DEFAULT_SERIES, DEFAULT_SAMPLES_PER_SERIES, DEFAULT_SEED);
    }

    /**
     * Measures ingest of {@code series x samplesPerSeries} samples. Uses and then deletes the
     * directories {@code ingest-engine} and {@code ingest-baseline} under {@code workDir}.
     */
    public static Result run(Path workDir, int series, int samplesPerSeries, long seed) {
        if (series < 1 || samplesPerSeries < 1) {
            throw new IllegalArgumentException("series and samplesPerSeries must be at least 1, got " + series
                    + " and " + samplesPerSeries);
        }
        double[][] values = BenchSupport.temperatures(series, samplesPerSeries, seed);
        long samples = (long) series * samplesPerSeries;
        Path engineDir = workDir.resolve("ingest-engine");
        Path baselineDir = workDir.resolve("ingest-baseline");
        BenchSupport.deleteTree(engineDir);
        BenchSupport.deleteTree(baselineDir);
        BenchSupport.createDirectories(workDir);
        try {
            // An untimed small round first, so both sides are measured with compiled code.
            double[][] warmUp = BenchSupport.temperatures(Math.min(series, 1000), Math.min(samplesPerSeries, 120), seed + 1);
            baseline(baselineDir, warmUp);
            BenchSupport.deleteTree(baselineDir);
            engine(engineDir, warmUp, Durability.ACKNOWLEDGED);
            BenchSupport.deleteTree(engineDir);

            double baselineSeconds = baseline(baselineDir, values);
            long baselineBytes = BenchSupport.sizeOf(baselineDir);
            BenchSupport.deleteTree(baselineDir);
            double processSeconds = engine(engineDir, values, Durability.PROCESS);
            BenchSupport.deleteTree(engineDir);
            double engineSeconds = engine(engineDir, values, Durability.ACKNOWLEDGED);
            long engineBytes = BenchSupport.sizeOf(engineDir);
            BenchSupport.deleteTree(engineDir);
            double[][] few = java.util.Arrays.copyOf(values, Math.min(values.length, CONCURRENT_TIMESTAMPS));
            long concurrentSamples = (long) few.length * series;
            Concurrent processConcurrent = concurrent(engineDir, few, Durability.PROCESS);
            BenchSupport.deleteTree(engineDir);
            Concurrent ackConcurrent = concurrent(engineDir, few, Durability.ACKNOWLEDGED);
            double engineRate = samples / engineSeconds;
            double baselineRate = samples / baselineSeconds;
            return new Result(engineRate, baselineRate, engineRate / baselineRate, (double) engineBytes / samples,
                    samples, series, engineSeconds, baselineSeconds, engineBytes, baselineBytes,
                    samples / processSeconds, processSeconds, concurrentSamples / ackConcurrent.seconds(),
                    concurrentSamples / processConcurrent.seconds(),
                    ackConcurrent.syncs() == 0 ? 0 : (double) ackConcurrent.appends() / ackConcurrent.syncs());
        } finally {
            BenchSupport.deleteTree(engineDir);
            BenchSupport.deleteTree(baselineDir);
        }
    }

    static double engine(Path dir, double[][] values, Durability durability) {
        int series = values[0].length;
        SeriesKey[] keys = new SeriesKey[series];
        for (int s = 0; s < series; s++) {
            keys[s] = BenchSupport.series(s);
        }
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO).withDurability(durability);
        long start = System.nanoTime();
        try (Store store = Store.open(dir, options)) {
            // One columnar batch, cleared and refilled per timestamp: no object per sample.
            PointBatch batch = new PointBatch(series);
            for (int t = 0; t < values.length; t++) {
                long time = BenchSupport.T0 + t * 1000L;
                batch.clear();
                double[] row = values[t];
                for (int s = 0; s < series; s++) {
                    batch.addGood(keys[s], time, row[s]);
                }
                store.history().append(batch);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** A concurrent round: wall time, appends made and fsyncs run. */
    private record Concurrent(double seconds, long appends, long syncs) {
    }

    /**
     * {@link #CONCURRENT_WRITERS} threads, each owning every n-th series, append {@link #CONCURRENT_BATCH}
     * samples at a time: with acknowledged durability they share fsyncs (group commit).
     */
    private static Concurrent concurrent(Path dir, double[][] values, Durability durability) {
        int series = values[0].length;
        SeriesKey[] keys = new SeriesKey[series];
        for (int s = 0; s < series; s++) {
            keys[s] = BenchSupport.series(s);
        }
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO).withDurability(durability);
        java.util.concurrent.atomic.AtomicLong appends = new java.util.concurrent.atomic.AtomicLong();
        long start = System.nanoTime();
        long syncs;
        try (Store store = Store.open(dir, options)) {
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < CONCURRENT_WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    List<Point> batch = new ArrayList<>(CONCURRENT_BATCH);
                    for (int i = 0; i < values.length; i++) {
                        long time = BenchSupport.T0 + i * 1000L;
                        for (int s = writer; s < series; s += CONCURRENT_WRITERS) {
                            batch.add(Point.good(keys[s], time, values[i][s]));
                            if (batch.size() == CONCURRENT_BATCH) {
                                store.history().append(batch);
                                appends.incrementAndGet();
                                batch = new ArrayList<>(CONCURRENT_BATCH);
                            }
                        }
                    }
                    if (!batch.isEmpty()) {
                        store.history().append(batch);
                        appends.incrementAndGet();
                    }
                }, "bench-writer-" + w);
                t.start();
                writers.add(t);
            }
            for (Thread t : writers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the bench writers ran", e);
                }
            }
            syncs = store.health().syncs();
        }
        return new Concurrent((System.nanoTime() - start) / 1e9, appends.get(), syncs);
    }

    static double baseline(Path dir, double[][] values) {
        RocksDB.loadLibrary();
        long start = System.nanoTime();
        try (Options options = BenchSupport.baselineOptions();
             RocksDB db = RocksDB.open(options, dir.toString());
             FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            BenchSupport.writeBaseline(db, values, 1000, true);
            db.flush(flush);
        } catch (RocksDBException e) {
            throw new IllegalStateException("baseline RocksDB in " + dir + " failed: " + e.getMessage(), e);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code IngestBenchmark [workDir [series [samplesPerSeries [seed]]]]}; prints the figures as JSON. */
    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"), "minetwin-bench");
        int series = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SERIES;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_SAMPLES_PER_SERIES;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : DEFAULT_SEED;
        System.out.println(run(dir, series, samples, seed).toJson());
    }
}
