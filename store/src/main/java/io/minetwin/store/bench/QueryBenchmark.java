package io.minetwin.store.bench;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Range-read throughput of history against a scan of one RocksDB record per sample, and the time to
 * read a year of hourly rollups.
 *
 * <p>Setup: {@code series} 1 Hz temperatures of {@code samplesPerSeries} samples go into history
 * (timestamp-major appends) and into the baseline layout of {@link IngestBenchmark}; one more series
 * gets a year of 1-minute samples appended in time order. Both stores are closed and reopened so
 * reads come from disk. Then {@code queries} reads of a random series' whole range run against each
 * (after one untimed warm-up pass), and the year of hourly rollups is read 7 times; the median counts.
 */
public final class QueryBenchmark {

    public static final int DEFAULT_SERIES = 100;
    public static final int DEFAULT_SAMPLES_PER_SERIES = 21_600;
    public static final int DEFAULT_QUERIES = 500;
    public static final long DEFAULT_SEED = 20260101L;
    private static final long YEAR_MILLIS = 365L * 24 * 3_600_000L;

    private QueryBenchmark() {
    }

    /** The figures of one run; {@link #figures()} names them as the CLI prints them. */
    public record Result(double enginePointsPerS, double baselinePointsPerS, double ratio, double rollupYearMs,
                         long points, int queries, int rollupYearBuckets, double engineSeconds,
                         double baselineSeconds) {

        /** The figures in print order under their snake_case names. */
        public Map<String, Object> figures() {
            Map<String, Object> f = BenchFigures.ordered();
            f.put("engine_points_per_s", Math.round(enginePointsPerS));
            f.put("baseline_points_per_s", Math.round(baselinePointsPerS));
            f.put("ratio", BenchFigures.round(ratio, 2));
            f.put("rollup_year_ms", BenchFigures.round(rollupYearMs, 3));
            f.put("points", points);
            f.put("queries", queries);
            f.put("rollup_year_buckets", rollupYearBuckets);
            f.put("engine_seconds", BenchFigures.round(engineSeconds, 3));
            f.put("baseline_seconds", BenchFigures.round(baselineSeconds, 3));
            return f;
        }

        public String toJson() {
            return BenchFigures.json(figures());
        }

    }

    /** Runs with the defaults: 100 series of 6 hours at 1 Hz, 500 queries. */
    public static Result run(Path workDir) {
        return run(workDir, DEFAULT_SERIES, DEFAULT_SAMPLES_PER_SERIES, DEFAULT_QUERIES, DEFAULT_SEED);
    }

