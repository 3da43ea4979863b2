package io.minetwin.analytics.rul;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A cross-validation fit straight on XGBoost's dense matrix: the same booster, objective and
 * hyperparameters as the Tribuo trainer the final model is fitted with ({@code gbtree}, {@code hist},
 * squared error), without building one named example per row. Those examples (names sorted per row, a
 * feature map, then a sparse copy) cost about as much as the trees on C-MAPSS-sized folds, and a fit whose
 * model is thrown away after scoring its held-out rows has no use for them.
 *
 * <p>XGBoost4J is the library Tribuo's trainer runs on and comes with it (same version, same native code).
 *
 * <p>Missing features are NaN, as in the Tribuo path (where they are left out of the example).
 */
final class DenseBoost {

    private DenseBoost() {
    }

    /**
     * Fits on rows {@code train} of {@code m}'s columns {@code cols} and predicts rows {@code held}, clipped to
     * {@code [0, cap]}.
     */
    static double[] fitPredict(RulPipeline.Matrix m, int[] cols, List<Integer> train, List<Integer> held,
                               TrainerSettings t, double cap, long seed) {
        DMatrix trainMatrix = null;
        DMatrix heldMatrix = null;
        Booster booster = null;
        try {
            trainMatrix = new DMatrix(dense(m, cols, train), train.size(), cols.length, Float.NaN);
            float[] label = new float[train.size()];
            for (int i = 0; i < label.length; i++) {
                label[i] = (float) m.y()[train.get(i)];
            }
            trainMatrix.setLabel(label);
            booster = XGBoost.train(trainMatrix, params(t, seed), t.trees(), new HashMap<>(), null, null);
            heldMatrix = new DMatrix(dense(m, cols, held), held.size(), cols.length, Float.NaN);
            float[][] p = booster.predict(heldMatrix);
            double[] out = new double[held.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0, Math.min(cap, p[i][0]));
            }
            return out;
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed on a cross-validation fit of " + train.size() + " rows and "
                    + cols.length + " features: " + e.getMessage(), e);
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (heldMatrix != null) {
                heldMatrix.dispose();
            }
            if (trainMatrix != null) {
                trainMatrix.dispose();
            }
        }
    }

    /** The parameters Tribuo's {@code XGBoostRegressionTrainer} passes for the same settings. */
    static Map<String, Object> params(TrainerSettings t, long seed) {
        Map<String, Object> p = new HashMap<>();
        p.put("booster", "gbtree");
        p.put("tree_method", "hist");
        p.put("objective", "reg:squarederror");
        p.put("eta", t.eta());
        p.put("gamma", 0.0);
        p.put("max_depth", t.maxDepth());
        p.put("min_child_weight", t.minChildWeight());
        p.put("subsample", t.subsample());
        p.put("colsample_bytree", t.featureSubsample());
        p.put("lambda", 1.0);
        p.put("alpha", 0.0);
        p.put("nthread", t.threads());
        p.put("seed", (int) seed);
        p.put("verbosity", 0);
        return p;
    }

    private static float[] dense(RulPipeline.Matrix m, int[] cols, List<Integer> rows) {
        float[] data = new float[rows.size() * cols.length];
        int k = 0;
        for (int r : rows) {
            double[] x = m.x()[r];
            for (int c : cols) {
                data[k++] = (float) x[c];
            }
        }
        return data;
    }
}
