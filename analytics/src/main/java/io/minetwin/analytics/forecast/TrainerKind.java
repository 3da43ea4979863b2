package io.minetwin.analytics.forecast;

import java.util.Locale;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The Tribuo trainers a component's classifiers and RUL regressor can be trained with.
 *
 * <p>Gradient-boosted trees are the default: they cope with unscaled, partly missing features and
 * non-linear wear curves. CART gives one readable tree; linear SGD (logistic and least squares) is the
 * fast, conservative baseline.
 */
public enum TrainerKind {
    XGBOOST, CART, SGD;

    /** Parses {@code xgboost}, {@code cart} or {@code sgd}. */
    public static TrainerKind parse(String s) {
        for (TrainerKind k : values()) {
            if (k.name().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("trainer '" + s + "' is not one of xgboost, cart, sgd");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    Trainer<Label> classifier(long seed, int threads) {
        return switch (this) {
            case XGBOOST -> new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST, 150, 0.1, 0.0, 4, 5.0, 0.8, 0.6, 1.0, 0.0, threads,
                    XGBoostTrainer.LoggingVerbosity.SILENT, seed);
            case CART -> new CARTClassificationTrainer(8, 1.0f, seed);
            // A logging interval beyond any dataset keeps the trainer from logging every 1,000 steps.
            case SGD -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 8, Integer.MAX_VALUE, 1, seed);
        };
    }

    Trainer<Regressor> regressor(long seed, int threads) {
        return switch (this) {
            case XGBOOST -> new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST, XGBoostRegressionTrainer.RegressionType.LINEAR, 150, 0.1, 0.0, 5,
                    5.0, 0.8, 0.6, 1.0, 0.0, threads, XGBoostTrainer.LoggingVerbosity.SILENT, seed);
            case CART -> new CARTRegressionTrainer(8);
            case SGD -> new org.tribuo.regression.sgd.linear.LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1),
                    8, Integer.MAX_VALUE, 1, seed);
        };
    }
}