    /**
     * Measures reads. Uses and then deletes the directories {@code query-engine} and {@code
     * query-baseline} under {@code workDir}.
     */
    public static Result run(Path workDir, int series, int samplesPerSeries, int queries, long seed) {
        if (series < 1 || samplesPerSeries < 1 || queries < 1) {
            throw new IllegalArgumentException("series, samplesPerSeries and queries must be at least 1, got "
                    + series + ", " + samplesPerSeries + " and " + queries);
        }
        double[][] values = BenchSupport.temperatures(series, samplesPerSeries, seed);
        Path engineDir = workDir.resolve("query-engine");
        Path baselineDir = workDir.resolve("query-baseline");
        BenchSupport.deleteTree(engineDir);
        BenchSupport.deleteTree(baselineDir);
        BenchSupport.createDirectories(workDir);
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        SeriesKey yearSeries = BenchSupport.series(series);
        long yearStart = BenchSupport.T0 - YEAR_MILLIS;
        try {
            try (Store store = Store.open(engineDir, options)) {
                fill(store.history(), values);
                fillYear(store.history(), yearSeries, yearStart, seed);
            }
            RocksDB.loadLibrary();
            try (Options o = BenchSupport.baselineOptions(); RocksDB db = RocksDB.open(o, baselineDir.toString());
                 FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                BenchSupport.writeBaseline(db, values, 1000, false);
                db.flush(flush);
                db.compactRange();
            }
            int[] picks = new Random(seed).ints(queries, 0, series).toArray();
            long from = BenchSupport.T0;
            long to = BenchSupport.T0 + samplesPerSeries * 1000L;
            double engineSeconds;
            double baselineSeconds;
            long points;
            double yearMs;
            int yearBuckets;
            try (Store store = Store.open(engineDir, options)) {
                History h = store.history();
                readEngine(h, picks, from, to); // warm-up
                long start = System.nanoTime();
                points = readEngine(h, picks, from, to);
                engineSeconds = (System.nanoTime() - start) / 1e9;
                double[] ms = new double[8];
                yearBuckets = 0;
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    RollupData year = h.readRollup(yearSeries, Resolution.HOUR, yearStart, yearStart + YEAR_MILLIS);
                    ms[i] = (System.nanoTime() - t) / 1e6;
                    yearBuckets = year.size();
                }
                double[] timed = Arrays.copyOfRange(ms, 1, ms.length); // the first read warms up
                Arrays.sort(timed);
                yearMs = timed[timed.length / 2];
            }
            try (Options o = BenchSupport.baselineOptions(); RocksDB db = RocksDB.open(o, baselineDir.toString())) {
                readBaseline(db, picks, from, to);
                long start = System.nanoTime();
                long baselinePoints = readBaseline(db, picks, from, to);
                baselineSeconds = (System.nanoTime() - start) / 1e9;
                if (baselinePoints != points) {
                    throw new IllegalStateException("engine read " + points + " points but the baseline " + baselinePoints);
                }
            } catch (RocksDBException e) {
                throw new IllegalStateException("baseline RocksDB in " + baselineDir + " failed: " + e.getMessage(), e);
            }
            double engineRate = points / engineSeconds;
            double baselineRate = points / baselineSeconds;
            return new Result(engineRate, baselineRate, engineRate / baselineRate, yearMs, points, queries,
                    yearBuckets, engineSeconds, baselineSeconds);
        } catch (RocksDBException e) {
            throw new IllegalStateException("baseline RocksDB in " + baselineDir + " failed: " + e.getMessage(), e);
        } finally {
            BenchSupport.deleteTree(engineDir);
            BenchSupport.deleteTree(baselineDir);
        }
    }

    private static void fill(History history, double[][] values) {
        int series = values[0].length;
        SeriesKey[] keys = new SeriesKey[series];
        for (int s = 0; s < series; s++) {
            keys[s] = BenchSupport.series(s);
        }
        // Ten timestamps per append keep the batches near 1,000 points.
        int perBatch = Math.max(1, 1000 / series);
        List<Point> batch = new ArrayList<>();
        for (int t = 0; t < values.length; t++) {
            for (int s = 0; s < series; s++) {
                batch.add(Point.good(keys[s], BenchSupport.T0 + t * 1000L, values[t][s]));
            }
            if ((t + 1) % perBatch == 0 || t == values.length - 1) {
                history.append(batch);
                batch = new ArrayList<>();
            }
        }
    }

    /** A year of 1-minute samples, a slow random walk at 0.1 resolution, appended in time order. */
    static void fillYear(History history, SeriesKey key, long start, long seed) {
        Random random = new Random(seed + 1);
        double level = 50;
        List<Point> batch = new ArrayList<>(10_000);
        for (long t = start; t < start + YEAR_MILLIS; t += 60_000) {
            level += (random.nextDouble() - 0.5) * 0.4;
            batch.add(Point.good(key, t, Math.round(level * 10) / 10.0));
            if (batch.size() == 10_000) {
                history.append(batch);
                batch = new ArrayList<>(10_000);
            }
        }
        history.append(batch);
    }

    private static long readEngine(History h, int[] picks, long from, long to) {
        long points = 0;
        double checksum = 0;
        for (int s : picks) {
            SeriesData d = h.read(BenchSupport.series(s), from, to);
            points += d.size();
            checksum += d.size() > 0 ? d.value(d.size() - 1) : 0;
        }
        return checksum == -1 ? -1 : points;
    }

    private static long readBaseline(RocksDB db, int[] picks, long from, long to) {
        long points = 0;
        double checksum = 0;
        try (RocksIterator it = db.newIterator()) {
            for (int s : picks) {
                byte[] end = BenchSupport.baselineKey(s, to);
                // Decode into columns as history does, so both sides produce the same result.
                long[] times = new long[1024];
                double[] vals = new double[1024];
                byte[] quals = new byte[1024];
                int n = 0;
                for (it.seek(BenchSupport.baselineKey(s, from)); it.isValid(); it.next()) {
                    byte[] k = it.key();
                    if (Arrays.compareUnsigned(k, end) >= 0) {
                        break;
                    }
                    byte[] v = it.value();
                    if (n == times.length) {
                        times = Arrays.copyOf(times, n * 2);
                        vals = Arrays.copyOf(vals, n * 2);
                        quals = Arrays.copyOf(quals, n * 2);
                    }
                    times[n] = BenchSupport.baselineTime(k);
                    vals[n] = BenchSupport.baselineDouble(v);
                    quals[n] = v[8];
                    n++;
                }
                SeriesData d = new SeriesData(times, vals, quals, n);
                points += d.size();
                checksum += n > 0 ? d.value(n - 1) : 0;
            }
        }
        return checksum == -1 ? -1 : points;
    }

    /** {@code QueryBenchmark [workDir [series [samplesPerSeries [queries [seed]]]]]}; prints the figures as JSON. */
    public static void main(String[] args) {
        Path dir = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"), "minetwin-bench");
        int series = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SERIES;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_SAMPLES_PER_SERIES;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_QUERIES;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : DEFAULT_SEED;
        System.out.println(run(dir, series, samples, queries, seed).toJson());
    }
}
