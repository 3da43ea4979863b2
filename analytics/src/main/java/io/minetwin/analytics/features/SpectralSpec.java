package io.minetwin.analytics.features;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Spectral band energies per channel: how much of a channel's recent variation repeats with periods in
 * given ranges (e.g. the daily cycle of a bearing temperature, or a faster hunting oscillation).
 *
 * <p>At each row, the last {@code size} rows of the channel (a power of two) are detrended (least-squares
 * line removed, which also removes the mean), multiplied by a periodic Hann window and transformed with
 * Commons Math's {@code FastFourierTransformer} ({@code DftNormalization.STANDARD}); see
 * {@link SpectralBands} for the normalisation. Bands are period ranges; a band is computed only when the
 * grid resolves it: "sampled fast enough" means its shortest period is at least 2 rows (the Nyquist
 * limit of the grid {@code step}) and at least one frequency bin of the transform falls in it (its
 * periods are not all longer than {@code size} rows, and it is not narrower than the bin spacing there).
 * The same band list can therefore be used with any grid: bands the grid cannot resolve are simply not
 * among the features ({@link #resolved()}).
 *
 * <p>Rows count as time only while the equipment reports: steps without any sample produce no row of the
 * frame (see {@link FrameBuilder}), so a period of 24 rows is 24 hours of running on an hourly grid.
 *
 * @param size     the transform length in rows, a power of two of at least 8 (e.g. 64 or 128); the features
 *                 are NaN until a life has that many rows
 * @param step     the grid step of the frames the features are computed on; it turns the bands' durations
 *                 into rows and names the features
 * @param bands    the period ranges, in feature order
 * @param channels the channel-name suffixes the features apply to (e.g. {@code "temp"} selects
 *                 {@code bearing-temp}); empty for every channel
 */
public record SpectralSpec(int size, Duration step, List<Band> bands, List<String> channels) {

    /** The transform length used by {@link #of(Duration)}: 128 rows, enough to separate 18-30 h from longer periods. */
    public static final int DEFAULT_SIZE = 128;

    /** Periods of 2-6 h, 6-18 h, 18-30 h (the daily cycle) and longer than 30 h. */
    public static final List<Band> DEFAULT_BANDS = List.of(Band.hours(2, 6), Band.hours(6, 18), Band.hours(18, 30),
            Band.longerThan(Duration.ofHours(30)));

    public SpectralSpec {
        Objects.requireNonNull(step, "step");
        bands = List.copyOf(bands);
        channels = List.copyOf(channels);
        if (size < 8 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("the spectral transform length must be a power of two of at least 8"
                    + " rows (e.g. 64 or 128), got " + size);
        }
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("the spectral grid step must be positive, got " + step);
        }
        if (bands.isEmpty()) {
            throw new IllegalArgumentException("give at least one spectral band, e.g. Band.hours(18, 30)");
        }
        List<String> names = new ArrayList<>();
        for (Band b : bands) {
            if (names.contains(b.name())) {
                throw new IllegalArgumentException("spectral band " + b.name() + " is given twice");
            }
            names.add(b.name());
        }
        ChannelFilter.check("spectral", channels);
    }

    /** The default bands with 128-row transforms on every channel of a grid of {@code step}. */
    public static SpectralSpec of(Duration step) {
        return new SpectralSpec(DEFAULT_SIZE, step, DEFAULT_BANDS, List.of());
    }

    /** This definition restricted to channels whose names end with one of {@code suffixes} (none: all). */
    public SpectralSpec forChannels(List<String> suffixes) {
        return new SpectralSpec(size, step, bands, suffixes);
    }

    /** Whether the features apply to {@code channel}. */
    public boolean appliesTo(String channel) {
        return ChannelFilter.matches(channels, channel);
    }

    /** The bands the grid resolves, in {@link #bands} order: the ones that become features. */
    public List<Band> resolved() {
        List<Band> out = new ArrayList<>();
        for (Band b : bands) {
            if (bins(b).length > 0) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The transform bins {@code k} (1 to {@code size / 2}, period {@code size / k} rows) whose period lies in
     * {@code [shortest, longest)} of {@code band}; none when the shortest period is under 2 rows (Nyquist).
     */
    int[] bins(Band band) {
        double stepNanos = step.toNanos();
        double shortest = band.shortest().toNanos() / stepNanos;
        double longest = band.longest() == null ? Double.POSITIVE_INFINITY : band.longest().toNanos() / stepNanos;
        if (shortest < 2) {
            return new int[0];
        }
        List<Integer> ks = new ArrayList<>();
        for (int k = 1; k <= size / 2; k++) {
            double period = (double) size / k;
            if (period >= shortest && period < longest) {
                ks.add(k);
            }
        }
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A range of periods {@code [shortest, longest)}; {@code longest} is null for "and longer". Its
     * {@link #name()} is part of the feature name, e.g. {@code 6-18h}, {@code 30-90min} or {@code 30h+}.
     *
     * @param shortest the shortest period, included
     * @param longest  the longest period, excluded; null when the band is open
     */
    public record Band(Duration shortest, Duration longest) {

        public Band {
            Objects.requireNonNull(shortest, "shortest");
            if (shortest.isZero() || shortest.isNegative()) {
                throw new IllegalArgumentException("a spectral band's shortest period must be positive, got "
                        + shortest);
            }
            if (longest != null && longest.compareTo(shortest) <= 0) {
                throw new IllegalArgumentException("a spectral band's longest period (" + longest
                        + ") must exceed its shortest (" + shortest + ")");
            }
            if (shortest.toNanos() % 1_000_000 != 0 || (longest != null && longest.toNanos() % 1_000_000 != 0)) {
                throw new IllegalArgumentException("spectral band periods must be whole milliseconds, got " + shortest
                        + (longest == null ? "" : " to " + longest));
            }
        }

        /** Periods from {@code shortest} to {@code longest} hours. */
        public static Band hours(long shortest, long longest) {
            return new Band(Duration.ofHours(shortest), Duration.ofHours(longest));
        }

        /** Periods of {@code shortest} and longer. */
        public static Band longerThan(Duration shortest) {
            return new Band(shortest, null);
        }

        /** Periods from {@code shortest} to {@code longest} rows of a grid of {@code step}. */
        public static Band rows(long shortest, long longest, Duration step) {
            return new Band(step.multipliedBy(shortest), step.multipliedBy(longest));
        }

        /**
         * The band's part of a feature name: both ends in the largest unit (h, min, s, ms) that gives whole
         * numbers, e.g. {@code 6-18h}, or {@code 30h+} for an open band.
         */
        public String name() {
            String unit = unit(shortest, longest);
            long div = divisor(unit);
            if (longest == null) {
                return shortest.toMillis() / div + unit + "+";
            }
            return shortest.toMillis() / div + "-" + longest.toMillis() / div + unit;
        }

        /**
         * How a planner reads a band name made by {@link #name()}: {@code 6-18h} as {@code 6-18 h periods},
         * {@code 30h+} as {@code periods of 30 h and longer}; other text is returned unchanged.
         */
        public static String describe(String name) {
            var m = java.util.regex.Pattern.compile("(\\d+)(?:-(\\d+))?(h|min|s|ms)(\\+?)").matcher(name);
            if (!m.matches() || (m.group(2) == null) == m.group(4).isEmpty()) {
                return name;
            }
            return m.group(2) == null ? "periods of " + m.group(1) + " " + m.group(3) + " and longer"
                    : m.group(1) + "-" + m.group(2) + " " + m.group(3) + " periods";
        }

        /** The text form the registry stores: ISO-8601 durations {@code PT6H/PT18H}, or {@code PT30H/} when open. */
        public String text() {
            return shortest + "/" + (longest == null ? "" : longest.toString());
        }

        /** Reads {@link #text()}. */
        public static Band parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("spectral band '" + text + "' must be <shortest>/<longest> in"
                        + " ISO-8601 durations, e.g. PT6H/PT18H, or PT30H/ for an open band");
            }
            String hi = text.substring(slash + 1);
            return new Band(Duration.parse(text.substring(0, slash)), hi.isEmpty() ? null : Duration.parse(hi));
        }

        private static String unit(Duration a, Duration b) {
            for (String u : List.of("h", "min", "s")) {
                long d = divisor(u);
                if (a.toMillis() % d == 0 && (b == null || b.toMillis() % d == 0)) {
                    return u;
                }
            }
            return "ms";
        }

        private static long divisor(String unit) {
            return switch (unit) {
                case "h" -> 3_600_000L;
                case "min" -> 60_000L;
                case "s" -> 1_000L;
                default -> 1L;
            };
        }
    }
}
