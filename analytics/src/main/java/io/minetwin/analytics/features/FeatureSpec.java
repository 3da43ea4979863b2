package io.minetwin.analytics.features;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which features to compute per channel.
 *
 * @param windows  causal window lengths in rows, e.g. 10 and 30 rows of the frame's step
 * @param stats    statistics per channel and window
 * @param baseline also give, per window, the window mean minus the mean of the first rows since the last
 *                 reset (the component's own healthy baseline, which removes unit-to-unit offsets)
 */
public record FeatureSpec(List<Integer> windows, Set<Stat> stats, boolean baseline) {

    public FeatureSpec {
        windows = List.copyOf(windows);
        stats = Set.copyOf(stats.isEmpty() ? EnumSet.noneOf(Stat.class) : EnumSet.copyOf(stats));
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("give at least one feature window");
        }
        for (int w : windows) {
            if (w < 1) {
                throw new IllegalArgumentException("feature windows must be at least 1 row, got " + w);
            }
        }
    }

    /** Every statistic over the given windows, with baseline features. */
    public static FeatureSpec all(Integer... windows) {
        return new FeatureSpec(List.of(windows), EnumSet.allOf(Stat.class), true);
    }
}
