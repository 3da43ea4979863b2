package io.minetwin.engine.cli;

import io.minetwin.analytics.cmapss.CmapssBenchmark;
import io.minetwin.analytics.cmapss.CmapssData;
import io.minetwin.analytics.rul.RulConfig;
import io.minetwin.engine.analytics.CmapssImporter;
import io.minetwin.engine.analytics.StoreHistorySource;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
                "Figures: RMSE and PHM08 score against the true RUL (uncapped), with the target capped at 125."},
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

    @Option(names = "--threads", description = "Training threads (default: the available processors).")
    Integer threads;

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
        RulConfig config = CmapssBenchmark.config(nThreads, seed);

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
            result = CmapssBenchmark.run(new StoreHistorySource(store.history()), new StoreLabelSource(store.events()),
                    data, config, Clock.systemUTC());
        }
        double total = (System.nanoTime() - started) / 1e9;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subset", result.subset());
        m.put("rmse", round(result.rmse(), 3));
        m.put("score", round(result.score(), 1));
        m.put("cap", result.cap());
        m.put("truth", "uncapped");
        m.put("train_units", data.train().size());
        m.put("test_units", data.test().size());
        m.put("train_rows", result.trainRows());
        m.put("regimes", result.model().model().normalizer().regimes());
        m.put("features", result.model().model().featureNames().size());
        m.put("samples_imported", imported.samples());
        m.put("import_seconds", round(importSeconds, 2));
        m.put("train_seconds", round(result.trainSeconds(), 2));
        m.put("total_seconds", round(total, 2));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, m);
        } else {
            out.printf("C-MAPSS %s: RMSE %.2f, PHM08 score %.1f over %d test units (cap %.0f, uncapped truth)%n",
                    result.subset(), result.rmse(), result.score(), data.test().size(), result.cap());
            out.printf("trained on %,d rows of %d units (%d regimes, %d features) in %.1f s; imported %,d samples"
                            + " in %.1f s; total %.1f s%n", result.trainRows(), data.train().size(),
                    m.get("regimes"), m.get("features"), result.trainSeconds(), imported.samples(), importSeconds, total);
            out.flush();
        }
        return 0;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** {@code ../shared/datasets/cmapss} from the minetwin home (set by the launcher), else the working directory. */
    static Path defaultDataset() {
        String home = System.getenv("MINETWIN_HOME");
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolve("..").resolve("shared").resolve("datasets").resolve("cmapss").normalize();
    }
}
