package io.minetwin.analytics.rul;

import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.FeatureExtractor;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.FrameBuilder;
import io.minetwin.analytics.features.RegimeNormalizer;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The remaining-useful-life pipeline: history and maintenance records in, a {@link RulModel} out,
 * and predictions from a model and a life's history.
 *
 * <p>Steps: each twin's history of the component is aligned on the step grid ({@link FrameBuilder}) and
 * cut into lives at resets (a failure, a failure repair or a replacement); operating regimes and
 * per-regime statistics are learnt from the training lives only ({@link RegimeNormalizer}); features at
 * every row use only that row and earlier ones ({@link FeatureExtractor}); the target is the
 * piecewise-linear RUL, {@code min(cap, steps until the failure)}. Lives that have not ended in a failure
 * contribute the rows that were observed for at least {@code cap} steps more, whose target is the cap.
 */
public final class RulPipeline {

    /** Maintenance actions after which a component starts a new life. */
    public static final Set<String> RESET_ACTIONS = Set.of("failure-repair", "replacement");

    private static final String OUTPUT = "rul";

    private final RulConfig config;
    private final FeatureExtractor extractor;
    private final RegressionFactory factory = new RegressionFactory();

    public RulPipeline(RulConfig config) {
        this.config = config;
        this.extractor = new FeatureExtractor(config.features());
    }

    public RulConfig config() {
        return config;
    }

    /**
     * The lives of {@code twin}'s component over {@code [from, to)}: its channels aligned, cut at every
     * reset event of the component (or of the whole twin).
     *
     * @return the lives in time order; empty when the twin has no history of the component
     */
    public List<Life> lives(SeriesReader history, LabelSource labels, TwinId twin, Instant from, Instant to) {
        List<String> channels = history.series(twin).stream()
                .filter(k -> k.component().equals(config.component()))
                .map(SeriesKey::channel)
                .sorted()
                .toList();
        if (channels.isEmpty()) {
            return List.of();
        }
        Frame frame = new FrameBuilder(config.step()).build(history, twin, config.component(), channels, from, to);
        List<Long> resets = new ArrayList<>();
        List<Boolean> failures = new ArrayList<>();
        for (Event e : labels.events(twin, from, to)) {
            if (e.component() != null && !e.component().equals(config.component())) {
                continue;
            }
            boolean failure = e.kind() == EventKind.FAILURE;
            boolean reset = failure || (e.kind() == EventKind.MAINTENANCE
                    && RESET_ACTIONS.contains(e.details().getOrDefault("action", "")));
            if (reset) {
                resets.add(e.time().toEpochMilli());
                failures.add(failure || "failure-repair".equals(e.details().get("action")));
            }
        }
        return cut(twin, frame, resets, failures, to.toEpochMilli());
    }

    /** Cuts {@code frame} at reset times; rows at or before a reset belong to the life it ends. */
    public static List<Life> cut(TwinId twin, Frame frame, List<Long> resets, List<Boolean> failures, long observedTo) {
        List<Life> lives = new ArrayList<>();
        long[] times = frame.times();
        int start = 0;
        for (int i = 0; i < resets.size(); i++) {
            long reset = resets.get(i);
            int end = start;
            while (end < times.length && times[end] <= reset) {
                end++;
            }
            if (end > start) {
                lives.add(new Life(twin, frame.slice(start, end),
                        failures.get(i) ? OptionalLong.of(reset) : OptionalLong.empty(), reset));
            }
            start = end;
        }
        if (start < times.length) {
            lives.add(new Life(twin, frame.slice(start, times.length), OptionalLong.empty(), observedTo));
        }
        return lives;
    }

    /** The RUL target of every row of {@code life}, in steps; NaN for rows that cannot be labelled. */
    public double[] targets(Life life) {
        long step = config.step().toMillis();
        long[] times = life.frame().times();
        double[] y = new double[times.length];
        for (int row = 0; row < times.length; row++) {
            if (life.failed()) {
                y[row] = Math.min(config.cap(), (life.failureTime().getAsLong() - times[row]) / (double) step);
            } else {
                double seen = (life.observedTo() - times[row]) / (double) step;
                y[row] = seen >= config.cap() ? config.cap() : Double.NaN;
            }
        }
        return y;
    }

    /**
     * Learns regimes, builds the training set from every labelled row of {@code lives} and trains the
     * regressor.
     *
     * @throws IllegalArgumentException when no row can be labelled (no failures and no long enough lives)
     */
    public Trained train(List<Life> lives, Clock clock) {
        return train(lives, clock, null);
    }

