package io.minetwin.analytics.cmapss;

import io.minetwin.analytics.HistorySource;
import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.rul.Life;
import io.minetwin.analytics.rul.RulConfig;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.analytics.rul.TrainerSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The standard C-MAPSS protocol run through the engine's RUL pipeline: train on the training units'
 * histories and failures as stored, predict at the last cycle of each test unit, compare with the true
 * RUL (uncapped) by RMSE and the PHM08 score.
 */
public final class CmapssBenchmark {

    /** The usual cap of the piecewise-linear target, in cycles. */
    public static final double CAP = 125;

    private CmapssBenchmark() {
    }

    /**
     * The pipeline settings used for C-MAPSS: regimes from the three operational settings; per sensor the
     * mean, standard deviation, slope and EWMA over 10 and 30 cycles and the drift from the unit's first
     * cycles. Min, max, RMS and kurtosis add little on one-sample-per-cycle data and triple fitting time.
     */
    public static RulConfig config(int threads, long seed) {
        TrainerSettings t = TrainerSettings.defaults();
        return new RulConfig(CmapssFleet.COMPONENT, CmapssFleet.STEP, CmapssData.SETTINGS, 8,
                new FeatureSpec(List.of(10, 30), EnumSet.of(Stat.MEAN, Stat.STD, Stat.SLOPE, Stat.EWMA), true), CAP,
                new TrainerSettings(t.trees(), t.eta(), t.maxDepth(), t.minChildWeight(), t.subsample(),
                        t.featureSubsample(), threads), seed);
    }

    /**
     * Result of one run.
     *
     * @param subset       e.g. FD001
     * @param rmse         over the test units, against the uncapped truth
     * @param score        PHM08 score
     * @param cap          the target cap
     * @param trainRows    training rows
     * @param trainSeconds reading the training histories, features and fitting
     * @param predicted    per test unit, the predicted RUL at its last cycle
     * @param truth        per test unit, the true RUL
     * @param model        the trained pipeline output
     */
    public record Result(String subset, double rmse, double score, double cap, int trainRows, double trainSeconds,
                         double[] predicted, double[] truth, RulPipeline.Trained model) {
    }

    /** Trains on the stored training units and evaluates on the stored test units. */
    public static Result run(HistorySource history, LabelSource labels, CmapssData data, RulConfig config,
                             Clock clock) {
        RulPipeline pipeline = new RulPipeline(config);
        Instant from = CmapssFleet.ORIGIN;
        Instant to = CmapssFleet.time(100_000);
        long started = System.nanoTime();
        List<Life> lives = new ArrayList<>();
        for (CmapssData.Unit u : data.train()) {
            lives.addAll(pipeline.lives(history, labels, CmapssFleet.twin(data.subset(), "train", u.id()), from, to));
        }
        RulPipeline.Trained trained = pipeline.train(lives, clock);
        double trainSeconds = (System.nanoTime() - started) / 1e9;

        double[] predicted = new double[data.test().size()];
        double[] truth = new double[predicted.length];
        for (int i = 0; i < predicted.length; i++) {
            CmapssData.Unit u = data.test().get(i);
            List<Life> test = pipeline.lives(history, labels, CmapssFleet.twin(data.subset(), "test", u.id()), from, to);
            if (test.isEmpty()) {
                throw new IllegalArgumentException("test unit " + u.id() + " of " + data.subset()
                        + " has no stored history; import the subset again");
            }
            predicted[i] = RulPipeline.predictLast(trained.model(), test.get(test.size() - 1).frame());
            truth[i] = data.truth()[i];
        }
        return new Result(data.subset(), RulMetrics.rmse(predicted, truth), RulMetrics.phm08Score(predicted, truth),
                config.cap(), trained.rows(), trainSeconds, predicted, truth, trained);
    }
}
