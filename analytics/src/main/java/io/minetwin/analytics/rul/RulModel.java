package io.minetwin.analytics.rul;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.RegimeNormalizer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * A trained remaining-useful-life model with everything needed to apply it to new history: the
 * regime normaliser and feature definition it was trained with, and the target's cap.
 *
 * @param component   the component it predicts for
 * @param step        the grid step its frames are aligned on; predictions are in steps
 * @param cap         the target cap in steps; predictions never exceed it
 * @param normalizer  the regime normalisation learnt from the training data
 * @param features    the feature definition
 * @param featureNames the features, in extraction order
 * @param model       the Tribuo regressor
 * @param interval    the interval around predictions, from held-out residuals ({@link RulInterval#none()} if unknown)
 */
public record RulModel(String component, Duration step, double cap, RegimeNormalizer normalizer,
                       FeatureSpec features, List<String> featureNames, Model<Regressor> model,
                       RulInterval interval) {
    public RulModel {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(normalizer, "normalizer");
        Objects.requireNonNull(features, "features");
        featureNames = List.copyOf(featureNames);
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(interval, "interval");
    }

    /** The same model with {@code value} as its interval. */
    public RulModel withInterval(RulInterval value) {
        return new RulModel(component, step, cap, normalizer, features, featureNames, model, value);
    }
}
