package io.minetwin.analytics.features;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which features to compute per channel.
 *
 * <p>The spectral band energies and the cycle counts are off unless given ({@link #withSpectral},
 * {@link #withCycles}); the three-argument constructor and {@link #all} leave them off, so definitions
 * written before they existed give exactly the features they always gave.
 *
 * @param windows  causal window lengths in rows, e.g. 10 and 30 rows of the frame's step
 * @param stats    statistics per channel and window
 * @param baseline also give, per window, the window mean minus the mean of the first rows since the last
 *                 reset (the component's own healthy baseline, which removes unit-to-unit offsets)
 * @param spectral band energies of the latest rows per channel, when present
 * @param cycles   per channel and window, the number of cycles of at least a range, when present
 */
public record FeatureSpec(List<Integer> windows, Set<Stat> stats, boolean baseline, Optional<SpectralSpec> spectral,
                          Optional<CycleSpec> cycles) {

    public FeatureSpec {
        windows = List.copyOf(windows);
        stats = Set.copyOf(stats.isEmpty() ? EnumSet.noneOf(Stat.class) : EnumSet.copyOf(stats));
        Objects.requireNonNull(spectral, "spectral (Optional.empty() for none)");
        Objects.requireNonNull(cycles, "cycles (Optional.empty() for none)");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("give at least one feature window");
        }
        for (int w : windows) {
            if (w < 1) {
                throw new IllegalArgumentException("feature windows must be at least 1 row, got " + w);
            }
        }
    }

    /** Window statistics only, without spectral or cycle features. */
    public FeatureSpec(List<Integer> windows, Set<Stat> stats, boolean baseline) {
        this(windows, stats, baseline, Optional.empty(), Optional.empty());
    }

    /** Every statistic over the given windows, with baseline features. */
    public static FeatureSpec all(Integer... windows) {
        return new FeatureSpec(List.of(windows), EnumSet.allOf(Stat.class), true);
    }

    /** This definition with spectral band energies ({@code null} turns them off). */
    public FeatureSpec withSpectral(SpectralSpec value) {
        return new FeatureSpec(windows, stats, baseline, Optional.ofNullable(value), cycles);
    }

    /** This definition with cycle counts per window ({@code null} turns them off). */
    public FeatureSpec withCycles(CycleSpec value) {
        return new FeatureSpec(windows, stats, baseline, spectral, Optional.ofNullable(value));
    }

    /**
     * The most rows before a row that its features read: the longest window, or the spectral transform
     * length when that is longer. A reader that keeps only a life's latest rows must keep at least these.
     */
    public int rowsNeeded() {
        int rows = windows.stream().mapToInt(Integer::intValue).max().orElse(1);
        return Math.max(rows, spectral.map(SpectralSpec::size).orElse(0));
    }
}
