package io.minetwin.store.bench;

import io.minetwin.model.History;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The store's parts of {@code bench scale}: one point of a cost curve each, measured the way {@link
 * IngestBenchmark} and {@link QueryBenchmark} measure, so that the curve's points compare with those benches.
 */
public final class ScaleProbes {

    private static final long YEAR_MILLIS = 365L * 24 * 3_600_000L;

    private ScaleProbes() {
    }

    /** One ingest point: the store's acknowledged append path and the one-record-per-sample baseline. */
    public record Ingest(int series, long samples, double engineSeconds, double baselineSeconds) {
        public double engineSamplesPerS() {
            return samples / engineSeconds;
        }

        public double baselineSamplesPerS() {
            return samples / baselineSeconds;
        }
    }

    /**
     * Appends {@code series x samplesPerSeries} samples timestamp-major (one append per timestamp) with
     * {@link Durability#ACKNOWLEDGED}, then writes the same samples as the baseline layout; the directories
     * {@code scale-engine} and {@code scale-baseline} under {@code work} are removed afterwards. The first
     * call in a process should be a small untimed one, to warm up the JIT.
     */
    public static Ingest ingest(Path work, int series, int samplesPerSeries, long seed) {
        if (series < 1 || samplesPerSeries < 1) {
            throw new IllegalArgumentException("series and samplesPerSeries must be at least 1");
        }
        double[][] values = BenchSupport.temperatures(series, samplesPerSeries, seed);
        Path engineDir = work.resolve("scale-engine");
        Path baselineDir = work.resolve("scale-baseline");
        BenchSupport.createDirectories(work);
        try {
            BenchSupport.deleteTree(engineDir);
            double engine = IngestBenchmark.engine(engineDir, values, Durability.ACKNOWLEDGED);
            BenchSupport.deleteTree(engineDir);
            BenchSupport.deleteTree(baselineDir);
            double baseline = IngestBenchmark.baseline(baselineDir, values);
            return new Ingest(series, (long) series * samplesPerSeries, engine, baseline);
        } finally {
            BenchSupport.deleteTree(engineDir);
            BenchSupport.deleteTree(baselineDir);
        }
    }

    /** One history read point: a raw read and an hourly-rollup read of the same range, medians in ms. */
    public record Read(long rangeMillis, long rawPoints, double rawMs, int rollupBuckets, double rollupMs) {
    }

    /**
     * Stores one series with a year of 1-minute samples (525,600), closes and reopens the store so that reads
     * come from disk, then reads the last {@code rangesMillis[i]} of the year raw and as hourly rollups,
     * {@code repeats} times each after one untimed read; the medians count. Uses and removes {@code
     * scale-query} under {@code work}.
     */
    public static Read[] historyReads(Path work, long[] rangesMillis, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1");
        }
        Path dir = work.resolve("scale-query");
        BenchSupport.createDirectories(work);
        BenchSupport.deleteTree(dir);
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        SeriesKey key = BenchSupport.series(0);
        long end = BenchSupport.T0;
        long start = end - YEAR_MILLIS;
        try {
            try (Store store = Store.open(dir, options)) {
                QueryBenchmark.fillYear(store.history(), key, start, seed);
            }
            Read[] out = new Read[rangesMillis.length];
            try (Store store = Store.open(dir, options)) {
                History h = store.history();
                for (int i = 0; i < rangesMillis.length; i++) {
                    long from = end - Math.min(rangesMillis[i], YEAR_MILLIS);
                    double[] raw = new double[repeats + 1];
                    double[] rollup = new double[repeats + 1];
                    long points = 0;
                    int buckets = 0;
                    for (int r = 0; r <= repeats; r++) {
                        long t = System.nanoTime();
                        SeriesData d = h.read(key, from, end);
                        raw[r] = (System.nanoTime() - t) / 1e6;
                        points = d.size();
                        t = System.nanoTime();
                        RollupData y = h.readRollup(key, Resolution.HOUR, from, end);
                        rollup[r] = (System.nanoTime() - t) / 1e6;
                        buckets = y.size();
                    }
                    out[i] = new Read(end - from, points, median(raw), buckets, median(rollup));
                }
            }
            return out;
        } finally {
            BenchSupport.deleteTree(dir);
        }
    }

    /** The median of all but the first (warm-up) value. */
    private static double median(double[] v) {
        double[] timed = Arrays.copyOfRange(v, 1, v.length);
        Arrays.sort(timed);
        return timed[timed.length / 2];
    }
}
