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

    /**
     * Three settings taking one of {@code conditions} (rows of {@code [setting1, setting2, setting3]}) at every
     * row, with noise of {@code noise} times each setting's spread; the signal shifts with the condition.
     */
    private static Frame conditions(double[][] conditions, double noise, long seed, int rows) {
        Random r = new Random(seed);
        double[] spread = new double[3];
        for (int j = 0; j < 3; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] c : conditions) {
                lo = Math.min(lo, c[j]);
                hi = Math.max(hi, c[j]);
            }
            spread[j] = hi - lo; // a setting that is the same in every condition stays exact, as a throttle does
        }
        long[] t = new long[rows];
        double[][] cols = new double[4][rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i;
            int c = r.nextInt(conditions.length);
            for (int j = 0; j < 3; j++) {
                cols[j][i] = conditions[c][j] + r.nextGaussian() * noise * spread[j];
            }
            cols[3][i] = 500 + 20 * c + r.nextGaussian();
        }
        return new Frame(t, List.of("setting1", "setting2", "setting3", "temp"), cols);
    }

    @Test
    void findsSixConditionsWhenTwoOfThemAreClose() {
        // Altitude (kft), Mach number and throttle angle of the six conditions of a multi-condition turbofan
        // test: the last two differ only in altitude, and merging them still explains 99% of the variance.
        double[][] six = {{0, 0, 100}, {10, 0.25, 100}, {20, 0.7, 100}, {25, 0.62, 60}, {35, 0.84, 100},
                {42, 0.84, 100}};
        List<Frame> frames = List.of(conditions(six, 0.0001, 1, 3000), conditions(six, 0.0001, 2, 3000));
        RegimeNormalizer n = RegimeNormalizer.fit(frames, List.of("setting1", "setting2", "setting3"), 8, 1);
        assertEquals(6, n.regimes());
        for (int r = 0; r < 6; r++) {
            assertEquals(1.0, n.std()[r][0], 0.15, "regime " + r + " holds one condition, so only the noise is left");
        }
    }

    @Test
    void findsTheNumberOfConditionsTheSettingsTake() {
        double[][] all = {{0, 0, 100}, {10, 0.25, 100}, {20, 0.7, 100}, {25, 0.62, 60}, {35, 0.84, 100},
                {42, 0.84, 100}, {30, 0.4, 80}, {5, 0.1, 60}};
        for (int k = 2; k <= 8; k++) {
            double[][] some = java.util.Arrays.copyOf(all, k);
            RegimeNormalizer n = RegimeNormalizer.fit(List.of(conditions(some, 0.0001, k, 4000)),
                    List.of("setting1", "setting2", "setting3"), 8, 3);
            assertEquals(k, n.regimes(), k + " conditions");
        }
    }

    @Test
    void oneConditionWithSensorNoiseOnItsSettingsGivesOneRegime() {
        // A single-condition subset: two settings are noise around a point, the third is constant.
        Random r = new Random(5);
        int rows = 4000;
        long[] t = new long[rows];
        double[][] cols = new double[4][rows];
        for (int i = 0; i < rows; i++) {
            t[i] = i;
            cols[0][i] = r.nextGaussian() * 0.002;
            cols[1][i] = r.nextGaussian() * 0.0003;
            cols[2][i] = 100;
            cols[3][i] = 642 + r.nextGaussian() * 0.5;
        }
        Frame f = new Frame(t, List.of("setting1", "setting2", "setting3", "temp"), cols);
        RegimeNormalizer n = RegimeNormalizer.fit(List.of(f), List.of("setting1", "setting2", "setting3"), 8, 1);
        assertEquals(1, n.regimes());
    }
}
