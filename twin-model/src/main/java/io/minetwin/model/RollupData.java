package io.minetwin.model;

/**
 * Rollup buckets of one series in time order, in columns: bucket start, minimum, maximum, sum and
 * count of the good-quality samples in each bucket, for {@code i < size}.
 */
public record RollupData(Resolution resolution, long[] starts, double[] min, double[] max, double[] sum,
                         long[] count, int size) {

    public RollupData {
        if (resolution == Resolution.RAW) {
            throw new IllegalArgumentException("rollups are per minute or per hour, not raw");
        }
    }

    public static RollupData empty(Resolution resolution) {
        return new RollupData(resolution, new long[0], new double[0], new double[0], new double[0], new long[0], 0);
    }

    public double mean(int i) {
        return count[i] == 0 ? Double.NaN : sum[i] / count[i];
    }
}
