package io.minetwin.store;

import io.minetwin.model.Resolution;
import java.util.Arrays;

/**
 * The rollup buckets of one series for one block of time. One block is one record on disk.
 *
 * <p>Blocks come in two span tiers per resolution: tier 0 holds the 60 minute buckets of an hour or
 * the 24 hour buckets of a day, tier 1 the 1,440 minute buckets of a day or the 384 hour buckets of
 * 16 days, for sparsely sampled series whose tier 0 blocks would hold a handful of buckets each. The
 * key carries the tier (see {@link Keys}); the value format is the same, its bucket indices counting
 * from the block start. The blocks of one series never overlap in time.
 *
 * <p>The {@link #watermark} is the time of the last in-order sample folded into the block; replaying
 * the write-ahead log after a crash skips samples at or before it, which is exact because in-order
 * samples of a series only move forward. Not thread safe: the history guards it.
 *
 * <p>Format version 1:
 * <pre>
 *   byte    version (1)
 *   byte    flags: bit 0 sealed, bit 1 has a watermark
 *   [zigzag varint watermark - start]
 *   varint  n, the buckets present; n x varint index gap (distance to the previous index, the first from -1)
 *   n x varint count
 *   min, max, sum columns, each: byte k then n zigzag varints (the first absolute, then deltas) of
 *   the values scaled by 10^k when that is lossless for the whole column (k &lt;= 6), else byte 255
 *   then n x int64 double bits
 * </pre>
 */
final class RollupBlock {

