package io.minetwin.analytics.forecast;

import io.minetwin.analytics.features.FeatureExtractor;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.analytics.rul.RulInterval;
import io.minetwin.model.ComponentHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Everything that forecasts one component of one asset type: the regime normaliser and features it was
 * trained with, a calibrated classifier per horizon, the RUL regressor with its interval, the health
 * model, and what explains a forecast (feature importances and the healthy baseline of every feature).
 *
 * <p>Predictions take a life's raw frame (the series of {@link Inputs#reads()} since the component's last
 * renewal) and rows of it; features at a row only use that row and earlier ones, so a forecast never sees
 * the future.
 *
 * @param assetType    the asset type
 * @param component    the component
 * @param inputs       what is read (own channels, peers, duty counters) and derived from it
 * @param step         the grid step
 * @param horizons     the horizons, shortest first
 * @param rulCap       the RUL cap in steps
 * @param normalizer   regime normalisation from the training data
 * @param features     the feature definition
 * @param featureNames feature names in extraction order
 * @param classifiers  one classifier per horizon (outputs {@code fail} / {@code ok})
 * @param calibrations one Platt map per horizon
 * @param rul          the RUL regressor (steps)
 * @param interval     the RUL interval from held-out residuals
 * @param health       the health model
 * @param importance   per feature, its share of the classifiers' importance (sums to 1)
 * @param baselineMean per feature, its mean over healthy training rows
 * @param baselineSd   per feature, its standard deviation over healthy training rows
 * @param alerts       the alert thresholds for this component, tuned on validation data
 * @param reference    how each feature was distributed over the training rows, for drift monitoring; none for
 *                     models trained before it was kept
 */
