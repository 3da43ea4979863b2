package io.minetwin.store;

import io.minetwin.model.Resolution;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RollupBlockTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void blockRoundTripsBucketsFlagsAndWatermark() {
        RollupBlock b = new RollupBlock(Resolution.MINUTE, 10 * HOUR);
        b.add(10 * HOUR + 5_000, 21.5);
        b.add(10 * HOUR + 6_000, 21.7);
        b.add(10 * HOUR + 59 * 60_000, -0.0);
        b.add(10 * HOUR + 30 * 60_000, Math.PI);
        b.watermark = 10 * HOUR + 59 * 60_000;
        RollupBlock c = RollupBlock.decode(Resolution.MINUTE, b.start, b.encode());
        assertArrayEquals(b.count, c.count);
        for (int i = 0; i < 60; i++) {
            assertEquals(Double.doubleToRawLongBits(b.min[i]), Double.doubleToRawLongBits(c.min[i]));
            assertEquals(Double.doubleToRawLongBits(b.max[i]), Double.doubleToRawLongBits(c.max[i]));
            assertEquals(Double.doubleToRawLongBits(b.sum[i]), Double.doubleToRawLongBits(c.sum[i]));
        }
        assertEquals(b.watermark, c.watermark);
        assertEquals(false, c.sealed);
        assertEquals(3, RollupBlock.encodedBucketCount(b.encode()));
    }

    @Test
    void decimalBucketsPackIntoAFewBytesEach() {
        RollupBlock b = new RollupBlock(Resolution.MINUTE, 0);
        for (int s = 0; s < 3600; s++) {
            b.add(s * 1000L, Math.round(600 + Math.sin(s / 300.0) * 20) / 10.0);
        }
        b.sealed = true;
        byte[] bytes = b.encode();
        assertTrue(bytes.length < 60 * 14, "60 buckets took " + bytes.length + " bytes");
        RollupBlock c = RollupBlock.decode(Resolution.MINUTE, 0, bytes);
        assertTrue(c.sealed);
        assertEquals(Long.MIN_VALUE, c.watermark);
        assertArrayEquals(b.sum, c.sum);
    }

    @Test
    void hourBlocksSpanADayAlignedToUtc() {
        assertEquals(24, RollupBlock.bucketsPerBlock(Resolution.HOUR));
        assertEquals(-24 * HOUR, RollupBlock.blockStart(Resolution.HOUR, -1));
        assertEquals(60, RollupBlock.bucketsPerBlock(Resolution.MINUTE));
    }
}
