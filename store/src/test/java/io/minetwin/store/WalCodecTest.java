package io.minetwin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalCodecTest {

    private record Sample(int id, long time, double value, byte quality) {
    }

    @Test
    void recordsRoundTripEveryKindOfValue() {
        Random random = new Random(9);
        List<Sample> in = new ArrayList<>();
        double[] specials = {Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0005L), -0.0,
                Double.POSITIVE_INFINITY, 1e300, 0.123456, 12.5, -7};
        WalCodec wal = new WalCodec();
        long t = -5_000;
        for (int i = 0; i < 2000; i++) {
            t += random.nextInt(3) * 1000L;
            double v = i < specials.length ? specials[i] : random.nextBoolean() ? random.nextInt(1000) / 10.0 : random.nextDouble();
            Sample s = new Sample(random.nextInt(10_000), t, v, (byte) random.nextInt(3));
            in.add(s);
            wal.add(s.id, s.time, s.value, s.quality);
        }
        byte[] record = wal.finish();
        List<Sample> out = new ArrayList<>();
        WalCodec.decode(record, (id, time, value, quality) -> out.add(new Sample(id, time, value, quality)));
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.get(i).id, out.get(i).id);
            assertEquals(in.get(i).time, out.get(i).time);
            assertEquals(Double.doubleToRawLongBits(in.get(i).value), Double.doubleToRawLongBits(out.get(i).value), "at " + i);
            assertEquals(in.get(i).quality, out.get(i).quality);
        }
    }

    @Test
    void timestampMajorTenthsTakeAFewBytesPerSample() {
        WalCodec wal = new WalCodec();
        for (int id = 0; id < 1000; id++) {
            wal.add(id, 1_767_225_600_000L, 20 + id % 50 / 10.0, (byte) 0);
        }
        assertTrue(wal.finish().length < 1000 * 6);
    }
}
