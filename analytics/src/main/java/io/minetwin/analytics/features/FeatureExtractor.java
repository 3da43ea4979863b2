package io.minetwin.analytics.features;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns a normalised frame into feature vectors at chosen rows, using only rows up to each one.
 *
 * <p>Features, in this order: {@code age} (rows since the frame started, i.e. since the last reset),
 * {@code regime} when the frame has that column, then per signal:
 * <ol>
 *   <li>{@code <signal>.last};</li>
 *   <li>per window W, {@code <signal>.<stat>_W} for each statistic, and {@code <signal>.drift_W} with
 *       baselines;</li>
 *   <li>with {@link FeatureSpec#spectral()}, when it applies to the signal: {@code <signal>.band_<band>} for
 *       each band the grid resolves, in the order given (e.g. {@code bearing-temp.band_6-18h}; see
 *       {@link SpectralSpec} and {@link SpectralBands});</li>
 *   <li>with {@link FeatureSpec#cycles()}, when it applies to the signal: per window W,
 *       {@code <signal>.cycles_W}, the rainflow count of cycles of at least the configured range
 *       ({@link ThermalCycles}).</li>
 * </ol>
 * The names are stable: they are stored with a model and read by people looking at its top contributors.
 * Without spectral and cycle features the list is exactly what it was before they existed.
 *
 * <p>Spectral energies are computed on the frame given (in the pipelines, the regime-normalised one);
 * cycles are counted on the raw frame passed to {@link #extract(Frame, Frame, int[])}, so their range
 * stays in the channel's unit.
 */
public final class FeatureExtractor {

    private final FeatureSpec spec;
    private final List<Stat> stats;

    public FeatureExtractor(FeatureSpec spec) {
        this.spec = spec;
        this.stats = List.copyOf(spec.stats().isEmpty() ? EnumSet.noneOf(Stat.class) : EnumSet.copyOf(spec.stats()));
    }

    public FeatureSpec spec() {
        return spec;
    }

    /** The feature names for frames with {@code channels} (as {@link RegimeNormalizer#apply} returns them). */
    public List<String> names(List<String> channels) {
        List<String> names = new ArrayList<>();
        names.add("age");
        if (channels.contains(RegimeNormalizer.REGIME_COLUMN)) {
            names.add(RegimeNormalizer.REGIME_COLUMN);
        }
        for (String ch : channels) {
            if (ch.equals(RegimeNormalizer.REGIME_COLUMN)) {
                continue;
            }
            names.add(ch + ".last");
            for (int w : spec.windows()) {
                for (Stat s : stats) {
                    names.add(ch + "." + s.label() + "_" + w);
                }
                if (spec.baseline()) {
                    names.add(ch + ".drift_" + w);
                }
            }
            if (spec.spectral().isPresent() && spec.spectral().get().appliesTo(ch)) {
                for (SpectralSpec.Band b : spec.spectral().get().resolved()) {
                    names.add(ch + ".band_" + b.name());
                }
            }
            if (spec.cycles().isPresent() && spec.cycles().get().appliesTo(ch)) {
                for (int w : spec.windows()) {
                    names.add(ch + ".cycles_" + w);
                }
            }
        }
        return names;
    }

    /**
     * Feature vectors at {@code rows} of {@code frame}, in {@link #names} order; NaN marks a feature that
     * is not defined yet (e.g. a kurtosis over fewer than 4 rows). Definitions with cycle counts need the
     * raw frame as well: use {@link #extract(Frame, Frame, int[])}.
     */
    public double[][] extract(Frame frame, int[] rows) {
        if (spec.cycles().isPresent()) {
            throw new IllegalArgumentException("cycle features count in each channel's own unit and need the frame"
                    + " before regime normalisation: call extract(normalised, raw, rows)");
        }
        return extract(frame, null, rows);
    }

    /**
     * Feature vectors at {@code rows} of {@code frame}, in {@link #names} order, with cycles counted on
     * {@code raw}: the same rows before regime normalisation, with every signal of {@code frame} among its
     * channels (it may have more, e.g. the operating settings).
     */
    public double[][] extract(Frame frame, Frame raw, int[] rows) {
        if (raw != null && raw.rows() != frame.rows()) {
            throw new IllegalArgumentException("the raw frame has " + raw.rows() + " rows, the normalised one "
                    + frame.rows() + "; pass the frame the normalised one was made from");
        }
        if (raw == null && spec.cycles().isPresent()) {
            throw new IllegalArgumentException("cycle features need the raw frame; it is null");
        }
        List<String> channels = frame.channels();
        int width = names(channels).size();
        double[][] out = new double[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            out[i][0] = rows[i] + 1;
        }
        int col = 1;
        int regimeIndex = channels.indexOf(RegimeNormalizer.REGIME_COLUMN);
        SpectralBands bands = spec.spectral().map(SpectralBands::new).orElse(null);
        ThermalCycles cycles = spec.cycles().isPresent() ? new ThermalCycles(spec.rowsNeeded()) : null;
        if (regimeIndex >= 0) {
            double[] regime = frame.columns()[regimeIndex];
            for (int i = 0; i < rows.length; i++) {
                out[i][col] = regime[rows[i]];
            }
            col++;
        }
        for (int c = 0; c < channels.size(); c++) {
            if (c == regimeIndex) {
                continue;
            }
            double[] x = frame.columns()[c];
            for (int i = 0; i < rows.length; i++) {
                out[i][col] = x[rows[i]];
            }
            col++;
            for (int w : spec.windows()) {
                double[] ewma = stats.contains(Stat.EWMA) ? WindowStats.ewma(x, x.length, w) : null;
                double baseline = spec.baseline() ? WindowStats.mean(x, 0, Math.min(w, x.length)) : Double.NaN;
                for (int i = 0; i < rows.length; i++) {
                    int to = rows[i] + 1;
                    int from = Math.max(0, to - w);
                    int k = col;
                    for (Stat s : stats) {
                        out[i][k++] = switch (s) {
                            case MEAN -> WindowStats.mean(x, from, to);
                            case STD -> WindowStats.std(x, from, to);
                            case MIN -> WindowStats.min(x, from, to);
                            case MAX -> WindowStats.max(x, from, to);
                            case SLOPE -> WindowStats.slope(x, from, to);
                            case EWMA -> ewma[rows[i]];
                            case RMS -> WindowStats.rms(x, from, to);
                            case KURTOSIS -> WindowStats.kurtosis(x, from, to);
                        };
                    }
                    if (spec.baseline()) {
                        // Until a full baseline window has passed, the baseline is still being formed.
                        out[i][k] = to >= 2 * w ? WindowStats.mean(x, from, to) - baseline : Double.NaN;
                    }
                }
                col += stats.size() + (spec.baseline() ? 1 : 0);
            }
            String ch = channels.get(c);
            if (bands != null && spec.spectral().get().appliesTo(ch)) {
                for (int i = 0; i < rows.length; i++) {
                    bands.energies(x, rows[i] + 1, out[i], col);
                }
                col += bands.bands();
            }
            if (cycles != null && spec.cycles().get().appliesTo(ch)) {
                double[] r = raw.column(ch);
                double range = spec.cycles().get().range();
                for (int w : spec.windows()) {
                    for (int i = 0; i < rows.length; i++) {
                        int to = rows[i] + 1;
                        out[i][col] = cycles.cycles(r, Math.max(0, to - w), to, range);
                    }
                    col++;
                }
            }
        }
        return out;
    }
}
