package io.minetwin.store;

import io.minetwin.model.History;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments and checks that every acknowledged sample
 * survives with its value, and that rollups still agree with raw samples.
 */
class HistoryCrashIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSampleSurvivesKillNine() throws Exception {
        killRounds(new Random(20260101), CrashWriter.STEP_MILLIS);
    }

    /**
     * Sparse series, with chunks small enough in half the rounds that batches persist their heads
     * instead of logging their samples.
     */
    @Test
    void everyAcknowledgedSampleOfSparseSeriesSurvivesKillNine() throws Exception {
        killRounds(new Random(20260102), CrashWriter.SPARSE_STEP_MILLIS);
    }

    private void killRounds(Random random, long stepMillis) throws Exception {
        int nextBatch = 0;
        int rounds = 6;
        for (int round = 0; round < rounds; round++) {
            boolean last = round == rounds - 1;
            // The last round checkpoints after every append, so the kill most likely lands in one.
            long checkpointBytes = last ? 1 : 2_000 + random.nextInt(40_000);
            // Batches of 25 samples per series skip the log when chunks hold at most 50 samples.
            int chunkMaxSamples = round % 2 == 0 ? 8 + random.nextInt(43) : 8 + random.nextInt(200);
            int killAfter = 3 + random.nextInt(25);
            int acked = runAndKill(nextBatch, checkpointBytes, chunkMaxSamples, killAfter, stepMillis, random);
            assertTrue(acked >= nextBatch + killAfter - 1, "round " + round + " acknowledged up to " + acked);
            verify(acked, round, stepMillis);
            nextBatch = acked + 1;
        }
    }

    /**
     * Starts the writer from batch {@code first}, kills it after {@code killAfter} acks; returns the
     * last acked batch. The child's stdout goes to a file, which outlives the kill, so acks printed
     * just before it still count: their appends had returned.
     */
    private int runAndKill(int first, long checkpointBytes, int chunkMaxSamples, int killAfter, long stepMillis,
                           Random random) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path acks = Files.createTempFile(dir.getParent(), "acks", ".txt");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Long.toString(checkpointBytes),
                Integer.toString(chunkMaxSamples), Integer.toString(first), Long.toString(stepMillis));
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectOutput(acks.toFile());
        Process p = pb.start();
        try {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (lastAck(acks, first) < first + killAfter - 1) {
                if (!p.isAlive()) {
                    fail("the writer exited with " + p.exitValue() + " before " + killAfter + " acks (see its stderr above)");
                }
                if (System.nanoTime() > deadline) {
                    fail("the writer did not acknowledge " + killAfter + " batches within " + DEADLINE);
                }
                LockSupport.parkNanos(200_000);
            }
            // Land somewhere inside a later append or checkpoint.
            long spin = System.nanoTime() + random.nextInt(3_000_000);
            while (System.nanoTime() < spin) {
                Thread.onSpinWait();
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the writer did not die");
            return lastAck(acks, first);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(acks);
        }
    }

    /** The last batch acknowledged in order in {@code file}, or {@code first - 1}. */
    private static int lastAck(Path file, int first) throws IOException {
        int last = first - 1;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.equals("ack " + (last + 1))) {
                last++;
            }
        }
        return last;
    }

    private void verify(int acked, int round, long stepMillis) {
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        try (Store store = Store.open(dir, options)) {
            History h = store.history();
            for (int s = 0; s < CrashWriter.SERIES; s++) {
                SeriesData data = h.read(CrashWriter.series(s), CrashWriter.T0, CrashWriter.time(acked + 1, 0, stepMillis));
                assertEquals((acked + 1) * CrashWriter.STEPS, data.size(),
                        "round " + round + ": samples of series " + s + " through batch " + acked);
                for (int i = 0; i < data.size(); i++) {
                    int b = i / CrashWriter.STEPS;
                    int step = i % CrashWriter.STEPS;
                    long t = CrashWriter.time(b, step, stepMillis);
                    assertEquals(t, data.time(i));
                    double original = CrashWriter.value(s, t, stepMillis);
                    boolean rewritable = CrashWriter.rewrites(b + 2) && CrashWriter.isRewritten(s, step)
                            && !Double.isNaN(original);
                    double v = data.value(i);
                    String where = "round " + round + ", series " + s + ", batch " + b + ", step " + step;
                    if (rewritable && b + 2 <= acked) {
                        assertEquals(CrashWriter.rewritten(s, t, stepMillis), v, where);
                    } else if (rewritable && b + 2 == acked + 1) {
                        // The batch that rewrites it may have landed before the kill without its ack.
                        assertTrue(v == original || v == CrashWriter.rewritten(s, t, stepMillis), where + ": " + v);
                    } else {
                        assertEquals(Double.doubleToRawLongBits(original), Double.doubleToRawLongBits(v), where);
                    }
                }
                assertRollupsAgree(h, s, acked, round, stepMillis);
            }
        }
    }

    private static void assertRollupsAgree(History h, int s, int acked, int round, long stepMillis) {
        long to = CrashWriter.time(acked + 3, 0, stepMillis);
        SeriesData raw = h.read(CrashWriter.series(s), CrashWriter.T0, to);
        double total = 0;
        long count = 0;
        for (int i = 0; i < raw.size(); i++) {
            if (raw.quality(i) == io.minetwin.model.QualityLevel.GOOD && Double.isFinite(raw.value(i))) {
                total += raw.value(i);
                count++;
            }
        }
        for (Resolution r : new Resolution[] {Resolution.MINUTE, Resolution.HOUR}) {
            RollupData rollup = h.readRollup(CrashWriter.series(s), r, CrashWriter.T0, to);
            double rolled = 0;
            long rolledCount = 0;
            for (int i = 0; i < rollup.size(); i++) {
                rolled += rollup.sum()[i];
                rolledCount += rollup.count()[i];
            }
            assertEquals(count, rolledCount, "round " + round + ": " + r + " rollup counts of series " + s);
            assertEquals(total, rolled, 1e-6 * Math.max(1, Math.abs(total)),
                    "round " + round + ": " + r + " rollup sums of series " + s);
        }
    }
}
