package io.minetwin.analytics.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.minetwin.analytics.Samples;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {

    @Test
    void averagesWithinAStepAndCarriesTheLastValueForward() {
        var temp = new Samples(new long[] {0, 500, 2_000}, new double[] {10, 20, 30}, 3);
        var load = new Samples(new long[] {1_000}, new double[] {5}, 1);
        Frame f = new FrameBuilder(Duration.ofSeconds(1)).align(List.of("temp", "load"), List.of(temp, load));
        assertArrayEquals(new long[] {0, 1_000, 2_000}, f.times());
        assertArrayEquals(new double[] {15, 15, 30}, f.column("temp"));
        assertArrayEquals(new double[] {Double.NaN, 5, 5}, f.column("load"));
    }
}
