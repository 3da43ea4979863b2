package io.minetwin.analytics.features;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns a normalised frame into feature vectors at chosen rows, using only rows up to each one.
 *
 * <p>Features, in this order: {@code age} (rows since the frame started, i.e. since the last reset),
 * {@code regime} when the frame has that column, then per signal {@code <signal>.last} and per window W
 * {@code <signal>.<stat>_W} for each statistic, and {@code <signal>.drift_W} with baselines. The names
 * are stable: they are stored with a model and read by people looking at its top contributors.
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
        }
        return names;
    }

    /**
     * Feature vectors at {@code rows} of {@code frame}, in {@link #names} order; NaN marks a feature that
     * is not defined yet (e.g. a kurtosis over fewer than 4 rows).
     */
    public double[][] extract(Frame frame, int[] rows) {
        List<String> channels = frame.channels();
        int width = names(channels).size();
        double[][] out = new double[rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            out[i][0] = rows[i] + 1;
        }
        int col = 1;
        int regimeIndex = channels.indexOf(RegimeNormalizer.REGIME_COLUMN);
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
        }
        return out;
    }
}
