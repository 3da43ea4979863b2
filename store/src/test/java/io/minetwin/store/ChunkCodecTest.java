package io.minetwin.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunk format. The golden files pin the bytes: if a change to {@link ChunkCodec} makes
 * {@code encoderWritesTheGoldenBytes} fail, the on-disk format changed. That is a decision: bump
 * {@link ChunkCodec#VERSION}, keep a decoder for version 1, then regenerate the files deliberately
 * with {@code mvn -pl store test -Dtest=ChunkCodecTest -Dminetwin.golden.regenerate=true} (run from
 * the repository root; it writes {@code store/src/test/resources/io/minetwin/store/chunk-v1-*.bin}).
 */
class ChunkCodecTest {

    private static final long T0 = 1_767_225_600_000L;

    private static ChunkCodec.Chunk roundTrip(long[] times, double[] values, byte[] qualities) {
        byte[] bytes = ChunkCodec.encode(ChunkCodec.KIND_SEALED, times, values, qualities, 0, times.length);
        ChunkCodec.Chunk c = ChunkCodec.decode(bytes);
        assertEquals(times.length, c.size());
        assertArrayEquals(times, c.times());
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(c.values()[i]),
                    "value " + i + ": " + values[i] + " came back as " + c.values()[i]);
        }
        assertArrayEquals(qualities, c.qualities());
        assertEquals(ChunkCodec.KIND_SEALED, c.kind());
        return c;
    }

    private static int mode(long[] times, double[] values, byte[] qualities) {
        return ValueModeProbe.mode(ChunkCodec.encode(ChunkCodec.KIND_SEALED, times, values, qualities, 0, times.length));
    }

    @Test
    void oneSampleRoundTrips() {
        roundTrip(new long[] {T0}, new double[] {21.5}, new byte[] {0});
        roundTrip(new long[] {-5}, new double[] {Double.NaN}, new byte[] {2});
        roundTrip(new long[] {Long.MAX_VALUE}, new double[] {-0.0}, new byte[] {1});
    }

    @Test
    void irregularTimestampsAndLargeJumpsRoundTrip() {
        Random random = new Random(1);
        long[] times = new long[1000];
        double[] values = new double[1000];
        times[0] = T0;
        for (int i = 1; i < times.length; i++) {
            long gap = switch (i % 5) {
                case 0 -> 1000;
                case 1 -> 1000 + random.nextInt(100) - 50;
                case 2 -> 1 + random.nextInt(3000);
                case 3 -> 1 + random.nextInt(1_000_000_000);
                default -> 1 + (random.nextLong() >>> 20);
            };
            times[i] = times[i - 1] + gap;
            values[i] = random.nextInt(10_000) / 100.0;
        }
        roundTrip(times, values, new byte[1000]);
    }

    @Test
    void negativeTimesAndTheWholeLongRangeRoundTrip() {
        roundTrip(new long[] {-10_000, -5_000, -1, 0, 1, 4_000}, new double[] {1, 2, 3, 4, 5, 6}, new byte[6]);
        roundTrip(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, new double[] {1, 2, 3}, new byte[3]);
    }

    @Test
    void canonicalNanKeepsTheDecimalPathAndOtherNansTakeXorBitForBit() {
        long[] times = {T0, T0 + 1000, T0 + 2000, T0 + 3000};
        double[] decimal = {Double.NaN, 20.1, Double.NaN, 20.3};
        roundTrip(times, decimal, new byte[] {2, 0, 2, 0});
        assertTrue(mode(times, decimal, new byte[4]) != ChunkCodec.MODE_XOR);
        double payloadNan = Double.longBitsToDouble(0x7ff8_0000_0000_0001L);
        double[] odd = {20.1, payloadNan, 20.2, 20.3};
        roundTrip(times, odd, new byte[4]);
        assertEquals(ChunkCodec.MODE_XOR, mode(times, odd, new byte[4]));
        double[] allNan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        roundTrip(times, allNan, new byte[] {2, 2, 2, 2});
    }

    @Test
    void infinitiesNegativeZeroAndExtremesTakeTheXorPath() {
        long[] times = {1, 2, 3, 4, 5, 6, 7};
        double[] values = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, 1e20};
        roundTrip(times, values, new byte[7]);
        assertEquals(ChunkCodec.MODE_XOR, mode(times, values, new byte[7]));
        assertEquals(ChunkCodec.MODE_XOR, mode(new long[] {1, 2}, new double[] {1.0, -0.0}, new byte[2]));
        assertEquals(ChunkCodec.MODE_XOR, mode(new long[] {1, 2}, new double[] {1.0, 1e-7}, new byte[2]));
        assertTrue(mode(new long[] {1, 2}, new double[] {1.0, 1e-6}, new byte[2]) != ChunkCodec.MODE_XOR);
    }

    @Test
    void noisyTenthsCostAboutOneBytePerSample() {
        Random random = new Random(3);
        int n = 240;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = T0 + i * 1000L;
            values[i] = Math.round((60 + i * 0.001 + random.nextDouble() - 0.5) * 10) / 10.0;
        }
        roundTrip(times, values, new byte[n]);
        int size = ChunkCodec.encode(ChunkCodec.KIND_SEALED, times, values, new byte[n], 0, n).length;
        assertTrue(size <= n, "240 noisy tenths took " + size + " bytes");
        assertEquals(ChunkCodec.MODE_DELTA, mode(times, values, new byte[n]));
    }

    @Test
    void smoothRampsTakeDeltaOfDelta() {
        int n = 100;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i * 1000L;
            values[i] = 1000 + i * 37;
        }
        roundTrip(times, values, new byte[n]);
        assertEquals(ChunkCodec.MODE_DOD, mode(times, values, new byte[n]));
    }

    @Test
    void randomDoublesRoundTripThroughXor() {
        Random random = new Random(5);
        long[] times = new long[500];
        double[] values = new double[500];
        byte[] qualities = new byte[500];
        for (int i = 0; i < 500; i++) {
            times[i] = T0 + i;
            values[i] = i % 7 == 0 ? values[Math.max(0, i - 1)] : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            qualities[i] = (byte) (i % 13 == 0 ? 1 : i % 17 == 0 ? 2 : 0);
        }
        roundTrip(times, values, qualities);
    }

    @Test
    void encoderRefusesTimesThatDoNotIncrease() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChunkCodec.encode(
                ChunkCodec.KIND_SEALED, new long[] {5, 5}, new double[] {1, 2}, new byte[2], 0, 2));
        assertTrue(e.getMessage().contains("increase"), e.getMessage());
    }

    @Test
    void decoderRejectsAnUnknownVersionAndTruncationWithAClearMessage() {
        byte[] bytes = ChunkCodec.encode(ChunkCodec.KIND_SEALED, new long[] {1, 2, 3}, new double[] {1, 2, 3},
                new byte[3], 0, 3);
        byte[] future = bytes.clone();
        future[0] = 9;
        StoreException e = assertThrows(StoreException.class, () -> ChunkCodec.decode(future));
        assertTrue(e.getMessage().contains("format version 9"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf(bytes, 6);
        e = assertThrows(StoreException.class, () -> ChunkCodec.decode(cut));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    // ------------------------------------------------------------ golden files

    /** Fixed input for the decimal golden file: tenths with jitter, a NaN and an uncertain sample. */
    static ChunkCodec.Chunk goldenDecimalInput() {
        long[] times = {T0, T0 + 1000, T0 + 2003, T0 + 2999, T0 + 4000, T0 + 5000, T0 + 65_000, T0 + 66_000};
        double[] values = {21.5, 21.6, 21.4, Double.NaN, 21.7, 21.7, 22.0, -3.1};
        byte[] qualities = {0, 0, 0, 2, 0, 1, 0, 0};
        return new ChunkCodec.Chunk(ChunkCodec.KIND_SEALED, times, values, qualities, times.length);
    }

    /** Fixed input for the XOR golden file: values that are not short decimals, negative times. */
    static ChunkCodec.Chunk goldenXorInput() {
        long[] times = {-3000, -2000, -1000, 0, 1000, 500_000};
        double[] values = {Math.PI, Math.PI, Math.E, -0.0, Double.POSITIVE_INFINITY, 1.0 / 3};
        byte[] qualities = {0, 0, 0, 0, 2, 0};
        return new ChunkCodec.Chunk(ChunkCodec.KIND_PARTIAL, times, values, qualities, times.length);
    }

    @Test
    void encoderWritesTheGoldenBytesAndDecoderReadsThem() throws IOException {
        checkGolden("chunk-v1-decimal.bin", goldenDecimalInput());
        checkGolden("chunk-v1-xor.bin", goldenXorInput());
    }

    private static void checkGolden(String name, ChunkCodec.Chunk input) throws IOException {
        byte[] encoded = ChunkCodec.encode(input.kind(), input.times(), input.values(), input.qualities(), 0, input.size());
        if (Boolean.getBoolean("minetwin.golden.regenerate")) {
            Path file = Path.of("src/test/resources/io/minetwin/store", name);
            if (!Files.isDirectory(file.getParent())) {
                file = Path.of("store").resolve(file);
            }
            Files.write(file, encoded);
            return;
        }
        byte[] golden;
        try (InputStream in = ChunkCodecTest.class.getResourceAsStream(name)) {
            assertTrue(in != null, "golden file " + name + " is missing; see this class's javadoc to generate it");
            golden = in.readAllBytes();
        }
        assertArrayEquals(golden, encoded, name + ": the encoder no longer writes format version 1; see the class javadoc");
        ChunkCodec.Chunk decoded = ChunkCodec.decode(golden);
        assertEquals(input.kind(), decoded.kind());
        assertArrayEquals(input.times(), decoded.times());
        assertArrayEquals(input.qualities(), decoded.qualities());
        for (int i = 0; i < input.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(input.values()[i]), Double.doubleToRawLongBits(decoded.values()[i]));
        }
    }

    /** Finds the value mode byte of an encoded chunk by walking its header. */
    static final class ValueModeProbe {
        static int mode(byte[] chunk) {
            Bytes.Source in = new Bytes.Source(chunk, "chunk");
            in.get();
            in.get();
            in.getVarint();
            in.getLong();
            long q = in.getVarint();
            for (long j = 0; j < q; j++) {
                in.getVarint();
                in.get();
            }
            long m = in.getVarint();
            for (long j = 0; j < m; j++) {
                in.getVarint();
            }
            return in.get();
        }
    }
}
