package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThermalCyclesTest {

    private static double count(double range, double... x) {
        return ThermalCycles.count(x, 0, x.length, range);
    }

    @Test
    void twoSwingsOfFifteenAreTwoCyclesOfTenAndNoneOfTwenty() {
        assertEquals(2.0, count(10, 20, 35, 20, 35, 20));
        assertEquals(0.0, count(20, 20, 35, 20, 35, 20));
        assertEquals(2.0, count(15, 20, 35, 20, 35, 20), "a range equal to the threshold counts");
    }

    @Test
    void aSmallReversalInsideALargeSwingDoesNotSplitIt() {
        // Rainflow: the 40-45 wiggle is one full cycle of 5; 0-50-0 stays one cycle of 50.
        assertEquals(1.0, count(10, 0, 50, 40, 45, 0));
        assertEquals(2.0, count(3, 0, 50, 40, 45, 0));
    }

    @Test
    void plateausRunsAndMissingRowsAreIgnored() {
        assertEquals(1.0, count(10, 20, 20, 25, 30, 35, 35, 28, 20));
        assertEquals(2.0, count(10, 20, Double.NaN, 35, 20, Double.NaN, 35, 20));
        assertTrue(Double.isNaN(count(10, Double.NaN, Double.NaN)));
        assertEquals(0.0, count(10, 20));
    }

    @Test
    void aRisingLastHalfCycleCountsAHalf() {
        assertEquals(1.5, count(10, 20, 35, 20, 35));
    }

    @Test
    void theExtractorCountsPerWindowOnTheRawFrame() {
        long[] t = new long[7];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 3_600_000L;
        }
        Frame raw = new Frame(t, java.util.List.of("winding-temp", "speed"),
                new double[][] {{20, 35, 20, 35, 20, 35, 20}, {1, 1, 1, 1, 1, 1, 1}});
        // A stand-in for the normalised frame: other values, so the counts must come from the raw one.
        Frame normalised = new Frame(t, raw.channels(), new double[][] {new double[7], new double[7]});
        FeatureSpec spec = new FeatureSpec(java.util.List.of(3, 7), java.util.EnumSet.noneOf(Stat.class), false)
                .withCycles(CycleSpec.of(10).forChannels(java.util.List.of("temp")));
        FeatureExtractor extractor = new FeatureExtractor(spec);
        assertEquals(java.util.List.of("age", "winding-temp.last", "winding-temp.cycles_3", "winding-temp.cycles_7",
                "speed.last"), extractor.names(raw.channels()));
        double[] f = extractor.extract(normalised, raw, new int[] {6})[0];
        // rows 4..6 = 20, 35, 20: one cycle; rows 0..6: three.
        assertEquals(1.0, f[2]);
        assertEquals(3.0, f[3]);
        var e = assertThrows(IllegalArgumentException.class, () -> extractor.extract(normalised, new int[] {6}));
        assertTrue(e.getMessage().contains("raw"), e.getMessage());
    }

    @Test
    void aRangeMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> CycleSpec.of(0));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }
}
