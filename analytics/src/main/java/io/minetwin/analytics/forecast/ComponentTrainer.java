package io.minetwin.analytics.forecast;

import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.FeatureExtractor;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.FrameBuilder;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.analytics.rul.Life;
import io.minetwin.analytics.rul.RulInterval;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.AnomalyFactory;
import org.tribuo.anomaly.Event.EventType;
import org.tribuo.anomaly.libsvm.LibSVMAnomalyTrainer;
import org.tribuo.anomaly.libsvm.SVMAnomalyType;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Trains the models of one component of one asset type from its lives on several twins.
 *
 * <p>No leakage, by construction: twins are split into training and holdout twins, and time into a
 * training period and a later test period ({@link Split}). Models learn from training twins before the
 * cut, with every label censored at the cut (a failure after it is unknown at training time);
 * calibration and the RUL interval come from rows the models did not learn from (holdout twins before
 * the cut, training twins after it); the test period of the holdout twins is left for the backtest.
 * Features at a row only use that row and earlier ones.
 */
public final class ComponentTrainer {

    static {
        // libsvm prints its optimiser's progress to standard output unless told otherwise.
        libsvm.svm.svm_set_print_string_function(s -> { });
    }

    private final ForecastConfig config;
    private final FeatureExtractor extractor;

    public ComponentTrainer(ForecastConfig config) {
        this.config = config;
        this.extractor = new FeatureExtractor(config.features());
    }

    public ForecastConfig config() {
        return config;
    }

    /**
     * Which twins are held out and where the test period starts.
     *
     * @param cut     start of the test period; training uses only rows and labels before it
     * @param holdout twins the models never learn from
     */
    public record Split(Instant cut, Set<TwinId> holdout) {
        public Split {
            holdout = Set.copyOf(holdout);
        }
    }

    /**
     * Holds out {@code holdoutShare} of {@code twins} (at least one when there are two or more), chosen by
     * a seeded shuffle, and cuts time at {@code trainShare} of {@code [from, to)}.
     */
    public static Split split(Collection<TwinId> twins, Instant from, Instant to, double holdoutShare,
                              double trainShare, long seed) {
        List<TwinId> ids = new ArrayList<>(new TreeSet<>(twins));
        java.util.Collections.shuffle(ids, new Random(seed));
        int n = ids.size() < 2 ? 0 : Math.max(1, (int) Math.round(ids.size() * holdoutShare));
        long span = to.toEpochMilli() - from.toEpochMilli();
        return new Split(Instant.ofEpochMilli(from.toEpochMilli() + (long) (span * trainShare)),
                Set.copyOf(ids.subList(0, n)));
    }

    /**
     * The lives of {@code twin}'s {@code component} over {@code [from, to)}: the raw series of
     * {@code inputs} aligned on the step grid and cut at every renewal (a failure, or maintenance that
     * replaced the component).
     */
    public List<Life> lives(SeriesReader history, LabelSource labels, TwinId twin, String component,
                            Inputs inputs, Instant from, Instant to) {
        Frame frame = new FrameBuilder(config.step()).build(history, twin, component, inputs.reads(), from, to);
        if (frame.rows() == 0) {
            return List.of();
        }
        List<Long> resets = new ArrayList<>();
        List<Boolean> failures = new ArrayList<>();
        for (Event e : labels.events(twin, from, to)) {
            if (e.component() == null || !e.component().equals(component)) {
                continue;
            }
            boolean failure = e.kind() == EventKind.FAILURE;
            if (failure || (e.kind() == EventKind.MAINTENANCE
                    && RulPipeline.RESET_ACTIONS.contains(e.details().getOrDefault("action", "")))) {
                resets.add(e.time().toEpochMilli());
                failures.add(failure);
            }
        }
        // The last life is observed up to the end of the data, not of the window asked for.
        long dataEnd = frame.times()[frame.rows() - 1] + config.step().toMillis();
        return RulPipeline.cut(twin, frame, resets, failures, Math.min(to.toEpochMilli(), dataEnd));
    }

    /** What {@link #train} produced: the models, label counts and how long fitting took. */
    public record Trained(ComponentModels models, Map<String, Long> labels, double fitSeconds) {
    }

