package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralBandsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final SpectralSpec DEFAULT = SpectralSpec.of(HOUR);

    private static double[] sine(int rows, double period, double amplitude) {
        double[] x = new double[rows];
        for (int i = 0; i < rows; i++) {
            x[i] = amplitude * Math.sin(2 * Math.PI * i / period + 0.3);
        }
        return x;
    }

    private static double[] energies(SpectralSpec spec, double[] x, int to) {
        SpectralBands bands = new SpectralBands(spec);
        double[] out = new double[bands.bands()];
        bands.energies(x, to, out, 0);
        return out;
    }

    private static double sum(double[] e) {
        double s = 0;
        for (double v : e) {
            s += v;
        }
        return s;
    }

    @Test
    void aDailySinusoidPutsItsEnergyInTheDailyBand() {
        // default bands: 2-6 h, 6-18 h, 18-30 h, 30 h+; amplitude 3 has variance 4.5
        double[] e = energies(DEFAULT, sine(300, 24, 3), 300);
        assertEquals(4, e.length);
        assertEquals(4.5, sum(e), 0.05 * 4.5, "Parseval: the bands hold the sinusoid's variance");
        assertTrue(e[2] > 0.9 * 4.5, "18-30 h band holds " + e[2]);
        assertTrue(e[0] < 1e-3 * 4.5, "2-6 h band holds " + e[0]);
        assertTrue(e[1] < 0.02 * 4.5, "6-18 h band holds " + e[1]);
        assertTrue(e[3] < 0.08 * 4.5, "30 h+ band holds " + e[3]);
    }

    @Test
    void anOffsetAndATrendDoNotChangeTheBands() {
        double[] pure = energies(DEFAULT, sine(200, 24, 3), 200);
        double[] x = sine(200, 24, 3);
        for (int i = 0; i < x.length; i++) {
            x[i] += 70 + 0.05 * i;
        }
        double[] shifted = energies(DEFAULT, x, 200);
        for (int b = 0; b < pure.length; b++) {
            assertEquals(pure[b], shifted[b], 1e-9);
        }
    }

    @Test
    void aConstantOrARampHasNoBandEnergy() {
        double[] constant = new double[128];
        java.util.Arrays.fill(constant, 42.5);
        double[] ramp = new double[128];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 1000 - 0.37 * i;
        }
        for (double[] x : List.of(constant, ramp)) {
            for (double v : energies(DEFAULT, x, 128)) {
                assertEquals(0, v, 1e-20);
            }
        }
    }

    @Test
    void theBandsOfEveryBinAddUpToTheWindowedVarianceAsParsevalSays() {
        // One band from the Nyquist period (2 rows) up: every bin from 1 to N/2.
        SpectralSpec all = new SpectralSpec(64, HOUR, List.of(SpectralSpec.Band.longerThan(Duration.ofHours(2))),
                List.of());
        double[] x = new double[64];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() * 2 + 0.1 * i;
        }
        // By hand: residual of the least-squares line, Hann window, sum(r w)^2 minus its mean part, over sum(w^2).
        double xm = 31.5;
        double ym = 0;
        for (double v : x) {
            ym += v / 64;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < 64; i++) {
            sxy += (i - xm) * (x[i] - ym);
            sxx += (i - xm) * (i - xm);
        }
        double slope = sxy / sxx;
        double srw2 = 0;
        double srw = 0;
        double sw2 = 0;
        for (int i = 0; i < 64; i++) {
            double w = 0.5 * (1 - Math.cos(2 * Math.PI * i / 64));
            double rw = (x[i] - ym - slope * (i - xm)) * w;
            srw2 += rw * rw;
            srw += rw;
            sw2 += w * w;
        }
        assertEquals((srw2 - srw * srw / 64) / sw2, energies(all, x, 64)[0], 1e-9);
    }

    @Test
    void bandsTheGridCannotResolveAreNotFeatures() {
        // On a 4 h grid the Nyquist period is 8 h: 2-6 h (0.5-1.5 rows) and 6-18 h (1.5-4.5 rows) are out.
        SpectralSpec coarse = new SpectralSpec(32, Duration.ofHours(4), SpectralSpec.DEFAULT_BANDS, List.of());
        assertEquals(List.of("18-30h", "30h+"), coarse.resolved().stream().map(SpectralSpec.Band::name).toList());
        assertEquals(List.of("age", "temp.last", "temp.mean_6", "temp.band_18-30h", "temp.band_30h+"),
                new FeatureExtractor(new FeatureSpec(List.of(6), java.util.EnumSet.of(Stat.MEAN), false)
                        .withSpectral(coarse)).names(List.of("temp")));
        // 16 rows of 1 h resolve periods up to 16 h: nothing at 30 h and longer.
        SpectralSpec shortFft = new SpectralSpec(16, HOUR, SpectralSpec.DEFAULT_BANDS, List.of());
        assertEquals(List.of("2-6h", "6-18h"), shortFft.resolved().stream().map(SpectralSpec.Band::name).toList());
        assertEquals(2, new SpectralBands(shortFft).bands());
    }

    @Test
    void aFewMissingRowsAreFilledAndTooManyGiveNaN() {
        double[] x = sine(128, 24, 3);
        double[] full = energies(DEFAULT, x, 128);
        for (int i = 0; i < 128; i += 8) {
            x[i] = Double.NaN; // 16 missing
        }
        double[] gappy = energies(DEFAULT, x, 128);
        assertEquals(full[2], gappy[2], 0.02 * full[2], "gaps are interpolated");
        for (int i = 1; i < 128 && countNaN(x) < 32; i += 8) {
            x[i] = Double.NaN;
        }
        assertEquals(32, countNaN(x));
        assertFalse(Double.isNaN(energies(DEFAULT, x, 128)[2]), "a quarter missing is still computed");
        x[2] = Double.NaN;
        for (double v : energies(DEFAULT, x, 128)) {
            assertTrue(Double.isNaN(v), "more than a quarter missing gives NaN");
        }
    }

    @Test
    void aWindowShorterThanTheTransformIsNotDefinedYet() {
        double[] e = energies(DEFAULT, sine(300, 24, 3), 127);
        for (double v : e) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void bandNamesAreReadableAndRoundTrip() {
        assertEquals("6-18h", SpectralSpec.Band.hours(6, 18).name());
        assertEquals("30h+", SpectralSpec.Band.longerThan(Duration.ofHours(30)).name());
        assertEquals("30-90min", new SpectralSpec.Band(Duration.ofMinutes(30), Duration.ofMinutes(90)).name());
        assertEquals("20-60min", SpectralSpec.Band.rows(2, 6, Duration.ofMinutes(10)).name());
        assertEquals("6-18 h periods", SpectralSpec.Band.describe("6-18h"));
        assertEquals("periods of 30 h and longer", SpectralSpec.Band.describe("30h+"));
        for (SpectralSpec.Band b : SpectralSpec.DEFAULT_BANDS) {
            assertEquals(b, SpectralSpec.Band.parse(b.text()));
        }
    }

    @Test
    void badDefinitionsAreRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SpectralSpec(100, HOUR, SpectralSpec.DEFAULT_BANDS, List.of()));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpectralSpec.Band.hours(18, 6));
        assertThrows(IllegalArgumentException.class, () -> SpectralSpec.Band.parse("PT6H-PT18H"));
        assertThrows(IllegalArgumentException.class, () -> new SpectralSpec(64, HOUR,
                List.of(SpectralSpec.Band.hours(6, 18), SpectralSpec.Band.hours(6, 18)), List.of()));
    }

    private static int countNaN(double[] x) {
        int n = 0;
        for (double v : x) {
            n += Double.isNaN(v) ? 1 : 0;
        }
        return n;
    }
}
