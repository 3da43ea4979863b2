package io.minetwin.analytics.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.forecast.FeatureReference;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference deciles, the PSI of a recent window against them, and the window's bounded, kept counts. */
class DriftWindowTest {

    static final List<String> NAMES = List.of("temp.mean_24", "vibration.max_24", "age");
    static final double[] IMPORTANCE = {0.5, 0.4, 0.1};
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    /** Rows of three features: two normal, one uniform; {@code shift} moves the first two. */
    static double[][] rows(Random r, int n, double shift) {
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {70 + 5 * r.nextGaussian() + 5 * shift, 2 + 0.5 * r.nextGaussian() + 0.5 * shift,
                    r.nextDouble() * 1000};
        }
        return x;
    }

    static FeatureReference reference() {
        return FeatureReference.fit(NAMES, java.util.Arrays.asList(rows(new Random(1), 5000, 0)));
    }

    @Test
    void decilesSplitTheTrainingRowsEvenly() {
        FeatureReference ref = reference();
        assertEquals(5000, ref.rows());
        for (int i = 0; i < NAMES.size(); i++) {
            assertEquals(11, ref.bins(i), "nine cut points, the two open ends and the missing bin");
            double[] s = ref.shares().get(i);
            for (int b = 0; b < 10; b++) {
                assertEquals(0.1, s[b], 0.002);
            }
            assertEquals(0, s[10], "nothing missing in training");
        }
        // Few distinct values: coinciding cut points merge.
        List<double[]> coarse = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            coarse.add(new double[] {i % 2});
        }
        FeatureReference two = FeatureReference.fit(List.of("flag"), coarse);
        assertArrayEquals(new double[] {0, 1}, two.edges().get(0));
    }

    @Test
    void aShiftedInputDriftsAndAnUnshiftedOneDoesNot() {
        FeatureReference ref = reference();
        MonitorPolicy policy = MonitorPolicy.defaults();
        DriftWindow same = new DriftWindow("k@1", ref, Duration.ofDays(7), 7);
        same.add(rows(new Random(2), 500, 0), NOW);
        DriftAssessment calm = DriftAssessment.assess(same, IMPORTANCE, NOW, policy);
        assertFalse(calm.drifted(), calm.toString());
        for (double psi : same.psi(NOW)) {
            assertTrue(psi < 0.1, "same distribution: PSI " + psi);
        }

        DriftWindow shifted = new DriftWindow("k@1", ref, Duration.ofDays(7), 7);
        shifted.add(rows(new Random(3), 500, 1.5), NOW);
        DriftAssessment drift = DriftAssessment.assess(shifted, IMPORTANCE, NOW, policy);
        assertTrue(drift.drifted(), drift.toString());
        assertEquals(0.9, drift.driftedShare(), 1e-9, "the two shifted features carry 0.9 of the importance");
        assertTrue(drift.reason().orElseThrow().contains("temp.mean_24"), drift.reason().get());
        assertEquals(List.of("temp.mean_24", "vibration.max_24"), drift.top().stream()
                .filter(f -> f.psi() > 0.25).map(DriftAssessment.Feature::name).toList());
        // Too few rows to judge: the same shift is not called drift.
        DriftWindow few = new DriftWindow("k@1", ref, Duration.ofDays(7), 7);
        few.add(rows(new Random(4), 50, 1.5), NOW);
        assertFalse(DriftAssessment.assess(few, IMPORTANCE, NOW, policy).drifted());
    }

    @Test
    void aDriftedFeatureTheModelDoesNotUseIsNoReasonToRetrain() {
        FeatureReference ref = reference();
        DriftWindow w = new DriftWindow("k@1", ref, Duration.ofDays(7), 7);
        w.add(rows(new Random(5), 500, 1.5), NOW);
        DriftAssessment a = DriftAssessment.assess(w, new double[] {0, 0, 1}, NOW, MonitorPolicy.defaults());
        assertFalse(a.drifted(), a.toString());
    }

    @Test
    void rowsOlderThanTheWindowNoLongerCount() {
        DriftWindow w = new DriftWindow("k@1", reference(), Duration.ofDays(7), 7);
        w.add(rows(new Random(6), 300, 1.5), NOW.minus(Duration.ofDays(10)));
        w.add(rows(new Random(7), 200, 0), NOW);
        assertEquals(200, w.rows(NOW));
        assertEquals(200, java.util.Arrays.stream(w.counts(0, NOW)).sum());
        // Eight days on, the slot of the newer rows is reused and nothing is left.
        w.add(rows(new Random(8), 10, 0), NOW.plus(Duration.ofDays(7)));
        assertEquals(10, w.rows(NOW.plus(Duration.ofDays(7))));
    }

    @Test
    void countsAreKeptAndReadBackForTheSameVersionOnly(@TempDir Path dir) {
        FeatureReference ref = reference();
        DriftTracker tracker = new DriftTracker(dir);
        tracker.observe("t.c", "t.c@3", ref, rows(new Random(9), 400, 1), NOW);
        tracker.flush();
        DriftTracker reader = new DriftTracker(dir);
        DriftWindow back = reader.window("t.c", "t.c@3", ref).orElseThrow();
        DriftWindow original = tracker.window("t.c", "t.c@3", ref).orElseThrow();
        assertEquals(400, back.rows(NOW));
        for (int i = 0; i < NAMES.size(); i++) {
            assertArrayEquals(original.counts(i, NOW), back.counts(i, NOW));
        }
        assertTrue(reader.window("t.c", "t.c@4", ref).isEmpty(), "another version starts afresh");
        // A new version's rows replace the old version's counts.
        tracker.observe("t.c", "t.c@4", ref, rows(new Random(10), 30, 0), NOW);
        tracker.flush();
        assertEquals(30, new DriftTracker(dir).window("t.c", "t.c@4", ref).orElseThrow().rows(NOW));
    }
}