    /** As {@link #train(List, Clock)}; with {@code shuffle}, targets are permuted across rows (leakage tests). */
    Trained train(List<Life> lives, Clock clock, java.util.Random shuffle) {
        if (lives.isEmpty()) {
            throw new IllegalArgumentException("no history of component '" + config.component()
                    + "' to train on; import history and maintenance records first");
        }
        RegimeNormalizer normalizer = RegimeNormalizer.fit(lives.stream().map(Life::frame).toList(),
                config.regimeChannels(), config.maxRegimes(), config.seed());
        Matrix m = matrix(lives, normalizer);
        List<String> names = m.names();
        var provenance = new SimpleDataSourceProvenance("minetwin history: component " + config.component(),
                OffsetDateTime.now(clock), factory);
        MutableDataset<Regressor> dataset = new MutableDataset<>(provenance, factory);
        int failedLives = m.failedLives();
        List<Double> ys = new ArrayList<>(m.rows());
        for (double y : m.y()) {
            ys.add(y);
        }
        if (shuffle != null) {
            java.util.Collections.shuffle(ys, shuffle);
        }
        for (int i = 0; i < m.rows(); i++) {
            dataset.add(example(names, m.x()[i], ys.get(i)));
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("no labelled rows for component '" + config.component() + "': "
                    + "lives need a failure, or at least " + config.cap() + " steps of history without one;"
                    + " import maintenance and failure records first");
        }
        long started = System.nanoTime();
        Model<Regressor> model = trainer().train(dataset);
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Trained(new RulModel(config.component(), config.step(), config.cap(), normalizer,
                config.features(), names, model, RulInterval.none()), dataset.size(), lives.size(), failedLives, seconds);
    }

    /** This pipeline with another feature definition. */
    public RulPipeline withFeatures(io.minetwin.analytics.features.FeatureSpec spec) {
        return new RulPipeline(config.withFeatures(spec));
    }

    /**
     * Labelled rows as a matrix.
     *
     * @param names       feature names, the columns of {@code x}
     * @param x           feature rows (NaN where a feature is not defined yet)
     * @param y           the capped target
     * @param truth       the uncapped remaining life of rows of failed lives, NaN for other rows
     * @param twins       the twin of every row, for grouping
     * @param failedLives lives that ended in a failure and gave rows
     */
    public record Matrix(List<String> names, double[][] x, double[] y, double[] truth, List<TwinId> twins,
                         int failedLives) {
        public Matrix {
            names = List.copyOf(names);
            if (y.length != x.length || truth.length != x.length || twins.size() != x.length) {
                throw new IllegalArgumentException("matrix parts differ in rows: x " + x.length + ", y " + y.length
                        + ", truth " + truth.length + ", twins " + twins.size());
            }
        }

        public int rows() {
            return x.length;
        }

        /**
         * These rows with the target capped at {@code cap} instead: {@code min(cap, y)}. Exact when the matrix
         * was built with a cap at least {@code cap}: a failed life's row then gets {@code min(cap, truth)}, and a
         * row of a life without failure was kept because it was observed for at least the larger cap.
         */
        public Matrix capped(double cap) {
            double[] cy = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                cy[i] = Math.min(cap, y[i]);
            }
            return new Matrix(names, x, cy, truth, twins, failedLives);
        }

