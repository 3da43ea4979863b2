package io.minetwin.analytics.rul;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RulIntervalTest {

    @Test
    void quantilesOfResidualsBoundThePrediction() {
        // 101 residuals -50..50 in one bin: the 10% and 90% quantiles are -40 and 40.
        double[] predicted = new double[101];
        double[] truth = new double[101];
        for (int i = 0; i <= 100; i++) {
            predicted[i] = 60;
            truth[i] = 60 + (i - 50);
        }
        RulInterval interval = RulInterval.fromResiduals(predicted, truth, 125, 0.8, 1);
        assertArrayEquals(new double[] {20, 100}, interval.around(60), 1e-9);
        assertArrayEquals(new double[] {0, 70}, interval.around(30), 1e-9, "never below zero");
    }

    @Test
    void binsWithTooFewResidualsUseAllOfThem() {
        double[] predicted = new double[40];
        double[] truth = new double[40];
        for (int i = 0; i < 40; i++) {
            predicted[i] = 10; // all in the first of two bins
            truth[i] = 10 + (i % 2 == 0 ? 5 : -5);
        }
        RulInterval interval = RulInterval.fromResiduals(predicted, truth, 100, 0.5, 2);
        assertEquals(interval.around(10)[1] - 10, interval.around(90)[1] - 90, 1e-9);
    }

    @Test
    void unknownIntervalIsThePointAndRejectsCrossedQuantiles() {
        assertFalse(RulInterval.none().known());
        assertArrayEquals(new double[] {7, 7}, RulInterval.none().around(7));
        assertThrows(IllegalArgumentException.class,
                () -> new RulInterval(0.8, new double[] {1}, new double[] {5}, new double[] {-5}));
        assertEquals(2.5, RulInterval.quantile(new double[] {0, 5}, 0.5));
    }
}
