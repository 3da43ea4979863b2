package io.minetwin.analytics.rul;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of the gradient-boosted trees (Tribuo's XGBoost trainer).
 *
 * @param trees            boosting rounds
 * @param eta              learning rate
 * @param maxDepth         maximum tree depth
 * @param minChildWeight   minimum hessian (for squared error, rows) in a leaf
 * @param subsample        share of rows sampled per tree
 * @param featureSubsample share of features sampled per tree
 * @param threads          native threads
 */
public record TrainerSettings(int trees, double eta, int maxDepth, double minChildWeight, double subsample,
                              double featureSubsample, int threads) {

    public TrainerSettings {
        if (trees < 1 || maxDepth < 1 || threads < 1) {
            throw new IllegalArgumentException("trees, maxDepth and threads must be at least 1; got trees=" + trees
                    + " maxDepth=" + maxDepth + " threads=" + threads);
        }
        if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(featureSubsample > 0
                && featureSubsample <= 1)) {
            throw new IllegalArgumentException("eta, subsample and featureSubsample must be in (0, 1]; got eta=" + eta
                    + " subsample=" + subsample + " featureSubsample=" + featureSubsample);
        }
        if (minChildWeight < 0) {
            throw new IllegalArgumentException("minChildWeight must not be negative, got " + minChildWeight);
        }
    }

    /** Settings for C-MAPSS-sized problems (tens of thousands of rows, hundreds of features). */
    public static TrainerSettings defaults() {
        return new TrainerSettings(400, 0.05, 5, 10, 0.8, 0.5, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The settings as a flat map, as they are recorded with a model. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trees", Integer.toString(trees));
        m.put("eta", Double.toString(eta));
        m.put("max_depth", Integer.toString(maxDepth));
        m.put("min_child_weight", Double.toString(minChildWeight));
        m.put("subsample", Double.toString(subsample));
        m.put("feature_subsample", Double.toString(featureSubsample));
        return m;
    }
}
