package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegimeNormalizerTest {

    /** Settings at 0 or 10 (with a little noise); the signal is 100 + 50 per regime, spread 2. */
    private static Frame twoRegimes(long seed, int rows) {
        Random r = new Random(seed);
        long[] t = new long[rows];
        double[] setting = new double[rows];
        double[] signal = new double[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i;
            int regime = r.nextInt(2);
            setting[i] = regime * 10 + r.nextGaussian() * 0.01;
            signal[i] = 100 + 50 * regime + r.nextGaussian() * 2;
        }
        return new Frame(t, List.of("load", "temp"), new double[][] {setting, signal});
    }

    @Test
    void learnsTwoRegimesAndStandardisesEachWithItsOwnStatistics() {
        RegimeNormalizer n = RegimeNormalizer.fit(List.of(twoRegimes(1, 2000)), List.of("load"), 6, 7);
        assertEquals(2, n.regimes());
        assertEquals(List.of("temp"), n.signals());
        assertEquals(100, n.mean()[0][0], 0.3);
        assertEquals(150, n.mean()[1][0], 0.3);
        assertEquals(2, n.std()[1][0], 0.2);

        Frame out = n.apply(twoRegimes(2, 500));
        assertEquals(List.of("temp", RegimeNormalizer.REGIME_COLUMN), out.channels());
        double sum = 0;
        double sq = 0;
        for (double v : out.column("temp")) {
            sum += v;
            sq += v * v;
        }
        assertEquals(0, sum / 500, 0.2, "per-regime standardisation removes the regime's offset");
        assertEquals(1, Math.sqrt(sq / 500), 0.15);
    }

    @Test
    void settingsThatAreOnlyNoiseGiveOneRegime() {
        Random r = new Random(3);
        int rows = 1000;
        double[] setting = new double[rows];
        double[] signal = new double[rows];
        double[] constant = new double[rows];
        long[] t = new long[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i;
            setting[i] = r.nextGaussian() * 0.002;
            signal[i] = 40 + r.nextGaussian();
            constant[i] = 518.67;
        }
        Frame f = new Frame(t, List.of("load", "temp", "fixed"), new double[][] {setting, signal, constant});
        RegimeNormalizer n = RegimeNormalizer.fit(List.of(f), List.of("load"), 6, 7);
        assertEquals(1, n.regimes());
        assertEquals(List.of("temp"), n.signals(), "a constant signal carries nothing and is dropped");
    }
}
