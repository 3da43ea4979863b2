package io.minetwin.store.bench;

import io.minetwin.model.Point;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Ingest throughput of coarsely sampled history written the way a generated fleet history is: many
 * series at a 10-minute step, appended in large batches sorted by series (each series in time order).
 *
 * <p>Data: {@code series} series of 0.1-resolution values (level, slow sine, noise) every {@code
 * stepMillis} for {@code days} days, in batches of about {@code batchSamples} samples, each batch a
 * time slice of every series laid out series-major. Time runs from opening the store until it is
 * closed; the value arrays are built before. An untimed small round warms up the JIT first. The
 * figures also give the directory size after close and check that one series reads back whole.
 */
public final class CoarseIngestBenchmark {

    public static final int DEFAULT_SERIES = 1_400;
    public static final int DEFAULT_DAYS = 90;
    public static final long DEFAULT_STEP_MILLIS = 600_000L;
    public static final int DEFAULT_BATCH_SAMPLES = 1_500_000;
    public static final long DEFAULT_SEED = 20260101L;

    private CoarseIngestBenchmark() {
    }

    /** The figures of one run; {@link #figures()} names them in print order. */
    public record Result(double samplesPerS, double bytesPerSample, long samples, int series, long stepMillis,
                         int batches, double seconds, long bytes) {

        public Map<String, Object> figures() {
            Map<String, Object> f = BenchFigures.ordered();
            f.put("samples_per_s", Math.round(samplesPerS));
            f.put("bytes_per_sample", BenchFigures.round(bytesPerSample, 3));
            f.put("samples", samples);
            f.put("series", series);
            f.put("step_ms", stepMillis);
            f.put("batches", batches);
            f.put("seconds", BenchFigures.round(seconds, 3));
            f.put("bytes", bytes);
            return f;
        }

        public String toJson() {
            return BenchFigures.json(figures());
        }
    }

    /** Runs with the defaults: 1,400 series every 10 minutes for 90 days (about 18 million samples). */
    public static Result run(Path workDir) {
        return run(workDir, DEFAULT_SERIES, DEFAULT_DAYS, DEFAULT_STEP_MILLIS, DEFAULT_BATCH_SAMPLES, DEFAULT_SEED);
    }

    /** Measures the ingest; uses and then deletes the directory {@code coarse-ingest} under {@code workDir}. */
    public static Result run(Path workDir, int series, int days, long stepMillis, int batchSamples, long seed) {
        if (series < 1 || days < 1 || stepMillis < 1 || batchSamples < 1) {
            throw new IllegalArgumentException("series, days, stepMillis and batchSamples must be at least 1, got "
                    + series + ", " + days + ", " + stepMillis + ", " + batchSamples);
        }
        int steps = (int) (days * 86_400_000L / stepMillis);
        Path dir = workDir.resolve("coarse-ingest");
        BenchSupport.deleteTree(dir);
        BenchSupport.createDirectories(workDir);
        try {
            engine(dir, Math.min(series, 200), Math.min(steps, 2_000), stepMillis, batchSamples, seed + 1);
            BenchSupport.deleteTree(dir);
            double seconds = engine(dir, series, steps, stepMillis, batchSamples, seed);
            long bytes = BenchSupport.sizeOf(dir);
            long samples = (long) series * steps;
            int stepsPerBatch = Math.max(1, batchSamples / series);
            int batches = (steps + stepsPerBatch - 1) / stepsPerBatch;
            return new Result(samples / seconds, (double) bytes / samples, samples, series, stepMillis, batches,
                    seconds, bytes);
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    private static double engine(Path dir, int series, int steps, long stepMillis, int batchSamples, long seed) {
        SeriesKey[] keys = new SeriesKey[series];
        double[] level = new double[series];
        Random random = new Random(seed);
        for (int s = 0; s < series; s++) {
            keys[s] = BenchSupport.series(s);
            level[s] = 20 + random.nextInt(800);
        }
        int stepsPerBatch = Math.max(1, batchSamples / series);
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        List<Point> batch = new ArrayList<>(stepsPerBatch * series);
        long start = System.nanoTime();
        try (Store store = Store.open(dir, options)) {
            for (int first = 0; first < steps; first += stepsPerBatch) {
                int last = Math.min(steps, first + stepsPerBatch);
                batch.clear();
                for (int s = 0; s < series; s++) {
                    for (int i = first; i < last; i++) {
                        double v = level[s] + 5 * Math.sin(i / 144.0 + s) + ((i * 31 + s * 7) % 13) / 10.0;
                        batch.add(Point.good(keys[s], BenchSupport.T0 + i * stepMillis, Math.round(v * 10) / 10.0));
                    }
                }
                store.history().append(batch);
            }
            SeriesData back = store.history().read(keys[series / 2], Long.MIN_VALUE, Long.MAX_VALUE);
            if (back.size() != steps) {
                throw new IllegalStateException("series " + keys[series / 2] + " read back " + back.size()
                        + " samples of " + steps + " appended");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@code CoarseIngestBenchmark [workDir [series [days [stepMillis [batchSamples]]]]]}; prints JSON. */
    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"), "minetwin-bench");
        int series = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SERIES;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_DAYS;
        long step = args.length > 3 ? Long.parseLong(args[3]) : DEFAULT_STEP_MILLIS;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_BATCH_SAMPLES;
        System.out.println(run(dir, series, days, step, batch, DEFAULT_SEED).toJson());
    }
}
