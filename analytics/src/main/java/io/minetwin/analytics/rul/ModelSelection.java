package io.minetwin.analytics.rul;

import io.minetwin.analytics.features.FeatureExtractor;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.analytics.features.Stat;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * Chooses the feature set and hyperparameters of the RUL model by cross-validation on the training lives
 * alone, grouped by asset (no asset is in a fold's training and validation part at once), then trains the
 * chosen candidate on every training life and attaches an interval from the chosen candidate's held-out
 * residuals.
 *
 * <p>Candidates are ranked by the RMSE of held-out predictions against the true remaining life at every row
 * of a held-out failed life where that life is at most the cap: the degradation phase, where the protocol's
 * uncapped truth and the capped target agree (above the cap every candidate predicts about the cap and the
 * error mostly measures the cap). The interval uses every held-out row against the uncapped truth. Features are extracted once, for the
 * union of the candidates' definitions; a candidate uses its own columns of that matrix, which hold exactly
 * what its own extraction would give. Regimes and normalisation statistics are learnt once from all
 * training lives: they use no labels, and the holdout (the test set) is never seen.
 */
public final class ModelSelection {

    /** Coverage of the RUL interval. */
    public static final double INTERVAL_COVERAGE = 0.8;
    private static final int INTERVAL_BINS = 5;

    /**
     * One setting to try.
     *
     * @param name     a short label, reported with the cross-validation figures
     * @param features the feature definition
     * @param trainer  the hyperparameters
     */
    public record Candidate(String name, FeatureSpec features, TrainerSettings trainer) {
        public Candidate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(trainer, "trainer");
        }
    }

    /**
     * What selection found.
     *
     * @param chosen   the candidate with the lowest cross-validated RMSE
     * @param cvRmse   per candidate name, its cross-validated RMSE on rows whose true remaining life is at most
     *                 the cap
     * @param folds    folds used
     * @param trained  the chosen candidate trained on all training lives, with its interval
     * @param extractSeconds time spent learning regimes and extracting features
     * @param cvSeconds      time spent cross-validating
     * @param fitSeconds     time spent fitting the chosen candidate on every row
     */
    public record Outcome(Candidate chosen, Map<String, Double> cvRmse, int folds, RulPipeline.Trained trained,
                          double extractSeconds, double cvSeconds, double fitSeconds) {
        public Outcome {
            cvRmse = Collections.unmodifiableMap(new LinkedHashMap<>(cvRmse));
        }
    }

    private ModelSelection() {
    }

    /**
     * Cross-validates {@code candidates} on {@code lives} in {@code folds} folds grouped by twin, fitting on
     * every {@code stride}-th training row (neighbouring rows of a life are nearly duplicates), and trains the
     * best on all rows.
     *
     * @param base the pipeline settings (component, step, regimes, cap, seed); features and trainer come
     *             from the candidates
     */
    public static Outcome select(RulConfig base, List<Life> lives, List<Candidate> candidates, int folds, int stride,
                                 Clock clock) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("give at least one candidate to select from");
        }
        if (folds < 2 || stride < 1) {
            throw new IllegalArgumentException("need at least 2 folds and a stride of at least 1; got folds=" + folds
                    + " stride=" + stride);
        }
        long started = System.nanoTime();
        RulPipeline pipeline = new RulPipeline(base);
        RegimeNormalizer normalizer = RegimeNormalizer.fit(lives.stream().map(Life::frame).toList(),
                base.regimeChannels(), base.maxRegimes(), base.seed());
        FeatureSpec union = union(candidates);
        RulPipeline.Matrix all = pipeline.withFeatures(union).matrix(lives, normalizer);
        if (all.rows() == 0) {
            throw new IllegalArgumentException("no labelled rows for component '" + base.component()
                    + "' to select a model with; import maintenance and failure records first");
        }
        double extractSeconds = (System.nanoTime() - started) / 1e9;
        long cvStart = System.nanoTime();
        int[] fold = folds(all.twins(), folds, base.seed());
        int actualFolds = Math.min(folds, (int) java.util.Arrays.stream(fold).distinct().count());
        if (actualFolds < 2) {
            throw new IllegalArgumentException("cross-validation needs lives of at least 2 assets; got "
                    + new TreeSet<>(all.twins()).size());
        }

        Map<String, Double> rmse = new LinkedHashMap<>();
        Candidate best = null;
        double bestRmse = Double.POSITIVE_INFINITY;
        double[] bestPredicted = null;
        for (Candidate c : candidates) {
            int[] cols = columns(all.names(), c.features(), normalizer);
            double[] predicted = new double[all.rows()];
            java.util.Arrays.fill(predicted, Double.NaN);
            for (int f = 0; f < actualFolds; f++) {
                List<Integer> train = new ArrayList<>();
                List<Integer> held = new ArrayList<>();
                int seen = 0;
                for (int r = 0; r < all.rows(); r++) {
                    if (fold[r] == f) {
                        if (!Double.isNaN(all.truth()[r])) {
                            held.add(r);
                        }
                    } else if (seen++ % stride == 0) {
                        train.add(r);
                    }
                }
                if (held.isEmpty() || train.isEmpty()) {
                    continue;
                }
                Model<Regressor> m = pipeline.fit(all.project(cols, train), proxy(c.trainer()), clock);
                double[] p = RulPipeline.predictRows(m, all.project(cols, held), base.cap());
                for (int i = 0; i < p.length; i++) {
                    predicted[held.get(i)] = p[i];
                }
            }
            double sum = 0;
            int n = 0;
            for (int r = 0; r < all.rows(); r++) {
                if (!Double.isNaN(predicted[r]) && all.truth()[r] <= base.cap()) {
                    double d = predicted[r] - all.truth()[r];
                    sum += d * d;
                    n++;
                }
            }
            double score = n == 0 ? Double.NaN : Math.sqrt(sum / n);
            rmse.put(c.name(), score);
            if (score < bestRmse) {
                bestRmse = score;
                best = c;
                bestPredicted = predicted;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no failed lives to validate on for component '" + base.component()
                    + "'; cross-validation needs failures in at least 2 assets");
        }
        double cvSeconds = (System.nanoTime() - cvStart) / 1e9;
        List<Double> p = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        for (int r = 0; r < all.rows(); r++) {
            if (!Double.isNaN(bestPredicted[r])) {
                p.add(bestPredicted[r]);
                t.add(all.truth()[r]);
            }
        }
        RulInterval interval = RulInterval.fromResiduals(p.stream().mapToDouble(Double::doubleValue).toArray(),
                t.stream().mapToDouble(Double::doubleValue).toArray(), base.cap(), INTERVAL_COVERAGE, INTERVAL_BINS);

        RulPipeline chosen = new RulPipeline(base.withFeatures(best.features()).withTrainer(best.trainer()));
        int[] cols = columns(all.names(), best.features(), normalizer);
        List<Integer> every = new ArrayList<>(all.rows());
        for (int r = 0; r < all.rows(); r++) {
            every.add(r);
        }
        RulPipeline.Matrix x = all.project(cols, every);
        long fitStart = System.nanoTime();
        Model<Regressor> model = chosen.fit(x, best.trainer(), clock);
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        RulModel rul = new RulModel(base.component(), base.step(), base.cap(), normalizer, best.features(), x.names(),
                model, interval);
        RulPipeline.Trained trained = new RulPipeline.Trained(rul, x.rows(), lives.size(), all.failedLives(),
                fitSeconds);
        return new Outcome(best, rmse, actualFolds, trained, extractSeconds, cvSeconds, fitSeconds);
    }

    /**
     * The settings a candidate is cross-validated with: half the boosting rounds at twice the learning rate
     * (capped at 0.3), which ranks settings like the full fit at half its cost.
     */
    static TrainerSettings proxy(TrainerSettings t) {
        return new TrainerSettings(Math.max(1, t.trees() / 2), Math.min(0.3, Math.max(t.eta(), t.eta() * 2)),
                t.maxDepth(), t.minChildWeight(), t.subsample(), t.featureSubsample(), t.threads());
    }

    /** The smallest definition that covers every candidate's features. */
    static FeatureSpec union(List<Candidate> candidates) {
        Set<Integer> windows = new TreeSet<>();
        Set<Stat> stats = EnumSet.noneOf(Stat.class);
        boolean baseline = false;
        for (Candidate c : candidates) {
            windows.addAll(c.features().windows());
            stats.addAll(c.features().stats());
            baseline |= c.features().baseline();
        }
        return new FeatureSpec(List.copyOf(windows), stats, baseline, shared(candidates, "spectral",
                FeatureSpec::spectral), shared(candidates, "cycle", FeatureSpec::cycles));
    }

    /** An optional feature family of the candidates: each has it as the others do, or not at all. */
    private static <T> Optional<T> shared(List<Candidate> candidates, String what,
                                          Function<FeatureSpec, Optional<T>> family) {
        Optional<T> found = Optional.empty();
        for (Candidate c : candidates) {
            Optional<T> mine = family.apply(c.features());
            if (mine.isPresent() && found.isPresent() && !found.equals(mine)) {
                throw new IllegalArgumentException("candidate " + c.name() + " has other " + what + " features ("
                        + mine.get() + ") than an earlier candidate (" + found.get() + "); give every candidate the"
                        + " same " + what + " definition or none");
            }
            found = mine.isPresent() ? mine : found;
        }
        return found;
    }

    private static int[] columns(List<String> unionNames, FeatureSpec spec, RegimeNormalizer normalizer) {
        List<String> channels = new ArrayList<>(normalizer.signals());
        if (normalizer.regimes() > 1) {
            channels.add(RegimeNormalizer.REGIME_COLUMN);
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < unionNames.size(); i++) {
            index.put(unionNames.get(i), i);
        }
        return new FeatureExtractor(spec).names(channels).stream().mapToInt(index::get).toArray();
    }

    /** Fold of every row: its twin's fold, twins dealt round-robin after a seeded shuffle. */
    private static int[] folds(List<TwinId> rowTwins, int folds, long seed) {
        List<TwinId> twins = new ArrayList<>(new LinkedHashSet<>(rowTwins));
        twins.sort(java.util.Comparator.comparing(TwinId::toString));
        Collections.shuffle(twins, new Random(seed));
        Map<TwinId, Integer> of = new HashMap<>();
        for (int i = 0; i < twins.size(); i++) {
            of.put(twins.get(i), i % folds);
        }
        return rowTwins.stream().mapToInt(of::get).toArray();
    }

}