    /**
     * Trains classifiers, the RUL regressor and the health model from {@code lives} (of every twin of the
     * asset type), honouring {@code split}.
     *
     * @throws IllegalArgumentException when the training data has too few failures or rows
     */
    public Trained train(String assetType, String component, Inputs inputs, List<Life> lives, Split split,
                         Clock clock, Consumer<String> progress) {
        long cut = split.cut().toEpochMilli();
        List<Life> train = lives.stream().filter(l -> !split.holdout().contains(l.twin())).toList();
        List<Frame> fitFrames = new ArrayList<>();
        for (Life l : train) {
            int end = rowsBefore(l.frame().times(), cut);
            if (end > 0) {
                fitFrames.add(inputs.derive(l.frame().slice(0, end)));
            }
        }
        if (fitFrames.isEmpty()) {
            throw new IllegalArgumentException("no history of " + assetType + "." + component
                    + " before " + split.cut() + " on the training twins; import more history");
        }
        RegimeNormalizer normalizer = RegimeNormalizer.fit(fitFrames, config.regimeChannels(), config.maxRegimes(),
                config.seed());
        progress.accept("features");
        Rows tr = rows(train, inputs, normalizer, Long.MIN_VALUE, cut, cut, true);
        Rows cal = Rows.concat(rows(lives.stream().filter(l -> split.holdout().contains(l.twin())).toList(), inputs,
                normalizer, Long.MIN_VALUE, cut, cut, true),
                rows(train, inputs, normalizer, cut, Long.MAX_VALUE, Long.MAX_VALUE, true));
        long failures = tr.failedLives;
        if (failures < config.minFailures()) {
            throw new IllegalArgumentException(assetType + "." + component + " has " + failures + " failure"
                    + (failures == 1 ? "" : "s") + " in the training data (training twins before " + split.cut()
                    + "); at least " + config.minFailures() + " are needed. Import failure records, or train on a"
                    + " longer history");
        }
        List<String> names = tr.names;
        long started = System.nanoTime();
        // One thread: on a few shared cores XGBoost's spinning workers make more threads slower, and results
        // do not depend on it.
        int threads = 1;
        List<Model<Label>> classifiers = new ArrayList<>();
        List<Calibration> calibrations = new ArrayList<>();
        Map<String, Long> labelCounts = new LinkedHashMap<>();
        labelCounts.put("rows", (long) tr.size());
        labelCounts.put("failures", failures);
        labelCounts.put("lives", (long) train.size());
        for (int h = 0; h < config.horizons().size(); h++) {
            Horizon horizon = config.horizons().get(h);
            progress.accept("classifier " + horizon);
            var factory = new LabelFactory();
            MutableDataset<Label> ds = new MutableDataset<>(provenance(assetType, component, clock, factory), factory);
            long pos = 0;
            for (int i = 0; i < tr.size(); i++) {
                int y = tr.labels[h][i];
                if (y >= 0) {
                    ds.add(ComponentModels.example(names, tr.x.get(i), new Label(y == 1 ? ComponentModels.FAIL
                            : ComponentModels.OK)));
                    pos += y;
                }
            }
            if (pos == 0) {
                throw new IllegalArgumentException(assetType + "." + component + ": no training row lies within "
                        + horizon + " of a failure; import failure records or train on a longer history");
            }
            labelCounts.put("positive_" + horizon, pos);
            Model<Label> model = config.trainer().classifier(config.seed(), threads).train(ds);
            classifiers.add(model);
            calibrations.add(calibrate(model, cal, h, names));
        }

        progress.accept("remaining useful life");
        var rf = new RegressionFactory();
        MutableDataset<Regressor> rds = new MutableDataset<>(provenance(assetType, component, clock, rf), rf);
        for (int i = 0; i < tr.size(); i++) {
            if (!Double.isNaN(tr.rul[i])) {
                rds.add(ComponentModels.example(names, tr.x.get(i), new Regressor("rul", tr.rul[i])));
            }
        }
        Model<Regressor> rul = config.trainer().regressor(config.seed(), threads).train(rds);
        RulInterval interval = interval(rul, cal, names);

        progress.accept("health");
        double[] importance = importance(classifiers, names);
        int[] healthyRows = healthyRows(tr);
        double[] bMean = new double[names.size()];
        double[] bSd = new double[names.size()];
        baseline(tr, healthyRows, bMean, bSd);
        HealthModel health = health(assetType, component, tr, healthyRows, names, clock);
        double seconds = (System.nanoTime() - started) / 1e9;
        var models = new ComponentModels(assetType, component, inputs, config.step(), config.horizons(),
                config.steps(config.rulCap()), normalizer, config.features(), names, classifiers, calibrations, rul,
                interval, health, importance, bMean, bSd, config.alerts(), FeatureReference.fit(names, evenRows(tr)));
        return new Trained(models, labelCounts, seconds);
    }

