package io.minetwin.engine.cli;

import io.minetwin.analytics.bench.CmapssBenchmark;
import io.minetwin.analytics.cmapss.CmapssData;
import io.minetwin.analytics.cmapss.CmapssFleet;
import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.ModelSelection;
import io.minetwin.analytics.rul.RulConfig;
import io.minetwin.engine.analytics.CmapssImporter;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minetwin benchmark cmapss}: imports a NASA C-MAPSS subset into the store as a fleet, trains the
 * RUL model with the engine's pipeline from the stored histories and failures, and scores the test units
 * by the standard protocol.
 */
@Command(name = "cmapss",
        mixinStandardHelpOptions = true,
        description = {
                "NASA C-MAPSS turbofan benchmark: import a subset into the store at --data as twins with history"
                        + " and failure events, train the remaining-useful-life model from the store, and predict"
                        + " at the last cycle of each test unit.",
                "Figures: RMSE and PHM08 score against the true RUL, uncapped and capped at the target's cap (chosen"
                        + " by cross-validation on the training units among 125, 135 and 150)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed (e.g. dataset files missing)", "2:bad usage"})
final class BenchmarkCmapssCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--subset", defaultValue = "FD001", description = "C-MAPSS subset, FD001 to FD004 (default: ${DEFAULT-VALUE}).")
    String subset;

    @Option(names = "--dataset", paramLabel = "DIR",
            description = "Folder with train_FD00x.txt, test_FD00x.txt and RUL_FD00x.txt"
                    + " (default: ../shared/datasets/cmapss from the minetwin home).")
    Path dataset;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of regime clustering and the trees (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", description = "Cross-validation fits run at once, each on one native thread"
            + " (default: the number of cores). One thread per fit: XGBoost's worker threads spin while they wait"
            + " for each other, which on two shared, busy cores makes one fit on two threads about four times"
            + " slower than on one. The final fit uses one thread. Results do not depend on it.")
    Integer threads;

    @Option(names = "--predictions", paramLabel = "FILE.csv",
            description = "Also write every test unit's prediction, true RUL (uncapped and capped) and interval to"
                    + " FILE.csv.")
    Path predictions;

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Path dir = dataset != null ? dataset : defaultDataset();
        if (!Files.isDirectory(dir)) {
            throw new CliException("no C-MAPSS dataset folder at " + dir + "; pass --dataset DIR with"
                    + " train_" + subset + ".txt, test_" + subset + ".txt and RUL_" + subset + ".txt");
        }
        CmapssData data = CmapssData.read(dir, subset);
        int nThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (nThreads < 1) {
            throw new CliException("--threads must be at least 1, got " + nThreads, 2);
        }
        RulConfig config = CmapssBenchmark.config(1, seed);

        CmapssBenchmark.Result result;
        CmapssImporter.Imported imported;
        double importSeconds;
        // The histories are dated from 2008 on; retention would delete them, so this store keeps all.
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        try (Store store = Store.open(storeOptions.dataDir(), options)) {
            long t = System.nanoTime();
            imported = new CmapssImporter().importInto(store, data);
            importSeconds = (System.nanoTime() - t) / 1e9;
            result = CmapssBenchmark.run(store.history(), new StoreLabelSource(store.events()),
                    data, config, CmapssBenchmark.candidates(1), CmapssBenchmark.search(nThreads), Clock.systemUTC());
        }
        if (predictions != null) {
            try {
                Path parent = predictions.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(predictions, result.predictionsCsv(data));
            } catch (java.io.IOException e) {
                throw new CliException("cannot write the predictions to " + predictions + ": " + e.getMessage());
            }
        }
        ModelVersion registered = register(storeOptions.dataDir(), data, result);
        double total = (System.nanoTime() - started) / 1e9;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subset", result.subset());
        m.put("rmse", BenchFigures.round(result.rmse(), 3));
        m.put("score", BenchFigures.round(result.score(), 1));
        m.put("truth", "uncapped");
        m.put("rmse_capped_truth", BenchFigures.round(result.rmseCappedTruth(), 3));
        m.put("score_capped_truth", BenchFigures.round(result.scoreCappedTruth(), 1));
        m.put("cap", result.cap());
        m.put("cap_selected_by", CmapssBenchmark.FOLDS + "-fold cross-validation of the chosen candidate: RMSE"
                + " against the uncapped truth on held-out rows with a true RUL of at most "
                + CmapssBenchmark.CAPS.stream().mapToDouble(Double::doubleValue).max().orElse(result.cap()));
        Map<String, Object> capCv = new LinkedHashMap<>();
        result.selection().capRmse().forEach((k, v) -> capCv.put(String.format(java.util.Locale.ROOT, "%.0f", k),
                BenchFigures.round(v, 3)));
        m.put("cap_cv_rmse", capCv);
        m.put("train_units", data.train().size());
        m.put("test_units", data.test().size());
        m.put("train_rows", result.trainRows());
        m.put("regimes", result.model().model().normalizer().regimes());
        m.put("selected_by", CmapssBenchmark.FOLDS + "-fold cross-validation on the training units, grouped by unit");
        m.put("chosen", result.selection().chosen().name());
        Map<String, Object> cv = new LinkedHashMap<>();
        result.selection().cvRmse().forEach((k, v) -> cv.put(k, BenchFigures.round(v, 3)));
        m.put("cv_rmse", cv);
        m.put("pruned", result.selection().pruned());
        m.put("interval_coverage_target", ModelSelection.INTERVAL_COVERAGE);
        m.put("interval_coverage_test", BenchFigures.round(result.intervalCoverage(), 3));
        m.put("model", registered.id());
        m.put("model_state", registered.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("features", result.model().model().featureNames().size());
        m.put("samples_imported", imported.samples());
        m.put("import_seconds", BenchFigures.round(importSeconds, 2));
        m.put("train_seconds", BenchFigures.round(result.trainSeconds(), 2));
        m.put("extract_seconds", BenchFigures.round(result.selection().extractSeconds(), 2));
        m.put("cv_seconds", BenchFigures.round(result.selection().cvSeconds(), 2));
        m.put("cv_workers", nThreads);
        m.put("fit_seconds", BenchFigures.round(result.selection().fitSeconds(), 2));
        m.put("total_seconds", BenchFigures.round(total, 2));
        // On a shared, busy machine the wall time mostly measures the others' load; the process's CPU time
        // (every thread, native ones included, from the JVM's start) is the steadier figure.
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os && os.getProcessCpuTime() >= 0) {
            m.put("cpu_seconds", BenchFigures.round(os.getProcessCpuTime() / 1e9, 2));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, m);
        } else {
            out.printf("C-MAPSS %s: RMSE %.2f, PHM08 score %.1f over %d test units (uncapped truth); RMSE %.2f, score"
                            + " %.1f with the truth capped at %.0f, the cap chosen by cross-validation%n",
                    result.subset(), result.rmse(), result.score(), data.test().size(), result.rmseCappedTruth(),
                    result.scoreCappedTruth(), result.cap());
            out.printf("chosen by %d-fold cross-validation on the training units: %s (CV RMSE %.2f); %.0f%%"
                            + " RUL interval held %.0f%% of test truths; registered as %s (%s)%n",
                    CmapssBenchmark.FOLDS, result.selection().chosen().name(),
                    result.selection().cvRmse().get(result.selection().chosen().name()),
                    100 * ModelSelection.INTERVAL_COVERAGE, 100 * result.intervalCoverage(), registered.id(),
                    registered.state().name().toLowerCase(java.util.Locale.ROOT));
            out.printf("trained on %,d rows of %d units (%d regimes, %d features) in %.1f s; imported %,d samples"
                            + " in %.1f s; total %.1f s%n", result.trainRows(), data.train().size(),
                    m.get("regimes"), m.get("features"), result.trainSeconds(), imported.samples(), importSeconds, total);
            out.flush();
        }
        return 0;
    }

    /** Registers the trained model in the data directory's registry, evaluated on the test units. */
    private static ModelVersion register(Path dataDir, CmapssData data, CmapssBenchmark.Result result) {
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"), Clock.systemUTC());
        String key = ModelRegistry.key("cmapss-" + data.subset().toLowerCase(java.util.Locale.ROOT),
                CmapssFleet.COMPONENT);
        List<String> assets = data.train().stream()
                .map(u -> CmapssFleet.twin(data.subset(), "train", u.id()).toString()).toList();
        var training = new ModelRegistry.Training(CmapssFleet.ORIGIN,
                CmapssFleet.time(data.train().stream().mapToInt(CmapssData.Unit::lastCycle).max().orElse(0) + 1),
                assets, Map.of("rows", (long) result.trainRows(), "lives", (long) result.model().lives(),
                        "failures", (long) result.model().failedLives()));
        var evaluation = new Evaluation("C-MAPSS " + data.subset() + " test", result.rmse(), result.score(),
                data.test().size());
        return registry.register(key, result.model().model(), training, Optional.of(evaluation));
    }


    /** {@code ../shared/datasets/cmapss} from the minetwin home (set by the launcher), else the working directory. */
    static Path defaultDataset() {
        String home = System.getenv("MINETWIN_HOME");
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolve("..").resolve("shared").resolve("datasets").resolve("cmapss").normalize();
    }
}
