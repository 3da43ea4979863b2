package io.minetwin.engine.cli;

import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.forecast.ComponentModels;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.Life;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.analytics.StoreHistorySource;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.engine.forecast.Scorer;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.TwinDefinition;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

/** {@code minetwin bench score}: how fast the active forecast models score. */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        description = {"Score with the active forecast models of --data, on its own history, three ways:",
                "engine: the model path as backtests and training use it, features and predictions for many rows of a"
                        + " life at once;",
                "baseline: the same forecasts one row at a time, measured in the same run;",
                "scorer: the engine's live scorer over every twin of the fleet at the end of the data, from reading"
                        + " each component's history since its last renewal to the forecast (writes go to a scratch"
                        + " store, --data is only read).",
                "Prints engine_forecasts_per_s, baseline_forecasts_per_s, ratio and scorer_forecasts_per_s."})
final class BenchScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--forecasts", paramLabel = "N", defaultValue = "20000",
            description = "Forecasts timed on the engine path (default: ${DEFAULT-VALUE}).")
    int forecasts;

    @Override
    public Integer call() {
        if (forecasts < 100) {
            throw new CliException("--forecasts must be at least 100", 2);
        }
        ModelRegistry registry = new ModelRegistry(storeOptions.dataDir().resolve("models"), Clock.systemUTC());
        List<ModelVersion> active = registry.list().stream()
                .filter(v -> v.state() == ModelState.ACTIVE && ModelRegistry.isComponent(v)).toList();
        if (active.isEmpty()) {
            throw new CliException("no active forecast models in " + registry.root() + "; train them first with"
                    + " 'minetwin train --data " + storeOptions.dataDir() + " --all'");
        }
        var fleet = storeOptions.settings().fleet();
        Map<String, Object> m = new LinkedHashMap<>();
        try (Store store = storeOptions.openForAnalysis()) {
            var history = new StoreHistorySource(store.history());
            var labels = new StoreLabelSource(store.events());
            FleetModels fm = new FleetModels(fleet, history, labels, ForecastConfig.defaults(), Clock.systemUTC());
            // Lives of the first active component with history, to score.
            ComponentModels models = null;
            List<Life> lives = List.of();
            long end = 0;
            for (ModelVersion v : active) {
                String[] key = v.key().split("\\.", 2);
                var targets = fm.targets(Optional.of(key[0]), Optional.of(key[1]));
                if (targets.isEmpty()) {
                    continue;
                }
                lives = fm.lives(targets.get(0));
                if (!lives.isEmpty()) {
                    models = registry.loadComponent(v);
                    m.put("component", v.id());
                    break;
                }
            }
            if (models == null) {
                throw new CliException("no history in " + storeOptions.dataDir() + " for the active models' components");
            }
            for (Life l : lives) {
                end = Math.max(end, l.observedTo());
            }
            // Warm up the native and JIT paths.
            run(models, lives, Math.min(2000, forecasts), true);
            long t = System.nanoTime();
            int n = run(models, lives, forecasts, true);
            double engine = n / ((System.nanoTime() - t) / 1e9);
            int baselineN = Math.max(100, forecasts / 10);
            t = System.nanoTime();
            int b = run(models, lives, baselineN, false);
            double baseline = b / ((System.nanoTime() - t) / 1e9);

            InMemoryTwinRepository twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
            for (TwinDefinition d : fleet.twins().values()) {
                twins.register(d);
            }
            Clock at = Clock.fixed(Instant.ofEpochMilli(end), ZoneOffset.UTC);
            try (Store scratch = Store.inMemory(StoreOptions.defaults())) {
                Scorer scorer = new Scorer(twins, history, labels, scratch.history(), scratch.events(), registry,
                        Optional.empty(), at);
                t = System.nanoTime();
                int s = scorer.scoreAll();
                double seconds = (System.nanoTime() - t) / 1e9;
                m.put("engine_forecasts_per_s", Math.round(engine));
                m.put("baseline_forecasts_per_s", Math.round(baseline));
                m.put("ratio", Math.round(engine / baseline * 100) / 100.0);
                m.put("scorer_forecasts", s);
                m.put("scorer_seconds", Math.round(seconds * 1000) / 1000.0);
                m.put("scorer_forecasts_per_s", Math.round(s / seconds));
                m.put("active_models", active.size());
            }
        }
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, "bench score", m);
        return 0;
    }

    /** Scores {@code n} rows across the lives, batched per life or one row at a time. */
    private static int run(ComponentModels models, List<Life> lives, int n, boolean batched) {
        int done = 0;
        int li = 0;
        while (done < n) {
            Life life = lives.get(li++ % lives.size());
            Frame frame = life.frame();
            int rows = Math.min(frame.rows(), n - done);
            if (batched) {
                int[] r = new int[rows];
                for (int i = 0; i < rows; i++) {
                    r[i] = frame.rows() - rows + i;
                }
                models.predict(frame, r);
            } else {
                for (int i = 0; i < rows; i++) {
                    models.predict(frame, new int[] {frame.rows() - rows + i});
                }
            }
            done += rows;
        }
        return done;
    }
}
