package io.minetwin.store;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.PointBatch;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link History} must have. Extend it with a factory for an implementation;
 * the store's test-jar ships it so other modules can hold their histories to it too.
 */
public abstract class HistoryContract {

    protected static final TwinId TWIN = new TwinId("test", "shovel-07");
    protected static final SeriesKey TEMP = new SeriesKey(TWIN, "hoist-motor", "winding-temp");
    protected static final SeriesKey CURRENT = new SeriesKey(TWIN, "hoist-motor", "current");
    protected static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private History history;

    /** A new, empty history with {@code retention}. */
    protected abstract History create(RetentionPolicy retention);

    /**
     * The same history after a restart: close and open again where that means something, else
     * {@code current} itself.
     */
    protected History reopen(History current) {
        return current;
    }

    protected final History history() {
        if (history == null) {
            history = create(RetentionPolicy.KEEP_ALL);
        }
        return history;
    }

    protected final History history(RetentionPolicy retention) {
        history = create(retention);
        return history;
    }

    protected final History restart() {
        history = reopen(history());
        return history;
    }

    @AfterEach
    void closeHistory() {
        if (history != null) {
            history.close();
        }
    }

    // ------------------------------------------------------------ raw round trips

    @Test
    void appendedPointsReadBackWithTimesValuesAndQualities() {
        List<Point> points = List.of(
                Point.good(TEMP, T0, 71.5),
                new Point(TEMP, T0 + 1000, 71.6, QualityLevel.UNCERTAIN),
                Point.good(TEMP, T0 + 2000, -3.25),
                new Point(TEMP, T0 + 3000, Double.NaN, QualityLevel.BAD));
        history().append(points);
        assertPoints(points, history().read(TEMP, T0, T0 + 10_000));
    }

    @Test
    void readReturnsTheHalfOpenRangeOnly() {
        history().append(ramp(TEMP, T0, 1000, 100));
        SeriesData data = history().read(TEMP, T0 + 10_000, T0 + 20_000);
        assertEquals(10, data.size());
        assertEquals(T0 + 10_000, data.time(0));
        assertEquals(T0 + 19_000, data.time(9));
        assertEquals(0, history().read(TEMP, T0 + 20_000, T0 + 20_000).size());
        assertEquals(0, history().read(TEMP, T0 + 30_000, T0 + 20_000).size());
        assertEquals(0, history().read(TEMP, T0 + 200_000, T0 + 300_000).size());
    }

    @Test
    void unknownSeriesReadsEmpty() {
        history().append(ramp(TEMP, T0, 1000, 3));
        assertEquals(0, history().read(CURRENT, T0, T0 + 10_000).size());
        assertEquals(0, history().readRollup(CURRENT, Resolution.MINUTE, T0, T0 + HOUR).size());
    }