    static final int VERSION = 1;
    private static final int RAW_DOUBLES = 255;
    private static final double[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    final Resolution resolution;
    final int tier;
    /** Final but for {@link #reset}. */
    long start;
    final long[] count;
    final double[] min;
    final double[] max;
    final double[] sum;
    long watermark = Long.MIN_VALUE;
    boolean sealed;

    RollupBlock(Resolution resolution, long start) {
        this(resolution, 0, start);
    }

    RollupBlock(Resolution resolution, int tier, long start) {
        this.resolution = resolution;
        this.tier = tier;
        this.start = start;
        int n = (int) (spanMillis(resolution, tier) / resolution.bucketMillis());
        count = new long[n];
        min = new double[n];
        max = new double[n];
        sum = new double[n];
    }

    /** Span tiers per resolution. */
    static final int TIERS = 2;
    /** Series sampled this sparsely or more get tier 1 blocks. */
    static final long SPARSE_SPACING_MILLIS = 5 * 60_000L;

    /** The span of a tier 0 block: an hour of minute buckets or a day of hour buckets. */
    static long blockMillis(Resolution resolution) {
        return spanMillis(resolution, 0);
    }

    /** The span of a block of {@code tier}: tier 1 spans 24 times (minutes) or 16 times (hours) tier 0. */
    static long spanMillis(Resolution resolution, int tier) {
        long hour = Resolution.HOUR.bucketMillis();
        return switch (resolution) {
            case MINUTE -> tier == 0 ? hour : 24 * hour;
            case HOUR -> tier == 0 ? 24 * hour : 16 * 24 * hour;
            case RAW -> throw new IllegalArgumentException("raw samples have no rollup blocks");
        };
    }

    static int bucketsPerBlock(Resolution resolution) {
        return (int) (blockMillis(resolution) / resolution.bucketMillis());
    }

    static long blockStart(Resolution resolution, long time) {
        return blockStart(resolution, 0, time);
    }

    static long blockStart(Resolution resolution, int tier, long time) {
        long span = spanMillis(resolution, tier);
        return Math.floorDiv(time, span) * span;
    }

    /**
     * Turns this block into an empty one of the same tier at {@code newStart}, keeping its arrays:
     * a sparse series seals a block every few samples, and a minute block of tier 1 is 46 KB.
     * Buckets with a zero count are never read, so only the counts need clearing.
     */
    void reset(long newStart) {
        start = newStart;
        Arrays.fill(count, 0);
        watermark = Long.MIN_VALUE;
        sealed = false;
    }

    /** The end (exclusive) of this block's span. */
    long end() {
        return start + spanMillis(resolution, tier);
    }

    boolean covers(long time) {
        return time >= start && time - start < spanMillis(resolution, tier);
    }

    int bucketIndex(long time) {
        return (int) ((time - start) / resolution.bucketMillis());
    }

    long bucketStart(int index) {
        return start + index * resolution.bucketMillis();
    }

    /** Whether a sample counts in rollups: good quality and a finite value. */
    static boolean counts(double value, byte quality) {
        return quality == 0 && Double.isFinite(value);
    }

    /** Folds one counted value into the bucket holding {@code time}. */
    void add(long time, double value) {
        int i = bucketIndex(time);
        if (count[i] == 0) {
            min[i] = value;
            max[i] = value;
            sum[i] = value;
        } else {
            min[i] = Math.min(min[i], value);
            max[i] = Math.max(max[i], value);
            sum[i] += value;
        }
        count[i]++;
    }

    /** Merges an aggregate of samples into bucket {@code i}. */
    void merge(int i, double mn, double mx, double sm, long n) {
        if (n == 0) {
            return;
        }
        if (count[i] == 0) {
            min[i] = mn;
            max[i] = mx;
            sum[i] = sm;
        } else {
            min[i] = Math.min(min[i], mn);
            max[i] = Math.max(max[i], mx);
            sum[i] += sm;
        }
        count[i] += n;
    }

    void clearBucket(int i) {
        count[i] = 0;
        min[i] = 0;
        max[i] = 0;
        sum[i] = 0;
    }

    int presentBuckets() {
        int n = 0;
        for (long c : count) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    RollupBlock copy() {
        RollupBlock c = new RollupBlock(resolution, tier, start);
        System.arraycopy(count, 0, c.count, 0, count.length);
        System.arraycopy(min, 0, c.min, 0, min.length);
        System.arraycopy(max, 0, c.max, 0, max.length);
        System.arraycopy(sum, 0, c.sum, 0, sum.length);
        c.watermark = watermark;
        c.sealed = sealed;
        return c;
    }

    byte[] encode() {
        int n = presentBuckets();
        Bytes.Sink out = new Bytes.Sink(16 + n * 8);
        boolean hasWatermark = watermark != Long.MIN_VALUE;
        out.put(VERSION).put((sealed ? 1 : 0) | (hasWatermark ? 2 : 0));
        if (hasWatermark) {
            out.putSigned(watermark - start);
        }
        out.putVarint(n);
        int[] idx = new int[n];
        int j = 0;
        int prev = -1;
        for (int i = 0; i < count.length; i++) {
            if (count[i] > 0) {
                out.putVarint(i - prev - 1);
                prev = i;
                idx[j++] = i;
            }
        }
        for (int i : idx) {
            out.putVarint(count[i]);
        }
        putColumn(out, min, idx);
        putColumn(out, max, idx);
        putColumn(out, sum, idx);
        return out.toArray();
    }

    static RollupBlock decode(Resolution resolution, long start, byte[] bytes) {
        return decode(resolution, 0, start, bytes);
    }

    static RollupBlock decode(Resolution resolution, int tier, long start, byte[] bytes) {
        Bytes.Source in = new Bytes.Source(bytes, "rollup block");
        int version = in.get();
        if (version != VERSION) {
            throw new StoreException("rollup block has format version " + version + " but this build reads "
                    + VERSION + "; open the store with the version that wrote it");
        }
        RollupBlock b = new RollupBlock(resolution, tier, start);
        int flags = in.get();
        b.sealed = (flags & 1) != 0;
        if ((flags & 2) != 0) {
            b.watermark = start + in.getSigned();
        }
        int n = in.getCount(b.count.length);
        int[] idx = new int[n];
        int prev = -1;
        for (int j = 0; j < n; j++) {
            prev += (int) in.getVarint() + 1;
            if (prev >= b.count.length) {
                throw new StoreException("rollup block lists bucket " + prev + " of " + b.count.length
                        + "; the store is damaged, restore it from a backup");
            }
            idx[j] = prev;
        }
        for (int i : idx) {
            b.count[i] = in.getVarint();
        }
        getColumn(in, b.min, idx);
        getColumn(in, b.max, idx);
        getColumn(in, b.sum, idx);
        return b;
    }

    /** The number of buckets in an encoded block, read from its header. */
    static int encodedBucketCount(byte[] bytes) {
        Bytes.Source in = new Bytes.Source(bytes, "rollup block");
        in.get();
        int flags = in.get();
        if ((flags & 2) != 0) {
            in.getVarint();
        }
        return (int) in.getVarint();
    }

    private static void putColumn(Bytes.Sink out, double[] column, int[] idx) {
        int k = 0;
        boolean decimal = true;
        for (int i : idx) {
            while (!ChunkCodec.isDecimal(column[i], k)) {
                if (++k > ChunkCodec.MAX_DECIMALS) {
                    decimal = false;
                    break;
                }
            }
            if (!decimal) {
                break;
            }
        }
        if (decimal) {
            for (int i : idx) {
                if (!ChunkCodec.isDecimal(column[i], k)) {
                    decimal = false;
                    break;
                }
            }
        }
        if (decimal) {
            out.put(k);
            long prev = 0;
            for (int i : idx) {
                long s = Math.round(column[i] * POW10[k]);
                out.putSigned(s - prev);
                prev = s;
            }
        } else {
            out.put(RAW_DOUBLES);
            for (int i : idx) {
                out.putLong(Double.doubleToRawLongBits(column[i]));
            }
        }
    }

    private static void getColumn(Bytes.Source in, double[] column, int[] idx) {
        int k = in.get();
        if (k == RAW_DOUBLES) {
            for (int i : idx) {
                column[i] = Double.longBitsToDouble(in.getLong());
            }
        } else if (k <= ChunkCodec.MAX_DECIMALS) {
            long prev = 0;
            for (int i : idx) {
                prev += in.getSigned();
                column[i] = prev / POW10[k];
            }
        } else {
            throw new StoreException("rollup block column has " + k
                    + " decimals; the store is damaged, restore it from a backup");
        }
    }

    @Override
    public String toString() {
        return resolution + " block tier " + tier + " @" + start + " buckets=" + presentBuckets() + " watermark=" + watermark
                + (sealed ? " sealed" : " open") + " counts=" + Arrays.toString(count);
    }
}
