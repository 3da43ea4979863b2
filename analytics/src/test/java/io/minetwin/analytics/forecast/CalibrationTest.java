package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void overconfidentScoresAreMappedToObservedFrequencies() {
        // Raw scores say 0.9 where only 30% fail, and 0.1 where 2% fail.
        Random r = new Random(3);
        int n = 20_000;
        double[] raw = new double[n];
        boolean[] pos = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean high = i % 2 == 0;
            raw[i] = high ? 0.9 : 0.1;
            pos[i] = r.nextDouble() < (high ? 0.3 : 0.02);
        }
        Calibration c = Calibration.fit(raw, pos);
        assertEquals(0.3, c.apply(0.9), 0.02);
        assertEquals(0.02, c.apply(0.1), 0.01);
        assertTrue(c.apply(0.5) > c.apply(0.1) && c.apply(0.5) < c.apply(0.9), "monotone");
    }

    @Test
    void withoutPositivesTheScoresAreLeftAsTheyAre() {
        Calibration c = Calibration.fit(new double[] {0.2, 0.7}, new boolean[] {false, false});
        assertEquals(0.7, c.apply(0.7), 1e-9);
        assertEquals(0.2, c.apply(0.2), 1e-9);
    }
}