    @Test
    void seriesAreKeptApartAndListed() {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Point.good(TEMP, T0 + i * 1000L, 20 + i * 0.1));
            batch.add(Point.good(CURRENT, T0 + i * 1000L, 400 + i));
        }
        history().append(batch);
        assertEquals(Set.of(TEMP, CURRENT), history().series());
        SeriesData temp = history().read(TEMP, T0, T0 + DAY);
        SeriesData current = history().read(CURRENT, T0, T0 + DAY);
        assertEquals(50, temp.size());
        assertEquals(50, current.size());
        assertEquals(20 + 49 * 0.1, temp.value(49));
        assertEquals(449.0, current.value(49));
    }

    @Test
    void longRunsAcrossManyChunksReadBackExactly() {
        Random random = new Random(7);
        List<Point> all = new ArrayList<>();
        long t = T0 - 5 * HOUR; // crosses chunk windows
        for (int i = 0; i < 20_000; i++) {
            t += 500 + random.nextInt(1000);
            double v = i % 3 == 0 ? Math.round(random.nextGaussian() * 100) / 10.0 : random.nextDouble() * 1e6;
            all.add(Point.good(TEMP, t, v));
        }
        for (int i = 0; i < all.size(); i += 997) {
            history().append(all.subList(i, Math.min(all.size(), i + 997)));
        }
        assertPoints(all, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
        restart();
        assertPoints(all, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
        long from = all.get(5000).time();
        long to = all.get(15000).time();
        assertPoints(all.subList(5000, 15000), history().read(TEMP, from, to));
    }

    @Test
    void negativeAndExtremeTimesRoundTrip() {
        List<Point> points = List.of(
                Point.good(TEMP, Point.MIN_TIME, 1),
                Point.good(TEMP, -86_400_000L * 365 * 30, 2),
                Point.good(TEMP, -1, 3),
                Point.good(TEMP, 0, 4),
                Point.good(TEMP, Point.MAX_TIME, 5));
        history().append(points);
        assertPoints(points, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
        assertPoints(points.subList(1, 4), history().read(TEMP, -86_400_000L * 365 * 30, 1));
        assertEquals(5, history().readRollup(TEMP, Resolution.MINUTE, Long.MIN_VALUE, Long.MAX_VALUE).size());
        restart();
        assertPoints(points, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void timesBeyondTheStoredRangeAreRejectedWithoutStoringTheBatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history().append(List.of(
                Point.good(TEMP, T0, 1), Point.good(TEMP, Long.MAX_VALUE, 2))));
        assertTrue(e.getMessage().contains("point 1"), e.getMessage());
        assertEquals(0, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE).size());
        history().append(List.of(Point.good(TEMP, T0, 1)));
        assertEquals(1, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    // ------------------------------------------------------------ order and overwrites

    @Test
    void outOfOrderPointsReadInTimeOrder() {
        history().append(ramp(TEMP, T0 + 100_000, 1000, 50));
        history().append(ramp(TEMP, T0, 1000, 50)); // older history imported afterwards
        history().append(List.of(Point.good(TEMP, T0 + 75_500, -1), Point.good(TEMP, T0 + 30_500, -2)));
        SeriesData data = history().read(TEMP, T0, T0 + DAY);
        assertEquals(102, data.size());
        for (int i = 1; i < data.size(); i++) {
            assertTrue(data.time(i) > data.time(i - 1), "times increase at " + i);
        }
        restart();
        assertEquals(102, history().read(TEMP, T0, T0 + DAY).size());
    }

    @Test
    void laterWriteOfTheSameTimeWins() {
        history().append(ramp(TEMP, T0, 1000, 600));
        // Same batch: the later point wins.
        history().append(List.of(Point.good(TEMP, T0 + 700_000, 1), Point.good(TEMP, T0 + 700_000, 2)));
        // Overwrite an old one and one near the end (in the open chunk).
        history().append(List.of(Point.good(TEMP, T0 + 5000, -5), Point.good(TEMP, T0 + 599_000, -599)));
        history().append(List.of(new Point(TEMP, T0 + 5000, Double.NaN, QualityLevel.BAD)));
        for (int round = 0; round < 2; round++) {
            SeriesData data = history().read(TEMP, T0, T0 + DAY);
            assertEquals(601, data.size());
            assertEquals(2.0, valueAt(data, T0 + 700_000));
            assertTrue(Double.isNaN(valueAt(data, T0 + 5000)));
            assertEquals(QualityLevel.BAD, data.quality(indexOf(data, T0 + 5000)));
            assertEquals(-599.0, valueAt(data, T0 + 599_000));
            assertEquals(7.0, valueAt(data, T0 + 6000));
            assertRollupsMatchRaw(TEMP, T0, T0 + DAY);
            restart();
        }
        // More in-order data after the overwrites still lands after them.
        history().append(ramp(TEMP, T0 + 701_000, 1000, 10));
        assertEquals(611, history().read(TEMP, T0, T0 + DAY).size());
        assertEquals(2.0, valueAt(history().read(TEMP, T0, T0 + DAY), T0 + 700_000));
    }

    @Test
    void duplicateBatchIsIdempotent() {
        List<Point> batch = ramp(TEMP, T0, 1000, 100);
        history().append(batch);
        history().append(batch);
        assertPoints(batch, history().read(TEMP, T0, T0 + DAY));
        assertRollupsMatchRaw(TEMP, T0, T0 + DAY);
    }

    // ------------------------------------------------------------ special values

    @Test
    void specialValuesRoundTripBitForBit() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 0.1, 123456.789};
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(TEMP, T0 + i, values[i], i == 0 ? QualityLevel.BAD : QualityLevel.GOOD));
        }
        history().append(points);
        restart();
        SeriesData data = history().read(TEMP, T0, T0 + 100);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(data.value(i)),
                    "value " + values[i]);
        }
    }

    @Test
    void badAndUncertainSamplesAndNonFiniteValuesStayOutOfRollups() {
        history().append(List.of(
                Point.good(TEMP, T0, 10),
                new Point(TEMP, T0 + 1000, 1000, QualityLevel.BAD),
                new Point(TEMP, T0 + 2000, 500, QualityLevel.UNCERTAIN),
                Point.good(TEMP, T0 + 3000, Double.NaN),
                Point.good(TEMP, T0 + 4000, Double.POSITIVE_INFINITY),
                Point.good(TEMP, T0 + 5000, 20)));
        RollupData m = history().readRollup(TEMP, Resolution.MINUTE, T0, T0 + HOUR);
        assertEquals(1, m.size());
        assertEquals(T0, m.starts()[0]);
        assertEquals(2, m.count()[0]);
        assertEquals(10.0, m.min()[0]);
        assertEquals(20.0, m.max()[0]);
        assertEquals(30.0, m.sum()[0]);
        assertEquals(15.0, m.mean(0));
        assertEquals(6, history().read(TEMP, T0, T0 + HOUR).size());
    }

    // ------------------------------------------------------------ rollups

    @Test
    void rollupsEqualAggregatesOfRaw() {
        Random random = new Random(42);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            long t = T0 + i * 700L;
            double v = random.nextInt(10) == 0 ? random.nextGaussian() * 1e3 : Math.round(random.nextGaussian() * 50) / 10.0;
            QualityLevel q = random.nextInt(20) == 0 ? QualityLevel.BAD : QualityLevel.GOOD;
            points.add(new Point(TEMP, t, q == QualityLevel.BAD ? Double.NaN : v, q));
        }
        for (int i = 0; i < points.size(); i += 1000) {
            history().append(points.subList(i, i + 1000));
        }
        assertRollupsMatchRaw(TEMP, T0 - DAY, T0 + 2 * DAY);
        // Backfill into finished hours and minutes, and over existing samples.
        List<Point> late = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            late.add(Point.good(TEMP, T0 + random.nextInt(30_000 * 700) , random.nextInt(1000) / 10.0));
        }
        history().append(late);
        assertRollupsMatchRaw(TEMP, T0 - DAY, T0 + 2 * DAY);
        restart();
        assertRollupsMatchRaw(TEMP, T0 - DAY, T0 + 2 * DAY);
        history().append(ramp(TEMP, T0 + 30_000 * 700L, 1000, 4000));
        assertRollupsMatchRaw(TEMP, T0 - DAY, T0 + 2 * DAY);
    }

    @Test
    void rollupRangeSelectsBucketsByStart() {
        history().append(ramp(TEMP, T0, 10_000, 3 * 360)); // three hours at 10 s
        RollupData hours = history().readRollup(TEMP, Resolution.HOUR, T0 + 1, T0 + 3 * HOUR);
        assertEquals(2, hours.size());
        assertEquals(T0 + HOUR, hours.starts()[0]);
        assertEquals(360, hours.count()[0]);
        RollupData minutes = history().readRollup(TEMP, Resolution.MINUTE, T0 + 30 * 60_000L, T0 + 90 * 60_000L);
        assertEquals(60, minutes.size());
        assertEquals(T0 + 30 * 60_000L, minutes.starts()[0]);
        assertEquals(6, minutes.count()[0]);
    }

    // ------------------------------------------------------------ retention and restart

    @Test
    void retentionDeletesExpiredTiersAndKeepsTheRest() {
        History h = history(new RetentionPolicy(Duration.ofDays(2), Duration.ofDays(10), Duration.ZERO));
        long now = T0 + 30 * DAY;
        h.append(ramp(TEMP, now - 20 * DAY, 60_000, 60)); // raw and minutes expired, hours kept
        h.append(ramp(TEMP, now - 5 * DAY, 60_000, 60)); // raw expired, minutes and hours kept
        h.append(ramp(TEMP, now - DAY / 2, 60_000, 60)); // everything kept
        long deleted = h.enforceRetention(now);
        assertTrue(deleted > 0, "something was deleted");
        h = restart();
        SeriesData raw = h.read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE);
        assertEquals(60, raw.size());
        assertEquals(now - DAY / 2, raw.time(0));
        assertEquals(120, h.readRollup(TEMP, Resolution.MINUTE, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(3, h.readRollup(TEMP, Resolution.HOUR, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(Set.of(TEMP), h.series());
        // Appends continue after a sweep.
        h.append(ramp(TEMP, now, 1000, 10));
        assertEquals(70, h.read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE).size());
        assertEquals(0, h.enforceRetention(now));
    }

    @Test
    void restartPreservesSamplesRollupsAndSeries() {
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            batch.add(Point.good(TEMP, T0 + i * 1000L, Math.round(Math.sin(i / 100.0) * 1000) / 10.0));
            batch.add(new Point(CURRENT, T0 + i * 1000L, i, i % 100 == 0 ? QualityLevel.UNCERTAIN : QualityLevel.GOOD));
        }
        history().append(batch);
        SeriesData before = history().read(TEMP, T0, T0 + DAY);
        RollupData minutes = history().readRollup(CURRENT, Resolution.MINUTE, T0, T0 + DAY);
        restart();
        assertEquals(Set.of(TEMP, CURRENT), history().series());
        assertSame(before, history().read(TEMP, T0, T0 + DAY));
        assertRollupEquals(minutes, history().readRollup(CURRENT, Resolution.MINUTE, T0, T0 + DAY));
        history().append(List.of(Point.good(TEMP, T0 + 3000 * 1000L, 1.5)));
        restart();
        assertEquals(3001, history().read(TEMP, T0, T0 + DAY).size());
    }

    // ------------------------------------------------------------ sparse series

    @Test
    void sparseSeriesInLargeAndSmallBatchesReadBackWithRollupsAndBackfills() {
        // Ten-minute samples over 60 days next to a 10 s series: large series-major batches, then
        // one sample per append, then a backfill over old and new times.
        long step = 10 * 60_000L;
        List<Point> temp = new ArrayList<>();
        List<Point> current = new ArrayList<>();
        for (int i = 0; i < 60 * 144; i++) {
            temp.add(Point.good(TEMP, T0 + i * step, Math.round(Math.sin(i / 30.0) * 500) / 10.0));
        }
        for (int i = 0; i < 3 * 360; i++) {
            current.add(Point.good(CURRENT, T0 + i * 10_000L, i % 17));
        }
        int big = 50 * 144;
        List<Point> first = new ArrayList<>(temp.subList(0, big));
        first.addAll(current);
        history().append(first);
        for (int i = big; i < temp.size(); i++) {
            history().append(List.of(temp.get(i)));
        }
        List<Point> expected = new ArrayList<>(temp);
        List<Point> late = new ArrayList<>();
        for (int d = 1; d < 59; d += 3) {
            late.add(Point.good(TEMP, T0 + d * DAY + 7 * step, -d));        // overwrites
            late.add(Point.good(TEMP, T0 + d * DAY + 7 * step + 1234, d));  // new times
        }
        history().append(late);
        expected.addAll(late);
        for (int round = 0; round < 2; round++) {
            assertPoints(expected, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
            assertPoints(current, history().read(CURRENT, Long.MIN_VALUE, Long.MAX_VALUE));
            long from = T0 + 17 * DAY + 5 * HOUR + 1;
            long to = T0 + 40 * DAY + 3 * HOUR;
            assertPoints(expected.stream().filter(p -> p.time() >= from && p.time() < to).toList(),
                    history().read(TEMP, from, to));
            assertRollupsMatchRaw(TEMP, T0 - DAY, T0 + 70 * DAY);
            assertRollupsMatchRaw(TEMP, from - 1, to); // whole hours: buckets are selected by start
            assertRollupsMatchRaw(CURRENT, T0, T0 + DAY);
            restart();
        }
    }

    @Test
    void seriesChangingItsSpacingKeepsEverySample() {
        List<Point> all = new ArrayList<>();
        long t = T0;
        long[] steps = {1000, 15 * 60_000L, 5000, 60 * 60_000L, 1000};
        for (long step : steps) {
            for (int i = 0; i < 700; i++) {
                all.add(Point.good(TEMP, t, all.size() / 10.0));
                t += step;
            }
        }
        for (int i = 0; i < all.size(); i += 233) {
            history().append(all.subList(i, Math.min(all.size(), i + 233)));
        }
        assertPoints(all, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
        assertRollupsMatchRaw(TEMP, Long.MIN_VALUE, Long.MAX_VALUE);
        restart();
        assertPoints(all, history().read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE));
        for (int k = 0; k < all.size(); k += 301) {
            long from = all.get(k).time() + 1;
            long to = all.get(Math.min(all.size() - 1, k + 450)).time();
            assertPoints(all.stream().filter(p -> p.time() >= from && p.time() < to).toList(),
                    history().read(TEMP, from, to));
        }
        assertRollupsMatchRaw(TEMP, Long.MIN_VALUE, Long.MAX_VALUE);
        long hour = Resolution.HOUR.bucketStart(all.get(1000).time()) + HOUR;
        assertRollupsMatchRaw(TEMP, hour, Resolution.HOUR.bucketStart(all.get(2500).time()));
    }

    @Test
    void retentionOfSparseSeriesKeepsWhatIsYoungEnough() {
        History h = history(new RetentionPolicy(Duration.ofDays(3), Duration.ofDays(20), Duration.ofDays(60)));
        long now = T0 + 200 * DAY;
        List<Point> points = new ArrayList<>();
        for (long t = now - 150 * DAY; t < now; t += 10 * 60_000L) {
            points.add(Point.good(TEMP, t, 1));
        }
        h.append(points);
        assertTrue(h.enforceRetention(now) > 0, "something was deleted");
        h = restart();
        // Raw, minute and hour data may outlive retention by up to one chunk window or block span.
        SeriesData raw = h.read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(raw.time(0) >= now - 3 * DAY - 16 * DAY && raw.time(0) <= now - 3 * DAY, "raw from " + raw.time(0));
        assertEquals(now - 10 * 60_000L, raw.time(raw.size() - 1));
        RollupData minutes = h.readRollup(TEMP, Resolution.MINUTE, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(minutes.starts()[0] >= now - 21 * DAY && minutes.starts()[0] <= now - 20 * DAY);
        RollupData hours = h.readRollup(TEMP, Resolution.HOUR, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(hours.starts()[0] >= now - 76 * DAY && hours.starts()[0] <= now - 60 * DAY);
        assertRollupsMatchRaw(TEMP, now - 3 * DAY, now);
        h.append(List.of(Point.good(TEMP, now, 2)));
        assertEquals(raw.size() + 1, h.read(TEMP, Long.MIN_VALUE, Long.MAX_VALUE).size());
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void concurrentAppendsAndReadsLoseNothing() throws Exception {
        History h = history();
        int writers = 3;
        int batches = 200;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers + 1);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SeriesKey key = new SeriesKey(TWIN, "writer", "w" + w);
                done.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<Point> batch = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            batch.add(Point.good(key, T0 + (b * 20L + i) * 1000, b + i / 10.0));
                        }
                        h.append(batch);
                    }
                    return null;
                }));
            }
            java.util.concurrent.Future<?> reader = pool.submit(() -> {
                SeriesKey key = new SeriesKey(TWIN, "writer", "w0");
                int last = 0;
                while (last < batches * 20) {
                    SeriesData d = h.read(key, Long.MIN_VALUE, Long.MAX_VALUE);
                    assertTrue(d.size() >= last, "a read lost samples: " + d.size() + " after " + last);
                    for (int i = 1; i < d.size(); i++) {
                        assertTrue(d.time(i) > d.time(i - 1));
                    }
                    h.readRollup(key, Resolution.MINUTE, Long.MIN_VALUE, Long.MAX_VALUE);
                    last = d.size();
                }
                return null;
            });
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            reader.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int w = 0; w < writers; w++) {
            SeriesKey key = new SeriesKey(TWIN, "writer", "w" + w);
            assertEquals(batches * 20, h.read(key, Long.MIN_VALUE, Long.MAX_VALUE).size());
            assertRollupsMatchRaw(key, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    // ------------------------------------------------------------ helpers

    protected static List<Point> ramp(SeriesKey series, long start, long step, int n) {
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(Point.good(series, start + i * step, i + 1));
        }
        return points;
    }

    protected static void assertPoints(List<Point> expected, SeriesData actual) {
        TreeMap<Long, Point> byTime = new TreeMap<>();
        expected.forEach(p -> byTime.put(p.time(), p));
        assertEquals(byTime.size(), actual.size(), "sample count");
        int i = 0;
        for (Point p : byTime.values()) {
            assertEquals(p.time(), actual.time(i), "time at " + i);
            assertEquals(Double.doubleToRawLongBits(p.value()), Double.doubleToRawLongBits(actual.value(i)),
                    "value at " + i + " (time " + p.time() + "): expected " + p.value() + " but was " + actual.value(i));
            assertEquals(p.quality(), actual.quality(i), "quality at " + i);
            i++;
        }
    }

    private static void assertSame(SeriesData expected, SeriesData actual) {
        assertEquals(expected.size(), actual.size());
        assertArrayEquals(Arrays.copyOf(expected.times(), expected.size()), Arrays.copyOf(actual.times(), actual.size()));
        assertArrayEquals(Arrays.copyOf(expected.values(), expected.size()), Arrays.copyOf(actual.values(), actual.size()));
        assertArrayEquals(Arrays.copyOf(expected.qualities(), expected.size()),
                Arrays.copyOf(actual.qualities(), actual.size()));
    }

    private static int indexOf(SeriesData data, long time) {
        int i = Arrays.binarySearch(data.times(), 0, data.size(), time);
        assertTrue(i >= 0, "time " + time + " present");
        return i;
    }

    private static double valueAt(SeriesData data, long time) {
        return data.value(indexOf(data, time));
    }

    /** Checks minute and hour rollups of {@code series} over {@code [from, to)} against its raw samples. */
    protected final void assertRollupsMatchRaw(SeriesKey series, long from, long to) {
        SeriesData raw = history().read(series, from, to);
        for (Resolution r : List.of(Resolution.MINUTE, Resolution.HOUR)) {
            TreeMap<Long, double[]> expected = new TreeMap<>();
            for (int i = 0; i < raw.size(); i++) {
                double v = raw.value(i);
                if (raw.quality(i) != QualityLevel.GOOD || !Double.isFinite(v)) {
                    continue;
                }
                double[] b = expected.computeIfAbsent(r.bucketStart(raw.time(i)),
                        k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0});
                b[0] = Math.min(b[0], v);
                b[1] = Math.max(b[1], v);
                b[2] += v;
                b[3]++;
            }
            RollupData actual = history().readRollup(series, r, from, to);
            assertEquals(expected.size(), actual.size(), r + " bucket count");
            int i = 0;
            for (var e : expected.entrySet()) {
                double[] b = e.getValue();
                String where = r + " bucket " + e.getKey();
                assertEquals(e.getKey(), actual.starts()[i], where);
                assertEquals((long) b[3], actual.count()[i], where + " count");
                assertEquals(b[0], actual.min()[i], where + " min");
                assertEquals(b[1], actual.max()[i], where + " max");
                assertEquals(b[2], actual.sum()[i], 1e-9 * Math.max(1, Math.abs(b[2])), where + " sum");
                i++;
            }
        }
    }

    @Test
    void aColumnarBatchStoresExactlyWhatTheSamePointsStore() {
        // Two series of each kind: the first pair gets lists of points, the second the same samples as columnar
        // batches, in the same appends: live batches of one sample per series, bulk batches, backfills,
        // repeated times, bad and uncertain samples.
        SeriesKey[] byList = {TEMP, CURRENT};
        SeriesKey[] byColumns = {new SeriesKey(TWIN, "drive", "winding-temp"), new SeriesKey(TWIN, "drive", "current")};
        Random random = new Random(17);
        History h = history();
        PointBatch columns = new PointBatch(4);
        long t = T0;
        for (int append = 0; append < 400; append++) {
            List<Point> list = new ArrayList<>();
            columns.clear();
            int n = append % 50 == 0 ? 300 : 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                int s = random.nextInt(2);
                long time = random.nextInt(20) == 0 ? t - random.nextInt(4 * 3_600) * 1000L : (t += 1000);
                double value = Math.round(random.nextGaussian() * 100) / 10.0;
                QualityLevel q = random.nextInt(15) == 0 ? QualityLevel.BAD
                        : random.nextInt(15) == 0 ? QualityLevel.UNCERTAIN : QualityLevel.GOOD;
                list.add(new Point(byList[s], time, q == QualityLevel.BAD ? Double.NaN : value, q));
                columns.add(byColumns[s], time, q == QualityLevel.BAD ? Double.NaN : value, q);
            }
            h.append(list);
            h.append(columns);
        }
        for (int round = 0; round < 2; round++) {
            for (int s = 0; s < 2; s++) {
                SeriesData expected = h.read(byList[s], T0 - DAY, t + 1);
                SeriesData actual = h.read(byColumns[s], T0 - DAY, t + 1);
                assertTrue(expected.size() > 1000, "the series holds what was appended");
                assertEquals(expected.size(), actual.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.times()[i], actual.times()[i], "time " + i);
                    assertEquals(Double.doubleToLongBits(expected.values()[i]),
                            Double.doubleToLongBits(actual.values()[i]), "value " + i);
                    assertEquals(expected.qualities()[i], actual.qualities()[i], "quality " + i);
                }
                for (Resolution r : new Resolution[] {Resolution.MINUTE, Resolution.HOUR}) {
                    RollupData e = h.readRollup(byList[s], r, T0 - DAY, t + 1);
                    RollupData a = h.readRollup(byColumns[s], r, T0 - DAY, t + 1);
                    assertEquals(e.size(), a.size());
                    for (int i = 0; i < e.size(); i++) {
                        assertEquals(e.starts()[i], a.starts()[i]);
                        assertEquals(e.count()[i], a.count()[i]);
                        assertEquals(e.min()[i], a.min()[i]);
                        assertEquals(e.max()[i], a.max()[i]);
                        // A checkpoint between two samples of one minute changes the order of the additions
                        // (its moment depends on the log's bytes, so it differs between the two pairs).
                        assertEquals(e.sum()[i], a.sum()[i], 1e-9 * Math.max(1, Math.abs(e.sum()[i])));
                    }
                }
            }
            h = restart();
        }
    }

    @Test
    void aColumnarBatchWithATimeOutOfRangeIsRefusedWhole() {
        PointBatch batch = new PointBatch(2).addGood(TEMP, T0, 1.0).addGood(CURRENT, Point.MAX_TIME + 1, 2.0);
        var e = assertThrows(IllegalArgumentException.class, () -> history().append(batch));
        assertTrue(e.getMessage().contains("point 1"), e.getMessage());
        assertEquals(0, history().read(TEMP, T0 - DAY, T0 + DAY).size());
    }

    private static void assertRollupEquals(RollupData expected, RollupData actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.starts()[i], actual.starts()[i]);
            assertEquals(expected.count()[i], actual.count()[i]);
            assertEquals(expected.min()[i], actual.min()[i]);
            assertEquals(expected.max()[i], actual.max()[i]);
            assertEquals(expected.sum()[i], actual.sum()[i]);
        }
    }
}
