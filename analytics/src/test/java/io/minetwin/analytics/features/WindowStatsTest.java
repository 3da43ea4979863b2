package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Values worked out by hand for x = 1, 2, 4, 7 (mean 3.5, deviations -2.5, -1.5, 0.5, 3.5). */
class WindowStatsTest {

    private static final double[] X = {1, 2, 4, 7};
    private static final double EPS = 1e-12;

    @Test
    void meanMinMaxOfTheWindow() {
        assertEquals(3.5, WindowStats.mean(X, 0, 4), EPS);
        assertEquals(1, WindowStats.min(X, 0, 4), EPS);
        assertEquals(7, WindowStats.max(X, 0, 4), EPS);
        assertEquals(13.0 / 3, WindowStats.mean(X, 1, 4), EPS);
    }

    @Test
    void sampleStandardDeviationDividesByNMinusOne() {
        // squared deviations 6.25 + 2.25 + 0.25 + 12.25 = 21; 21 / 3 = 7
        assertEquals(Math.sqrt(7), WindowStats.std(X, 0, 4), EPS);
    }

    @Test
    void rmsIsRootOfMeanSquare() {
        // (1 + 4 + 16 + 49) / 4 = 17.5
        assertEquals(Math.sqrt(17.5), WindowStats.rms(X, 0, 4), EPS);
    }

    @Test
    void slopeIsLeastSquaresPerRow() {
        // x = 0..3, sum dx*dy = 3.75 + 0.75 + 0.25 + 5.25 = 10, sum dx^2 = 5
        assertEquals(2.0, WindowStats.slope(X, 0, 4), EPS);
        assertEquals(-3.0, WindowStats.slope(new double[] {9, 6, 3}, 0, 3), EPS);
    }

    @Test
    void kurtosisIsBiasCorrectedExcessKurtosis() {
        // sum d^4 = 194.25, s^4 = 49; 20/6 * 194.25/49 - 3*9/2 = -2/7
        assertEquals(-2.0 / 7, WindowStats.kurtosis(X, 0, 4), 1e-9);
        assertEquals(0.0, WindowStats.kurtosis(new double[] {5, 5, 5, 5}, 0, 4), EPS);
    }

    @Test
    void ewmaWithSpanThreeHalvesTowardsEachNewValue() {
        // alpha = 2 / (3 + 1) = 0.5
        assertArrayEquals(new double[] {1, 1.5, 2.75, 4.875}, WindowStats.ewma(X, 4, 3), EPS);
    }

    @Test
    void tooShortWindowsGiveNaN() {
        assertTrue(Double.isNaN(WindowStats.mean(X, 2, 2)));
        assertTrue(Double.isNaN(WindowStats.std(X, 2, 3)));
        assertTrue(Double.isNaN(WindowStats.slope(X, 2, 3)));
        assertTrue(Double.isNaN(WindowStats.kurtosis(X, 0, 3)));
    }
}
