package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static Frame frame(double... x) {
        long[] t = new long[x.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 1000L;
        }
        return new Frame(t, List.of("temp"), new double[][] {x});
    }

    @Test
    void featuresAtARowUseTheWindowEndingThere() {
        var extractor = new FeatureExtractor(new FeatureSpec(List.of(3),
                EnumSet.of(Stat.MEAN, Stat.MIN, Stat.MAX, Stat.SLOPE, Stat.EWMA), false));
        assertEquals(List.of("age", "temp.last", "temp.mean_3", "temp.min_3", "temp.max_3", "temp.slope_3",
                "temp.ewma_3"), extractor.names(List.of("temp")));

        double[] f = extractor.extract(frame(1, 2, 4, 7), new int[] {3})[0];
        // window rows 1..3 = 2, 4, 7: mean 13/3, slope (-1*-7/3 + 0 + 1*8/3) / 2 = 2.5; ewma as in WindowStatsTest
        assertArrayEquals(new double[] {4, 7, 13.0 / 3, 2, 7, 2.5, 4.875}, f, 1e-12);
    }

    @Test
    void featuresNeverLookAtLaterRows() {
        var extractor = new FeatureExtractor(FeatureSpec.all(2, 3));
        double[] early = extractor.extract(frame(1, 2, 4, 7, 11, 16), new int[] {3})[0];
        double[] changedFuture = extractor.extract(frame(1, 2, 4, 7, -50, 900), new int[] {3})[0];
        assertArrayEquals(early, changedFuture);
    }

    @Test
    void driftComparesTheWindowWithTheFirstRowsOnceTheyArePast() {
        var extractor = new FeatureExtractor(new FeatureSpec(List.of(2), EnumSet.noneOf(Stat.class), true));
        assertEquals(List.of("age", "temp.last", "temp.drift_2"), extractor.names(List.of("temp")));
        double[][] f = extractor.extract(frame(1, 3, 4, 8), new int[] {2, 3});
        assertTrue(Double.isNaN(f[0][2]), "the baseline is still forming at row 2");
        assertEquals((4 + 8) / 2.0 - (1 + 3) / 2.0, f[1][2], 1e-12);
    }
}