        /** The columns {@code cols} (with their names) of the rows {@code rows}. */
        public Matrix project(int[] cols, List<Integer> rows) {
            List<String> n = new ArrayList<>(cols.length);
            for (int c : cols) {
                n.add(names.get(c));
            }
            double[][] px = new double[rows.size()][cols.length];
            double[] py = new double[rows.size()];
            double[] pt = new double[rows.size()];
            List<TwinId> pw = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                int r = rows.get(i);
                for (int j = 0; j < cols.length; j++) {
                    px[i][j] = x[r][cols[j]];
                }
                py[i] = y[r];
                pt[i] = truth[r];
                pw.add(twins.get(r));
            }
            return new Matrix(n, px, py, pt, pw, failedLives);
        }
    }

    /** Every labelled row of {@code lives}, normalised with {@code normalizer}, as a feature matrix. */
    public Matrix matrix(List<Life> lives, RegimeNormalizer normalizer) {
        List<String> names = null;
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> truths = new ArrayList<>();
        List<TwinId> twins = new ArrayList<>();
        int failedLives = 0;
        long step = config.step().toMillis();
        for (Life life : lives) {
            double[] y = targets(life);
            int[] rows = labelled(y);
            if (rows.length == 0) {
                continue;
            }
            failedLives += life.failed() ? 1 : 0;
            Frame normalised = normalizer.apply(life.frame());
            if (names == null) {
                names = extractor.names(normalised.channels());
            }
            double[][] x = extractor.extract(normalised, life.frame(), rows);
            for (int i = 0; i < rows.length; i++) {
                xs.add(x[i]);
                ys.add(y[rows[i]]);
                truths.add(life.failed()
                        ? (life.failureTime().getAsLong() - life.frame().times()[rows[i]]) / (double) step
                        : Double.NaN);
                twins.add(life.twin());
            }
        }
        return new Matrix(names == null ? List.of() : names, xs.toArray(new double[0][]),
                ys.stream().mapToDouble(Double::doubleValue).toArray(),
                truths.stream().mapToDouble(Double::doubleValue).toArray(), twins, failedLives);
    }

    /** Fits a regressor on the rows of {@code m} with {@code settings}. */
    public Model<Regressor> fit(Matrix m, TrainerSettings settings, Clock clock) {
        var provenance = new SimpleDataSourceProvenance("minetwin history: component " + config.component(),
                OffsetDateTime.now(clock), factory);
        MutableDataset<Regressor> dataset = new MutableDataset<>(provenance, factory);
        for (int i = 0; i < m.rows(); i++) {
            dataset.add(example(m.names(), m.x()[i], m.y()[i]));
        }
        return config.withTrainer(settings).equals(config) ? trainer().train(dataset)
                : new RulPipeline(config.withTrainer(settings)).trainer().train(dataset);
    }

    /** Predictions of {@code model} for the rows of {@code m}, clipped to {@code [0, cap]}. */
    public static double[] predictRows(Model<Regressor> model, Matrix m, double cap) {
        List<Example<Regressor>> examples = new ArrayList<>(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            examples.add(example(m.names(), m.x()[i], Double.NaN));
        }
        var predictions = model.predict(examples);
        double[] out = new double[m.rows()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, Math.min(cap, predictions.get(i).getOutput().getValues()[0]));
        }
        return out;
    }

    /**
     * What {@link #train} produced.
     *
     * @param model        the model
     * @param rows         training rows
     * @param lives        lives read
     * @param failedLives  lives that ended in a failure and were used
     * @param fitSeconds   time spent fitting the trees
     */
    public record Trained(RulModel model, int rows, int lives, int failedLives, double fitSeconds) {
    }

    private XGBoostRegressionTrainer trainer() {
        TrainerSettings t = config.trainer();
        return new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                XGBoostRegressionTrainer.RegressionType.LINEAR, t.trees(), t.eta(), 0.0, t.maxDepth(),
                t.minChildWeight(), t.subsample(), t.featureSubsample(), 1.0, 0.0, t.threads(),
                XGBoostTrainer.LoggingVerbosity.SILENT, config.seed());
    }

    private static int[] labelled(double[] y) {
        int n = 0;
        for (double v : y) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                rows[k++] = i;
            }
        }
        return rows;
    }

    private static Example<Regressor> example(List<String> names, double[] x, double target) {
        Regressor output = Double.isNaN(target) ? RegressionFactory.UNKNOWN_REGRESSOR : new Regressor(OUTPUT, target);
        int n = 0;
        for (double v : x) {
            n += Double.isNaN(v) ? 0 : 1;
        }
        String[] fn = new String[n];
        double[] fv = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i])) {
                fn[k] = names.get(i);
                fv[k++] = x[i];
            }
        }
        return new ArrayExample<>(output, fn, fv);
    }

    /**
     * Predicts the remaining useful life, in steps, at the last row of {@code life} (its raw frame,
     * from the last reset on).
     */
    public static double predictLast(RulModel model, Frame life) {
        return predict(model, life, new int[] {life.rows() - 1})[0];
    }

    /** Predicts the remaining useful life, in steps, at {@code rows} of a life's raw frame. */
    public static double[] predict(RulModel model, Frame life, int[] rows) {
        Frame normalised = model.normalizer().apply(life);
        FeatureExtractor extractor = new FeatureExtractor(model.features());
        List<String> names = extractor.names(normalised.channels());
        if (!names.equals(model.featureNames())) {
            throw new IllegalArgumentException("the history has channels " + life.channels() + ", which give other"
                    + " features than the model was trained on; retrain the model for this component");
        }
        double[][] x = extractor.extract(normalised, life, rows);
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double v = model.model().predict(example(names, x[i], Double.NaN)).getOutput().getValues()[0];
            out[i] = Math.max(0, Math.min(model.cap(), v));
        }
        return out;
    }
}
