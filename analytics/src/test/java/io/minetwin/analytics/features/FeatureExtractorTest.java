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

    @Test
    void theThreeArgumentDefinitionGivesExactlyTheFeaturesItAlwaysGave() {
        FeatureSpec old = new FeatureSpec(List.of(3, 5), EnumSet.of(Stat.MEAN, Stat.SLOPE), true);
        assertEquals(old, old.withSpectral(null).withCycles(null));
        assertEquals(List.of("age", "regime", "temp.last", "temp.mean_3", "temp.slope_3", "temp.drift_3",
                "temp.mean_5", "temp.slope_5", "temp.drift_5", "load.last", "load.mean_3", "load.slope_3",
                "load.drift_3", "load.mean_5", "load.slope_5", "load.drift_5"),
                new FeatureExtractor(old).names(List.of("temp", "load", RegimeNormalizer.REGIME_COLUMN)));
        assertEquals(5, old.rowsNeeded());
        assertEquals(List.of("age", "temp.last", "temp.mean_2", "temp.std_2", "temp.min_2", "temp.max_2",
                "temp.slope_2", "temp.ewma_2", "temp.rms_2", "temp.kurtosis_2", "temp.drift_2"),
                new FeatureExtractor(FeatureSpec.all(2)).names(List.of("temp")));
    }

    @Test
    void spectralAndCycleFeaturesComeAfterEachChannelsOwnOnes() {
        double[] temp = new double[40];
        double[] load = new double[40];
        long[] t = new long[40];
        for (int i = 0; i < 40; i++) {
            t[i] = i * 3_600_000L;
            temp[i] = 60 + 10 * Math.sin(2 * Math.PI * i / 4) + i * 0.1;
            load[i] = i % 3;
        }
        Frame raw = new Frame(t, List.of("bearing-temp", "load"), new double[][] {temp, load});
        SpectralSpec spectral = new SpectralSpec(16, java.time.Duration.ofHours(1),
                List.of(SpectralSpec.Band.hours(2, 6), SpectralSpec.Band.hours(6, 18)), List.of());
        FeatureSpec old = new FeatureSpec(List.of(4, 8), EnumSet.of(Stat.MEAN), false);
        FeatureSpec spec = old.withSpectral(spectral).withCycles(CycleSpec.of(10).forChannels(List.of("temp")));
        FeatureExtractor extractor = new FeatureExtractor(spec);
        List<String> names = extractor.names(raw.channels());
        assertEquals(List.of("age", "bearing-temp.last", "bearing-temp.mean_4", "bearing-temp.mean_8",
                "bearing-temp.band_2-6h", "bearing-temp.band_6-18h", "bearing-temp.cycles_4", "bearing-temp.cycles_8",
                "load.last", "load.mean_4", "load.mean_8", "load.band_2-6h", "load.band_6-18h"), names);
        assertEquals(16, spec.rowsNeeded());

        int[] rows = {10, 39};
        // rows 36-39 are 63.6, 73.7, 63.8, 53.9: half cycles of 10.1 and 19.8 (1 cycle of at least 10);
        // rows 32-39 add a rise of 20.2 from 53.5 (2 cycles)
        double[][] x = extractor.extract(raw, raw, rows);
        double[][] plain = new FeatureExtractor(old).extract(raw, rows);
        SpectralBands bands = new SpectralBands(spectral);
        double[] e = new double[2];
        bands.energies(temp, 40, e, 0);
        assertArrayEquals(new double[] {plain[1][0], plain[1][1], plain[1][2], plain[1][3], e[0], e[1], 1, 2},
                java.util.Arrays.copyOfRange(x[1], 0, 8), 1e-12);
        assertEquals(50, e[0], 1, "the 4 h swing of amplitude 10 holds its variance, 50, in the 2-6 h band");
        assertTrue(Double.isNaN(x[0][4]), "row 10 has fewer than 16 rows behind it");
        assertTrue(x[1][12] < 0.01 * x[1][11], "a period-3 load has almost no energy at 6-18 h: " + x[1][12]);
        assertEquals(plain[1][4], x[1][8]);
    }
}
