package io.minetwin.analytics.cmapss;

import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.rul.Life;
import io.minetwin.analytics.rul.ModelSelection.Candidate;
import io.minetwin.analytics.rul.ModelSelection;
import io.minetwin.analytics.rul.RulConfig;
import io.minetwin.analytics.rul.RulModel;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.analytics.rul.TrainerSettings;
import io.minetwin.model.SeriesReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The standard C-MAPSS protocol run through the engine's RUL pipeline: train on the training units'
 * histories and failures as stored, predict at the last cycle of each test unit, compare with the true
 * RUL (uncapped) by RMSE and the PHM08 score.
 *
 * <p>Features and hyperparameters are chosen by cross-validation on the training units only
 * ({@link ModelSelection}); the test units are predicted once, with the chosen model.
 */
public final class CmapssBenchmark {

    /** The usual cap of the piecewise-linear target, in cycles. */
    public static final double CAP = 125;

    private CmapssBenchmark() {
    }

    /** Cross-validation folds over the training units. */
    public static final int FOLDS = 3;
    /** Cross-validation fits on every third training row (neighbouring cycles are nearly duplicates). */
    public static final int STRIDE = 3;

    /**
     * The pipeline settings used for C-MAPSS: regimes from the three operational settings (up to 8), the
     * target capped at {@link #CAP}. Features and trainer are placeholders: {@link #candidates} are chosen
     * between by cross-validation on the training units.
     */
    public static RulConfig config(int threads, long seed) {
        Candidate first = candidates(threads).get(0);
        return new RulConfig(CmapssFleet.COMPONENT, CmapssFleet.STEP, CmapssData.SETTINGS, 8, first.features(), CAP,
                first.trainer(), seed);
    }

    /**
     * The settings cross-validation chooses between, fixed before any run: per sensor the mean, standard
     * deviation, slope and EWMA over 10 and 30 cycles with drift from the unit's first cycles, at two tree
     * depths; and means, slopes and EWMAs over 5, 15 and 30 cycles.
     */
    public static List<Candidate> candidates(int threads) {
        TrainerSettings t = TrainerSettings.defaults();
        TrainerSettings depth5 = new TrainerSettings(t.trees(), t.eta(), 5, t.minChildWeight(), t.subsample(),
                t.featureSubsample(), threads);
        TrainerSettings depth3 = new TrainerSettings(t.trees(), t.eta(), 3, t.minChildWeight(), t.subsample(),
                t.featureSubsample(), threads);
        var full = EnumSet.of(Stat.MEAN, Stat.STD, Stat.SLOPE, Stat.EWMA);
        return List.of(
                new Candidate("w10-30 mean-std-slope-ewma drift, depth 5",
                        new FeatureSpec(List.of(10, 30), full, true), depth5),
                new Candidate("w10-30 mean-std-slope-ewma drift, depth 3",
                        new FeatureSpec(List.of(10, 30), full, true), depth3),
                new Candidate("w5-15-30 mean-slope-ewma drift, depth 5",
                        new FeatureSpec(List.of(5, 15, 30), EnumSet.of(Stat.MEAN, Stat.SLOPE, Stat.EWMA), true), depth5));
    }

    /**
     * Result of one run.
     *
     * @param subset       e.g. FD001
     * @param rmse         over the test units, against the uncapped truth
     * @param score        PHM08 score
     * @param cap          the target cap
     * @param trainRows    training rows
     * @param trainSeconds reading the training histories, features, cross-validation and the final fit
     * @param predicted    per test unit, the predicted RUL at its last cycle
     * @param truth        per test unit, the true RUL
     * @param intervals    per test unit, {@code [low, high]} of the RUL interval
     * @param selection    what cross-validation on the training units chose, and the trained model
     */
    public record Result(String subset, double rmse, double score, double cap, int trainRows, double trainSeconds,
                         double[] predicted, double[] truth, double[][] intervals, ModelSelection.Outcome selection) {

        public RulPipeline.Trained model() {
            return selection.trained();
        }

        /** Share of test units whose true RUL lies in their interval. */
        public double intervalCoverage() {
            int in = 0;
            for (int i = 0; i < truth.length; i++) {
                in += truth[i] >= intervals[i][0] && truth[i] <= intervals[i][1] ? 1 : 0;
            }
            return in / (double) truth.length;
        }
    }

    /**
     * Chooses features and hyperparameters by cross-validation on the stored training units, trains the
     * chosen candidate on all of them and then, once, evaluates on the stored test units.
     */
    public static Result run(SeriesReader history, LabelSource labels, CmapssData data, RulConfig config,
                             List<Candidate> candidates, Clock clock) {
        RulPipeline pipeline = new RulPipeline(config);
        Instant from = CmapssFleet.ORIGIN;
        Instant to = CmapssFleet.time(100_000);
        long started = System.nanoTime();
        List<Life> lives = new ArrayList<>();
        for (CmapssData.Unit u : data.train()) {
            lives.addAll(pipeline.lives(history, labels, CmapssFleet.twin(data.subset(), "train", u.id()), from, to));
        }
        ModelSelection.Outcome selection = ModelSelection.select(config, lives, candidates, FOLDS, STRIDE, clock);
        RulModel model = selection.trained().model();
        double trainSeconds = (System.nanoTime() - started) / 1e9;

        double[] predicted = new double[data.test().size()];
        double[] truth = new double[predicted.length];
        double[][] intervals = new double[predicted.length][];
        for (int i = 0; i < predicted.length; i++) {
            CmapssData.Unit u = data.test().get(i);
            List<Life> test = pipeline.lives(history, labels, CmapssFleet.twin(data.subset(), "test", u.id()), from, to);
            if (test.isEmpty()) {
                throw new IllegalArgumentException("test unit " + u.id() + " of " + data.subset()
                        + " has no stored history; import the subset again");
            }
            predicted[i] = RulPipeline.predictLast(model, test.get(test.size() - 1).frame());
            intervals[i] = model.interval().around(predicted[i]);
            truth[i] = data.truth()[i];
        }
        return new Result(data.subset(), RulMetrics.rmse(predicted, truth), RulMetrics.phm08Score(predicted, truth),
                config.cap(), selection.trained().rows(), trainSeconds, predicted, truth, intervals, selection);
    }
}
