package io.minetwin.store;

import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link HistoryCrashIT}: appends numbered batches forever and prints each
 * batch number once its append has returned. Batch contents are a pure function of the batch
 * number, so the parent knows what every acknowledged batch wrote.
 */
public final class CrashWriter {

    static final int SERIES = 40;
    static final int STEPS = 25;
    static final long T0 = 1_767_225_600_000L;
    /** 20 s steps: a run crosses many minute, hour and chunk-window boundaries. */
    static final long STEP_MILLIS = 20_000;
    /** 10 min steps: sparse series, whose chunks and rollup blocks take the longer span tiers. */
    static final long SPARSE_STEP_MILLIS = 600_000;

    private CrashWriter() {
    }

    static SeriesKey series(int s) {
        return new SeriesKey(new TwinId("crash", "asset-" + (s / 4)), "motor", "ch" + (s % 4));
    }

    static long time(int batch, int step, long stepMillis) {
        return T0 + ((long) batch * STEPS + step) * stepMillis;
    }

    /** The in-order value of series {@code s} at a time; a 0.1 resolution decimal, or NaN now and then. */
    static double value(int s, long time, long stepMillis) {
        long i = (time - T0) / stepMillis;
        if ((i * 31 + s) % 97 == 0) {
            return Double.NaN;
        }
        return Math.round(200 + s * 10 + Math.sin(i / 50.0) * 100 + ((i * 7 + s) % 11)) / 10.0;
    }

    static QualityLevel quality(int s, long time, long stepMillis) {
        return Double.isNaN(value(s, time, stepMillis)) ? QualityLevel.BAD : QualityLevel.GOOD;
    }

    /** The value batch {@code b} writes over step {@code step} of batch {@code b - 2} (a backfill). */
    static double rewritten(int s, long time, long stepMillis) {
        return -value(s, time, stepMillis);
    }

    /** Whether batch {@code b} rewrites some samples of batch {@code b - 2}; most batches do not, so the log matters. */
    static boolean rewrites(int b) {
        return b >= 2 && b % 4 == 3;
    }

    /** Steps of batch {@code b - 2} that a rewriting batch {@code b} rewrites, for series {@code s}. */
    static boolean isRewritten(int s, int step) {
        return s % 3 == 0 && (s + step) % 9 == 0;
    }

    static List<Point> batch(int b, long stepMillis) {
        List<Point> points = new ArrayList<>(SERIES * STEPS + SERIES * 3);
        for (int step = 0; step < STEPS; step++) {
            long t = time(b, step, stepMillis);
            for (int s = 0; s < SERIES; s++) {
                points.add(new Point(series(s), t, value(s, t, stepMillis), quality(s, t, stepMillis)));
            }
        }
        if (rewrites(b)) {
            for (int step = 0; step < STEPS; step++) {
                long t = time(b - 2, step, stepMillis);
                for (int s = 0; s < SERIES; s++) {
                    if (isRewritten(s, step) && !Double.isNaN(value(s, t, stepMillis))) {
                        points.add(Point.good(series(s), t, rewritten(s, t, stepMillis)));
                    }
                }
            }
        }
        return points;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long checkpointBytes = Long.parseLong(args[1]);
        int chunkMaxSamples = Integer.parseInt(args[2]);
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO).withCheckpointBytes(checkpointBytes)
                .withChunkMaxSamples(chunkMaxSamples);
        Store store = Store.open(dir, options);
        int first = Integer.parseInt(args[3]);
        long stepMillis = Long.parseLong(args[4]);
        for (int b = first; ; b++) {
            store.history().append(batch(b, stepMillis));
            System.out.println("ack " + b);
            System.out.flush();
        }
    }
}