    /**
     * The training rows at an even cadence (every {@code negativeStride}-th row of each life): the rows the models
     * learn from keep every row close to a failure, which would make failing look far commoner than the scorer
     * sees it, so the drift reference is taken from these instead.
     */
    private List<double[]> evenRows(Rows tr) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < tr.size(); i++) {
            if (tr.age[i] % config.negativeStride() == 0) {
                out.add(tr.x.get(i));
            }
        }
        return out;
    }

    private static int rowsBefore(long[] times, long cut) {
        int i = Arrays.binarySearch(times, cut);
        return i >= 0 ? i : -i - 1;
    }

    private static SimpleDataSourceProvenance provenance(String assetType, String component, Clock clock,
                                                         org.tribuo.OutputFactory<?> factory) {
        return new SimpleDataSourceProvenance("minetwin history: " + assetType + "." + component,
                OffsetDateTime.now(clock), factory);
    }

    private Calibration calibrate(Model<Label> model, Rows cal, int h, List<String> names) {
        List<org.tribuo.Example<Label>> ex = new ArrayList<>();
        List<Boolean> ys = new ArrayList<>();
        for (int i = 0; i < cal.size(); i++) {
            int y = cal.labels[h][i];
            if (y >= 0) {
                ex.add(ComponentModels.example(names, cal.x.get(i), LabelFactory.UNKNOWN_LABEL));
                ys.add(y == 1);
            }
        }
        if (ex.isEmpty()) {
            return Calibration.identity();
        }
        List<Prediction<Label>> out = model.predict(ex);
        double[] raw = new double[out.size()];
        boolean[] pos = new boolean[out.size()];
        for (int i = 0; i < raw.length; i++) {
            Label fail = out.get(i).getOutputScores().get(ComponentModels.FAIL);
            raw[i] = fail != null ? fail.getScore()
                    : ComponentModels.FAIL.equals(out.get(i).getOutput().getLabel()) ? 1 : 0;
            pos[i] = ys.get(i);
        }
        return Calibration.fit(raw, pos);
    }

    private RulInterval interval(Model<Regressor> rul, Rows cal, List<String> names) {
        List<org.tribuo.Example<Regressor>> ex = new ArrayList<>();
        List<Double> truth = new ArrayList<>();
        for (int i = 0; i < cal.size(); i++) {
            if (!Double.isNaN(cal.truth[i])) {
                ex.add(ComponentModels.example(names, cal.x.get(i), RegressionFactory.UNKNOWN_REGRESSOR));
                truth.add(cal.truth[i]);
            }
        }
        if (ex.size() < 30) {
            return RulInterval.none();
        }
        double cap = config.steps(config.rulCap());
        List<Prediction<Regressor>> out = rul.predict(ex);
        double[] p = new double[out.size()];
        double[] t = new double[out.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(0, Math.min(cap, out.get(i).getOutput().getValues()[0]));
            t[i] = truth.get(i);
        }
        return RulInterval.fromResiduals(p, t, cap, 0.8, 4);
    }

    private static double[] importance(List<Model<Label>> classifiers, List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        double[] w = new double[names.size()];
        for (Model<Label> m : classifiers) {
            Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> top = m.getTopFeatures(-1);
            double[] part = new double[names.size()];
            double sum = 0;
            for (var entry : top.entrySet()) {
                if (entry.getKey().equals(ComponentModels.OK)) {
                    continue; // a two-class linear model lists each weight twice, once per class
                }
                for (var pair : entry.getValue()) {
                    Integer i = index.get(pair.getA());
                    if (i != null && Double.isFinite(pair.getB())) {
                        part[i] += Math.abs(pair.getB());
                        sum += Math.abs(pair.getB());
                    }
                }
            }
            if (sum > 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] += part[i] / sum;
                }
            }
        }
        double total = Arrays.stream(w).sum();
        for (int i = 0; i < w.length; i++) {
            w[i] = total > 0 ? w[i] / total : 1.0 / w.length;
        }
        return w;
    }

    /** Rows far from any failure and past the first day of their life. */
    private int[] healthyRows(Rows tr) {
        long far = 2 * config.longest().length().toMillis();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < tr.size(); i++) {
            if (tr.remainingMillis[i] >= far && tr.age[i] >= 24) {
                rows.add(i);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void baseline(Rows tr, int[] healthy, double[] mean, double[] sd) {
        int n = mean.length;
        for (int c = 0; c < n; c++) {
            double s = 0;
            double sq = 0;
            int k = 0;
            for (int r : healthy) {
                double v = tr.x.get(r)[c];
                if (Double.isFinite(v)) {
                    s += v;
                    sq += v * v;
                    k++;
                }
            }
            mean[c] = k > 0 ? s / k : 0;
            double var = k > 1 ? Math.max(0, (sq - k * mean[c] * mean[c]) / (k - 1)) : 0;
            sd[c] = Math.sqrt(var) > 1e-9 ? Math.sqrt(var) : 1;
        }
    }

    private HealthModel health(String assetType, String component, Rows tr, int[] healthy, List<String> names,
                               Clock clock) {
        List<Integer> cols = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            // Work done since renewal only grows: a unit that has run longer than the healthy training units is
            // not unhealthy for it, so duty counters stay out of the health model (as age does).
            if (n.contains(Inputs.SINCE_RENEWAL + ".")) {
                continue;
            }
            if (n.endsWith(".last") || n.endsWith(".mean_24") || n.endsWith(".drift_168") || n.endsWith(".max_24")) {
                cols.add(i);
            }
        }
        if (cols.isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                cols.add(i);
            }
        }
        int[] columns = cols.stream().mapToInt(Integer::intValue).toArray();
        String[] hn = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            hn[i] = names.get(columns[i]);
        }
        if (healthy.length == 0) {
            throw new IllegalArgumentException(assetType + "." + component + ": no healthy training rows (more than "
                    + "twice " + config.longest() + " from any failure); train on a longer history");
        }
        int[] sample = healthy;
        int most = 1500;
        if (sample.length > most) {
            int[] s = new int[most];
            for (int i = 0; i < most; i++) {
                s[i] = healthy[(int) ((long) i * healthy.length / most)];
            }
            sample = s;
        }
        double[] mean = new double[columns.length];
        double[] sd = new double[columns.length];
        for (int j = 0; j < columns.length; j++) {
            double s = 0;
            double sq = 0;
            int k = 0;
            for (int r : sample) {
                double v = tr.x.get(r)[columns[j]];
                if (Double.isFinite(v)) {
                    s += v;
                    sq += v * v;
                    k++;
                }
            }
            mean[j] = k > 0 ? s / k : 0;
            double var = k > 1 ? Math.max(0, (sq - k * mean[j] * mean[j]) / (k - 1)) : 0;
            sd[j] = Math.sqrt(var) > 1e-9 ? Math.sqrt(var) : 1;
        }
        var factory = new AnomalyFactory();
        MutableDataset<org.tribuo.anomaly.Event> ds = new MutableDataset<>(provenance(assetType, component, clock,
                factory), factory);
        for (int r : sample) {
            ds.add(new org.tribuo.impl.ArrayExample<>(new org.tribuo.anomaly.Event(EventType.EXPECTED),
                    hn.clone(), HealthModel.standardise(columns, mean, sd, tr.x.get(r))));
        }
        SVMParameters<org.tribuo.anomaly.Event> params = new SVMParameters<>(
                new SVMAnomalyType(SVMAnomalyType.SVMMode.ONE_CLASS), KernelType.RBF);
        params.setNu(0.05);
        params.setGamma(1.0 / columns.length);
        @SuppressWarnings("unchecked")
        Model<org.tribuo.anomaly.Event> model = (Model<org.tribuo.anomaly.Event>) (Model<?>)
                new LibSVMAnomalyTrainer(params, config.seed()).train(ds);
        var scored = new HealthModel(columns, hn, mean, sd, model, 1, 0);
        double[] good = new double[sample.length];
        for (int i = 0; i < sample.length; i++) {
            good[i] = scored.decision(tr.x.get(sample[i]));
        }
        List<Double> badList = new ArrayList<>();
        long shortMillis = config.shortest().length().toMillis();
        for (int i = 0; i < tr.size(); i++) {
            if (tr.failed[i] && tr.remainingMillis[i] <= shortMillis) {
                badList.add(scored.decision(tr.x.get(i)));
            }
        }
        double g = median(good);
        double b = badList.isEmpty() ? Double.NaN : median(badList.stream().mapToDouble(Double::doubleValue).toArray());
        if (!(b < g)) {
            Arrays.sort(good);
            double q01 = good[(int) (0.01 * (good.length - 1))];
            b = g - 4 * Math.max(g - q01, 1e-3);
        }
        return new HealthModel(columns, hn, mean, sd, model, g, b);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2]
                : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    // --- rows ------------------------------------------------------------------------------------------

    /** Feature rows with their labels. */
    static final class Rows {
        List<String> names = List.of();
        final List<double[]> x = new ArrayList<>();
        int[][] labels;
        double[] rul;
        double[] truth;
        long[] remainingMillis;
        boolean[] failed;
        int[] age;
        long failedLives;
        private final List<int[]> lab = new ArrayList<>();
        private final List<double[]> rest = new ArrayList<>();

        int size() {
            return x.size();
        }

        void finish(int horizons) {
            labels = new int[horizons][x.size()];
            rul = new double[x.size()];
            truth = new double[x.size()];
            remainingMillis = new long[x.size()];
            failed = new boolean[x.size()];
            age = new int[x.size()];
            for (int i = 0; i < x.size(); i++) {
                for (int h = 0; h < horizons; h++) {
                    labels[h][i] = lab.get(i)[h];
                }
                double[] r = rest.get(i);
                rul[i] = r[0];
                truth[i] = r[1];
                remainingMillis[i] = (long) r[2];
                failed[i] = r[3] > 0;
                age[i] = (int) r[4];
            }
        }

        static Rows concat(Rows a, Rows b) {
            Rows r = new Rows();
            r.names = a.names.isEmpty() ? b.names : a.names;
            r.x.addAll(a.x);
            r.x.addAll(b.x);
            r.lab.addAll(a.lab);
            r.lab.addAll(b.lab);
            r.rest.addAll(a.rest);
            r.rest.addAll(b.rest);
            r.failedLives = a.failedLives + b.failedLives;
            r.finish(a.labels.length);
            return r;
        }
    }

    /**
     * Labelled rows of {@code lives} with times in {@code [from, to)}, labels censored at {@code censorAt};
     * with {@code sample}, rows far from failures are thinned to every {@code negativeStride}-th.
     */
    Rows rows(List<Life> lives, Inputs inputs, RegimeNormalizer normalizer, long from, long to, long censorAt,
              boolean sample) {
        Rows out = new Rows();
        int hs = config.horizons().size();
        long[] h = new long[hs];
        for (int i = 0; i < hs; i++) {
            h[i] = config.horizons().get(i).length().toMillis();
        }
        long near = 2 * config.longest().length().toMillis();
        double stepMs = config.step().toMillis();
        double cap = config.steps(config.rulCap());
        for (Life life : lives) {
            long[] times = life.frame().times();
            boolean failed = life.failed() && life.failureTime().getAsLong() < censorAt;
            long end = failed ? life.failureTime().getAsLong() : Math.min(life.observedTo(), censorAt);
            List<Integer> picked = new ArrayList<>();
            for (int r = 0; r < times.length; r++) {
                long t = times[r];
                if (t < from || t >= to || t >= censorAt || t > end) {
                    continue;
                }
                boolean close = failed && end - t <= near;
                if (!sample || close || r % config.negativeStride() == 0) {
                    picked.add(r);
                }
            }
            if (picked.isEmpty()) {
                continue;
            }
            out.failedLives += failed ? 1 : 0;
            int[] rows = picked.stream().mapToInt(Integer::intValue).toArray();
            Frame derived = inputs.derive(life.frame());
            Frame normalised = normalizer.apply(derived);
            if (out.names.isEmpty()) {
                out.names = extractor.names(normalised.channels());
            }
            double[][] x = extractor.extract(normalised, derived, rows);
            for (int i = 0; i < rows.length; i++) {
                long t = times[rows[i]];
                long remaining = end - t;
                int[] lab = new int[hs];
                for (int k = 0; k < hs; k++) {
                    lab[k] = failed ? (remaining <= h[k] ? 1 : 0) : (remaining >= h[k] ? 0 : -1);
                }
                double rulSteps = failed ? Math.min(cap, remaining / stepMs)
                        : remaining / stepMs >= cap ? cap : Double.NaN;
                out.x.add(x[i]);
                out.lab.add(lab);
                out.rest.add(new double[] {rulSteps, failed ? remaining / stepMs : Double.NaN,
                        failed || remaining >= near ? remaining : Math.min(remaining, near - 1), failed ? 1 : 0,
                        rows[i]});
            }
        }
        out.finish(hs);
        return out;
    }
}
