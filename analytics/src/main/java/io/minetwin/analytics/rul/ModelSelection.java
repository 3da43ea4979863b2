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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
     * How selection searches.
     *
     * @param folds       cross-validation folds over the assets (at least 2)
     * @param stride      fit on every {@code stride}-th training row (neighbouring rows of a life are nearly
     *                    duplicates)
     * @param caps        target caps to choose between after the candidate is chosen (empty: the base cap only)
     * @param workers     fits run at once, each on one native thread (XGBoost's threads spin while they wait
     *                    for each other, so one fit per core is faster than one fit on every core)
     * @param pruneMargin after the first fold, a candidate whose error exceeds the best one's by more than this
     *                    share is dropped (infinite: never)
     */
    public record Search(int folds, int stride, List<Double> caps, int workers, double pruneMargin) {
        public Search {
            if (folds < 2 || stride < 1 || workers < 1) {
                throw new IllegalArgumentException("need at least 2 folds, a stride of at least 1 and at least 1"
                        + " worker; got folds=" + folds + " stride=" + stride + " workers=" + workers);
            }
            caps = List.copyOf(caps);
            for (double c : caps) {
                if (!(c > 0)) {
                    throw new IllegalArgumentException("target caps must be positive, got " + c);
                }
            }
            if (!(pruneMargin >= 0)) {
                throw new IllegalArgumentException("pruneMargin must be at least 0, got " + pruneMargin);
            }
        }

        /** Every candidate on every fold, one at a time, with the base cap: selection as it first was. */
        public static Search exhaustive(int folds, int stride) {
            return new Search(folds, stride, List.of(), 1, Double.POSITIVE_INFINITY);
        }
    }

    /**
     * What selection found.
     *
     * @param chosen   the candidate with the lowest cross-validated RMSE
     * @param cvRmse   per candidate name, its cross-validated RMSE on rows whose true remaining life is at most
     *                 the base cap; a candidate pruned after the first fold has its first fold's RMSE
     * @param pruned   names of the candidates dropped after the first fold
     * @param folds    folds used
     * @param cap      the target cap chosen (the base cap when there was no choice)
     * @param capRmse  per cap tried, the chosen candidate's cross-validated RMSE against the uncapped truth
     *                 (see {@link #select(RulConfig, List, List, Search, Clock)}); a cap pruned after the first
     *                 fold has its first fold's RMSE
     * @param trained  the chosen candidate trained on all training lives, with its interval
     * @param extractSeconds time spent learning regimes and extracting features
     * @param cvSeconds      time spent cross-validating
     * @param fitSeconds     time spent fitting the chosen candidate on every stride-th row
     */
    public record Outcome(Candidate chosen, Map<String, Double> cvRmse, List<String> pruned, int folds, double cap,
                          Map<Double, Double> capRmse, RulPipeline.Trained trained, double extractSeconds,
                          double cvSeconds, double fitSeconds) {
        public Outcome {
            cvRmse = Collections.unmodifiableMap(new LinkedHashMap<>(cvRmse));
            pruned = List.copyOf(pruned);
            capRmse = Collections.unmodifiableMap(new LinkedHashMap<>(capRmse));
        }
    }

    private ModelSelection() {
    }

    /**
     * Cross-validates {@code candidates} on {@code lives} in {@code folds} folds grouped by twin, fitting on
     * every {@code stride}-th training row, one fit at a time, and trains the best on every {@code stride}-th
     * row of all lives.
     *
     * @param base the pipeline settings (component, step, regimes, cap, seed); features and trainer come
     *             from the candidates
     */
    public static Outcome select(RulConfig base, List<Life> lives, List<Candidate> candidates, int folds, int stride,
                                 Clock clock) {
        return select(base, lives, candidates, Search.exhaustive(folds, stride), clock);
    }

    /**
     * Cross-validates {@code candidates} on {@code lives} in folds grouped by twin and trains the best on all
     * lives.
     *
     * <p>Features are extracted once, for the union of the candidates' definitions. Every candidate is fitted
     * on the first fold; those clearly worse than the best are dropped ({@link Search#pruneMargin}), the rest
     * are fitted on the other folds, {@link Search#workers} fits at a time. With {@link Search#caps}, the
     * chosen candidate is then cross-validated with each cap as the target's ceiling, and the cap whose
     * held-out predictions are closest to the uncapped truth, over the rows of held-out failed lives whose
     * true remaining life is at most the largest cap tried, is kept: the rows that a forecast with that
     * horizon is asked about, the same rows for every cap. Caps are pruned after the first fold as candidates
     * are. The chosen candidate is then fitted on every {@link Search#stride}-th row of all lives with the
     * settings it was cross-validated with ({@link #proxy}), so that the cross-validated figures describe the
     * recipe of the model returned.
     */
    public static Outcome select(RulConfig base, List<Life> lives, List<Candidate> candidates, Search search,
                                 Clock clock) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("give at least one candidate to select from");
        }
        long started = System.nanoTime();
        double maxCap = base.cap();
        for (double c : search.caps()) {
            maxCap = Math.max(maxCap, c);
        }
        RulPipeline pipeline = new RulPipeline(base);
        RegimeNormalizer normalizer = RegimeNormalizer.fit(lives.stream().map(Life::frame).toList(),
                base.regimeChannels(), base.maxRegimes(), base.seed());
        FeatureSpec union = union(candidates);
        // Built at the largest cap, so that any smaller cap's target is min(cap, y) of these rows.
        RulPipeline.Matrix widest = new RulPipeline(base.withCap(maxCap)).withFeatures(union).matrix(lives, normalizer);
        if (widest.rows() == 0) {
            throw new IllegalArgumentException("no labelled rows for component '" + base.component()
                    + "' to select a model with; import maintenance and failure records first");
        }
        RulPipeline.Matrix all = widest.capped(base.cap());
        double extractSeconds = (System.nanoTime() - started) / 1e9;
        long cvStart = System.nanoTime();
        int[] fold = folds(all.twins(), search.folds(), base.seed());
        int actualFolds = Math.min(search.folds(), (int) java.util.Arrays.stream(fold).distinct().count());
        if (actualFolds < 2) {
            throw new IllegalArgumentException("cross-validation needs lives of at least 2 assets; got "
                    + new TreeSet<>(all.twins()).size());
        }
        List<List<Integer>> trainRows = new ArrayList<>();
        List<List<Integer>> heldRows = new ArrayList<>();
        for (int f = 0; f < actualFolds; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            int seen = 0;
            for (int r = 0; r < all.rows(); r++) {
                if (fold[r] == f) {
                    if (!Double.isNaN(all.truth()[r])) {
                        held.add(r);
                    }
                } else if (seen++ % search.stride() == 0) {
                    train.add(r);
                }
            }
            trainRows.add(train);
            heldRows.add(held);
        }

        ExecutorService pool = Executors.newFixedThreadPool(search.workers(), r -> {
            Thread t = new Thread(r, "model-selection");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Candidate, double[]> predicted = new LinkedHashMap<>();
            for (Candidate c : candidates) {
                double[] p = new double[all.rows()];
                java.util.Arrays.fill(p, Double.NaN);
                predicted.put(c, p);
            }
            // The first fold for every candidate, then the others for the candidates still in the running.
            List<Fit> first = new ArrayList<>();
            for (Candidate c : candidates) {
                first.add(new Fit(c, columns(all.names(), c.features(), normalizer), 0, all, base.cap()));
            }
            run(pool, first, pipeline, trainRows, heldRows, predicted, clock);
            Map<String, Double> rmse = new LinkedHashMap<>();
            double bestFirst = Double.POSITIVE_INFINITY;
            for (Candidate c : candidates) {
                bestFirst = Math.min(bestFirst, degradationRmse(predicted.get(c), all.truth(), base.cap()));
            }
            List<Candidate> alive = new ArrayList<>();
            List<String> pruned = new ArrayList<>();
            for (Candidate c : candidates) {
                double e = degradationRmse(predicted.get(c), all.truth(), base.cap());
                if (e <= bestFirst * (1 + search.pruneMargin()) || Double.isNaN(e)) {
                    alive.add(c);
                } else {
                    pruned.add(c.name());
                }
            }
            List<Fit> rest = new ArrayList<>();
            for (Candidate c : alive) {
                for (int f = 1; f < actualFolds; f++) {
                    rest.add(new Fit(c, columns(all.names(), c.features(), normalizer), f, all, base.cap()));
                }
            }
            run(pool, rest, pipeline, trainRows, heldRows, predicted, clock);
            Candidate best = null;
            double bestRmse = Double.POSITIVE_INFINITY;
            for (Candidate c : candidates) {
                double score = degradationRmse(predicted.get(c), all.truth(), base.cap());
                rmse.put(c.name(), score);
                if (alive.contains(c) && score < bestRmse) {
                    bestRmse = score;
                    best = c;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("no failed lives to validate on for component '" + base.component()
                        + "'; cross-validation needs failures in at least 2 assets");
            }

            // The cap, for the chosen candidate.
            int[] bestCols = columns(all.names(), best.features(), normalizer);
            Map<Double, double[]> byCap = new LinkedHashMap<>();
            byCap.put(base.cap(), predicted.get(best));
            // Each other cap on the first fold; those clearly worse there than the best are not fitted further.
            List<Fit> capFirst = new ArrayList<>();
            for (double cap : search.caps()) {
                if (!byCap.containsKey(cap)) {
                    double[] p = new double[all.rows()];
                    java.util.Arrays.fill(p, Double.NaN);
                    byCap.put(cap, p);
                    capFirst.add(new Fit(best, bestCols, 0, widest.capped(cap), cap));
                }
            }
            runCaps(pool, capFirst, pipeline, trainRows, heldRows, byCap, clock);
            Map<Double, Double> firstFold = new LinkedHashMap<>();
            double bestFirstCap = Double.POSITIVE_INFINITY;
            for (Map.Entry<Double, double[]> e : byCap.entrySet()) {
                double v = degradationRmse(e.getValue(), all.truth(), maxCap, fold, 0);
                firstFold.put(e.getKey(), v);
                bestFirstCap = Math.min(bestFirstCap, v);
            }
            List<Double> prunedCaps = new ArrayList<>();
            List<Fit> capFits = new ArrayList<>();
            for (Fit opening : capFirst) {
                double v = firstFold.get(opening.cap());
                if (v <= bestFirstCap * (1 + search.pruneMargin()) || Double.isNaN(v)) {
                    for (int f = 1; f < actualFolds; f++) {
                        capFits.add(new Fit(best, bestCols, f, opening.matrix(), opening.cap()));
                    }
                } else {
                    prunedCaps.add(opening.cap());
                }
            }
            runCaps(pool, capFits, pipeline, trainRows, heldRows, byCap, clock);
            double cap = base.cap();
            Map<Double, Double> capRmse = new LinkedHashMap<>();
            if (!search.caps().isEmpty()) {
                double bestCap = Double.POSITIVE_INFINITY;
                for (Map.Entry<Double, double[]> e : byCap.entrySet()) {
                    boolean cut = prunedCaps.contains(e.getKey());
                    double v = cut ? firstFold.get(e.getKey()) : degradationRmse(e.getValue(), all.truth(), maxCap);
                    capRmse.put(e.getKey(), v);
                    if (!cut && v < bestCap) {
                        bestCap = v;
                        cap = e.getKey();
                    }
                }
            }
            double cvSeconds = (System.nanoTime() - cvStart) / 1e9;
            double[] bestPredicted = byCap.get(cap);
            List<Double> p = new ArrayList<>();
            List<Double> t = new ArrayList<>();
            for (int r = 0; r < all.rows(); r++) {
                if (!Double.isNaN(bestPredicted[r])) {
                    p.add(bestPredicted[r]);
                    t.add(all.truth()[r]);
                }
            }
            RulInterval interval = RulInterval.fromResiduals(p.stream().mapToDouble(Double::doubleValue).toArray(),
                    t.stream().mapToDouble(Double::doubleValue).toArray(), cap, INTERVAL_COVERAGE, INTERVAL_BINS);

            // The final fit uses the settings that were cross-validated, so that the figures above describe it.
            TrainerSettings validated = proxy(best.trainer());
            RulConfig chosenConfig = base.withCap(cap).withFeatures(best.features()).withTrainer(validated);
            RulPipeline chosen = new RulPipeline(chosenConfig);
            // And on every stride-th row, as each cross-validation fit was.
            List<Integer> every = new ArrayList<>(all.rows() / search.stride() + 1);
            for (int r = 0; r < all.rows(); r += search.stride()) {
                every.add(r);
            }
            RulPipeline.Matrix x = widest.capped(cap).project(bestCols, every);
            long fitStart = System.nanoTime();
            Model<Regressor> model = chosen.fit(x, validated, clock);
            double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
            RulModel rul = new RulModel(base.component(), base.step(), cap, normalizer, best.features(), x.names(),
                    model, interval);
            RulPipeline.Trained trained = new RulPipeline.Trained(rul, x.rows(), lives.size(), all.failedLives(),
                    fitSeconds);
            return new Outcome(best, rmse, pruned, actualFolds, cap, capRmse, trained, extractSeconds, cvSeconds,
                    fitSeconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One cross-validation fit: {@code candidate}'s columns of {@code matrix}, trained without fold {@code fold}. */
    private record Fit(Candidate candidate, int[] cols, int fold, RulPipeline.Matrix matrix, double cap) {
    }

    private static void run(ExecutorService pool, List<Fit> fits, RulPipeline pipeline, List<List<Integer>> trainRows,
                            List<List<Integer>> heldRows, Map<Candidate, double[]> out, Clock clock) {
        Map<Fit, double[]> targets = new java.util.IdentityHashMap<>();
        for (Fit f : fits) {
            targets.put(f, out.get(f.candidate()));
        }
        execute(pool, fits, targets, pipeline, trainRows, heldRows, clock);
    }

    private static void runCaps(ExecutorService pool, List<Fit> fits, RulPipeline pipeline,
                                List<List<Integer>> trainRows, List<List<Integer>> heldRows,
                                Map<Double, double[]> out, Clock clock) {
        Map<Fit, double[]> targets = new java.util.IdentityHashMap<>();
        for (Fit f : fits) {
            targets.put(f, out.get(f.cap()));
        }
        execute(pool, fits, targets, pipeline, trainRows, heldRows, clock);
    }

    /** Runs the fits on {@code pool}; each writes its held-out predictions into its own rows of its target. */
    private static void execute(ExecutorService pool, List<Fit> fits, Map<Fit, double[]> targets,
                                RulPipeline pipeline, List<List<Integer>> trainRows, List<List<Integer>> heldRows,
                                Clock clock) {
        List<Future<?>> running = new ArrayList<>();
        for (Fit fit : fits) {
            List<Integer> train = trainRows.get(fit.fold());
            List<Integer> held = heldRows.get(fit.fold());
            if (held.isEmpty() || train.isEmpty()) {
                continue;
            }
            double[] target = targets.get(fit);
            running.add(pool.submit(() -> {
                TrainerSettings one = proxy(fit.candidate().trainer());
                one = new TrainerSettings(one.trees(), one.eta(), one.maxDepth(), one.minChildWeight(), one.subsample(),
                        one.featureSubsample(), 1);
                double[] p = DenseBoost.fitPredict(fit.matrix(), fit.cols(), train, held, one, fit.cap(),
                        pipeline.config().seed());
                synchronized (target) {
                    for (int i = 0; i < p.length; i++) {
                        target[held.get(i)] = p[i];
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("model selection was interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("a cross-validation fit failed: " + cause, cause);
            }
        }
    }

    /** As {@link #degradationRmse(double[], double[], double)}, over the rows of fold {@code only}. */
    static double degradationRmse(double[] predicted, double[] truth, double horizon, int[] fold, int only) {
        double[] p = predicted.clone();
        for (int r = 0; r < p.length; r++) {
            if (fold[r] != only) {
                p[r] = Double.NaN;
            }
        }
        return degradationRmse(p, truth, horizon);
    }

    /** RMSE of the predicted rows whose true remaining life is at most {@code horizon}; NaN when there are none. */
    static double degradationRmse(double[] predicted, double[] truth, double horizon) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < predicted.length; r++) {
            if (!Double.isNaN(predicted[r]) && truth[r] <= horizon) {
                double d = predicted[r] - truth[r];
                sum += d * d;
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /**
     * The settings a candidate is cross-validated with, and the chosen one is finally fitted with: half the
     * boosting rounds at twice the learning rate (capped at 0.3), at half the cost of the settings as given.
     * Fitting the final model with them too keeps the cross-validated figures a description of that model.
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
