package io.minetwin.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import org.junit.jupiter.api.Test;

class BenchLayoutTest {

    @Test
    void itemsFillAssetsOfFourGroupsOfTwentyFiveChannels() {
        var layout = new BenchLayout(250);
        assertEquals("Bench/s00000/g0/c00", layout.item(0).path());
        assertEquals("Bench/s00000/g1/c00", layout.item(25).path());
        assertEquals("Bench/s00000/g3/c24", layout.item(99).path());
        assertEquals("Bench/s00002/g1/c24", layout.item(249).path());
        assertEquals(new SeriesKey(new TwinId("bench", "s00002"), "g1", "c24"), layout.item(249).series());
        assertEquals(3, layout.assets());
        assertEquals(3, layout.fleet().twins().size());
    }

    @Test
    void expectedRateCountsEachGroupAtItsOwnInterval() {
        // 100 items: 25 each at 100, 101, 102, 103 ms.
        double expected = 25 * 1000.0 * (1 / 100.0 + 1 / 101.0 + 1 / 102.0 + 1 / 103.0);
        assertEquals(expected, new BenchLayout(100).expectedPerSecond(100), 1e-9);
        // 30 items: 25 in g0, 5 in g1.
        assertEquals(25 * 1000.0 / 50 + 5 * 1000.0 / 51, new BenchLayout(30).expectedPerSecond(50), 1e-9);
    }

    @Test
    void queueHoldsTwicePublishingOverSampling() {
        assertEquals(10, BenchLayout.queueSize(500, 100));
        assertEquals(20, BenchLayout.queueSize(500, 50));
        assertEquals(2, BenchLayout.queueSize(500, 1000));
    }

    @Test
    void noItemsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BenchLayout(0));
    }
}