public record ComponentModels(String assetType, String component, Inputs inputs, Duration step,
                              List<Horizon> horizons, double rulCap, RegimeNormalizer normalizer, FeatureSpec features,
                              List<String> featureNames, List<Model<Label>> classifiers, List<Calibration> calibrations,
                              Model<Regressor> rul, RulInterval interval, HealthModel health, double[] importance,
                              double[] baselineMean, double[] baselineSd, AlertPolicy alerts,
                              FeatureReference reference) {

    public static final String FAIL = "fail";
    public static final String OK = "ok";
    private static final int TOP_SIGNALS = 5;

    public ComponentModels {
        Objects.requireNonNull(assetType, "assetType");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(inputs, "inputs");
        horizons = List.copyOf(horizons);
        featureNames = List.copyOf(featureNames);
        classifiers = List.copyOf(classifiers);
        calibrations = List.copyOf(calibrations);
        if (classifiers.size() != horizons.size() || calibrations.size() != horizons.size()) {
            throw new IllegalArgumentException("need one classifier and one calibration per horizon");
        }
        int n = featureNames.size();
        if (importance.length != n || baselineMean.length != n || baselineSd.length != n) {
            throw new IllegalArgumentException("importance and baseline need one value per feature");
        }
        Objects.requireNonNull(rul, "rul");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(reference, "reference");
        if (reference.known() && !reference.names().equals(featureNames)) {
            throw new IllegalArgumentException("the feature reference must cover the model's features, in order");
        }
    }

    /** These models with other alert thresholds. */
    public ComponentModels withAlerts(AlertPolicy value) {
        return new ComponentModels(assetType, component, inputs, step, horizons, rulCap, normalizer, features,
                featureNames, classifiers, calibrations, rul, interval, health, importance, baselineMean, baselineSd,
                value, reference);
    }

    /**
     * A forecast at one row.
     *
     * @param time        epoch milliseconds of the row
     * @param probability calibrated failure probability per horizon
     * @param rulSteps    remaining useful life, steps
     * @param rulLow      interval lower bound, steps
     * @param rulHigh     interval upper bound, steps
     * @param health      0-100
     * @param x           the feature row (for explanations)
     */
    public record Point(long time, double[] probability, double rulSteps, double rulLow, double rulHigh, double health,
                        double[] x) {
    }

    /** Feature rows of {@code life} at {@code rows}, in {@link #featureNames} order. */
    public double[][] featureRows(Frame life, int[] rows) {
        Frame derived = inputs.derive(life);
        Frame normalised = normalizer.apply(derived);
        FeatureExtractor extractor = new FeatureExtractor(features);
        List<String> names = extractor.names(normalised.channels());
        if (!names.equals(featureNames)) {
            throw new IllegalArgumentException("the history of " + component + " has channels " + life.channels()
                    + ", which give other features than the model was trained on; retrain the model");
        }
        return extractor.extract(normalised, derived, rows);
    }

    /** Forecasts at {@code rows} of a life's raw frame. */
    public List<Point> predict(Frame life, int[] rows) {
        long[] times = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            times[i] = life.times()[rows[i]];
        }
        return predictAt(featureRows(life, rows), times);
    }

    /**
     * The forecast at the last row of {@code frame}, a life's first rows and its latest ones (enough for
     * the baseline and the longest window), whose whole life has {@code ageRows} rows: what the live scorer
     * needs without reading the whole life.
     */
    public Point predictLast(Frame frame, long ageRows) {
        return predictRows(new double[][] {lastRow(frame, ageRows)}, new long[] {frame.times()[frame.rows() - 1]})
                .get(0);
    }

    /** The feature row at the last row of {@code frame}, with {@code ageRows} as the life's age (see {@link #predictLast}). */
    public double[] lastRow(Frame frame, long ageRows) {
        double[] x = featureRows(frame, new int[] {frame.rows() - 1})[0];
        if (!featureNames.isEmpty() && featureNames.get(0).equals("age")) {
            x[0] = ageRows;
        }
        return x;
    }

    /** Forecasts for feature rows (e.g. of many twins at once: one model call per batch), at {@code times}. */
    public List<Point> predictRows(double[][] x, long[] times) {
        return predictAt(x, times);
    }

    /** The most rows before a row that its features read (the longest window or spectral transform). */
    public int longestWindow() {
        return features.rowsNeeded();
    }

    private List<Point> predictAt(double[][] x, long[] times) {
        int n = x.length;
        List<Example<Label>> examples = new ArrayList<>(n);
        List<Example<Regressor>> regression = new ArrayList<>(n);
        for (double[] row : x) {
            examples.add(example(featureNames, row, LabelUnknown.LABEL));
            regression.add(example(featureNames, row, RegressionFactory.UNKNOWN_REGRESSOR));
        }
        double[][] p = new double[horizons.size()][];
        for (int h = 0; h < horizons.size(); h++) {
            List<Prediction<Label>> out = classifiers.get(h).predict(examples);
            p[h] = new double[n];
            for (int i = 0; i < n; i++) {
                p[h][i] = calibrations.get(h).apply(failScore(out.get(i)));
            }
        }
        // Failing within a longer horizon is at least as likely as within a shorter one.
        for (int h = 1; h < p.length; h++) {
            for (int i = 0; i < n; i++) {
                p[h][i] = Math.max(p[h][i], p[h - 1][i]);
            }
        }
        List<Prediction<Regressor>> r = rul.predict(regression);
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] probs = new double[horizons.size()];
            for (int h = 0; h < probs.length; h++) {
                probs[h] = p[h][i];
            }
            double steps = Math.max(0, Math.min(rulCap, r.get(i).getOutput().getValues()[0]));
            double low = steps;
            double high = steps;
            if (interval.known()) {
                double[] around = interval.around(steps);
                low = Math.max(0, Math.min(steps, around[0]));
                // The target is capped: a forecast at the cap means "the cap or more", so no bound lies beyond it.
                high = Math.min(rulCap, Math.max(steps, around[1]));
            }
            points.add(new Point(times[i], probs, steps, low, high, health.score(x[i]), x[i]));
        }
        return points;
    }

    private static double failScore(Prediction<Label> prediction) {
        var scores = prediction.getOutputScores();
        Label fail = scores.get(FAIL);
        if (fail != null) {
            return fail.getScore();
        }
        return FAIL.equals(prediction.getOutput().getLabel()) ? 1 : 0;
    }

    /**
     * The signals behind a forecast: the physical signals (channels, channels against their peers, running
     * time since renewal) whose features the classifiers rely on, weighted by how far the row lies from the
     * healthy baseline, strongest first, with weights that sum to at most 1 (see {@link SignalExplainer}).
     */
    public List<ComponentHealth.Signal> signals(double[] x) {
        return new SignalExplainer(component, inputs, step, features, featureNames, importance, baselineMean,
                baselineSd).explain(x, TOP_SIGNALS);
    }

    static <T extends org.tribuo.Output<T>> ArrayExample<T> example(List<String> names, double[] x, T output) {
        int n = 0;
        for (double v : x) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        String[] fn = new String[n];
        double[] fv = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i])) {
                fn[k] = names.get(i);
                fv[k++] = x[i];
            }
        }
        return new ArrayExample<>(output, fn, fv);
    }

    /** The unknown label, for examples to predict. */
    static final class LabelUnknown {
        static final Label LABEL = org.tribuo.classification.LabelFactory.UNKNOWN_LABEL;

        private LabelUnknown() {
        }
    }
}
