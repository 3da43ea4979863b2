package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.minetwin.model.SeriesData;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {

    @Test
    void averagesWithinAStepAndCarriesTheLastValueForward() {
        var temp = SeriesData.good(new long[] {0, 500, 2_000}, new double[] {10, 20, 30}, 3);
        var load = SeriesData.good(new long[] {1_000}, new double[] {5}, 1);
        Frame f = new FrameBuilder(Duration.ofSeconds(1)).align(List.of("temp", "load"), List.of(temp, load));
        assertArrayEquals(new long[] {0, 1_000, 2_000}, f.times());
        assertArrayEquals(new double[] {15, 15, 30}, f.column("temp"));
        assertArrayEquals(new double[] {Double.NaN, 5, 5}, f.column("load"));
    }

    @Test
    void stepsWithoutSamplesGiveNoRowsAndNonFiniteValuesAreSkipped() {
        // Negative times floor to the step below; a NaN sample leaves its step to the other channels.
        var a = SeriesData.good(new long[] {-1_500, -100, 4_200, 4_900}, new double[] {1, 3, Double.NaN, 8}, 4);
        var b = SeriesData.good(new long[] {-900, 7_000}, new double[] {Double.POSITIVE_INFINITY, 2}, 2);
        var none = SeriesData.EMPTY;
        Frame f = new FrameBuilder(Duration.ofSeconds(1)).align(List.of("a", "b", "none"), List.of(a, b, none));
        assertArrayEquals(new long[] {-2_000, -1_000, 4_000, 7_000}, f.times());
        assertArrayEquals(new double[] {1, 3, 8, 8}, f.column("a"));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, 2}, f.column("b"));
        assertArrayEquals(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}, f.column("none"));
    }
}
