package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.ComponentModels;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.Life;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.analytics.MaintenanceImporter;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.simulator.DatasetGenerator;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.RecordsCsv;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code minetwin bench score}: scores a generated fleet the way the engine's scorer does. */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        description = {"Self-contained: trains forecast models on two months of the demo fleet aged fast (so that it"
                + " fails often), generates --assets assets (copies of the demo fleet) with --history-days of recent"
                + " history, then times the engine's scorer forecasting every component of every asset, from"
                + " reading history through features to the models (the second of two runs, as the engine scores"
                + " every period; the first is reported too).",
                "Also times the models alone on feature rows in batches (engine) against one row at a time"
                        + " (baseline), in the same run.",
                "Prints forecasts_per_s, forecasts, assets, engine_forecasts_per_s, baseline_forecasts_per_s and"
                        + " ratio."})
final class BenchScoreCommand extends WorkDirBenchCommand {

    /** The time the bench scores at (see {@link #run}). */
    static final Instant ANCHOR = Instant.parse("2026-01-05T00:00:00Z");

    @Option(names = "--assets", paramLabel = "N", defaultValue = "1000",
            description = "Assets to score, rounded up to whole copies of the demo fleet (default: ${DEFAULT-VALUE}).")
    int assets;

    @Option(names = "--history-days", paramLabel = "D", defaultValue = "7",
            description = "Days of recent history per asset (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(names = "--home", paramLabel = "DIR", description = "The minetwin folder holding config/ (default:"
            + " $MINETWIN_HOME, else the working directory).")
    Path home;

    @Override
    public Integer call() throws Exception {
        requireAtLeastOne("--assets and --history-days", assets, historyDays);
        Path root = (home != null ? home : Path.of(Optional.ofNullable(System.getenv("MINETWIN_HOME")).orElse(".")))
                .toAbsolutePath().normalize();
        Path fleetFile = root.resolve("config").resolve("fleets").resolve("demo.yaml");
        if (!Files.isRegularFile(fleetFile)) {
            throw new CliException("the demo fleet " + fleetFile + " is missing; run from the minetwin folder or pass"
                    + " --home DIR", 2);
        }
        SimulationPlan plan = SimulationLoader.load(fleetFile,
                AssetTypeLoader.loadDirectory(root.resolve("config").resolve("asset-types")));
        Progress out = new Progress(spec);
        return runAndPrint("bench score", work -> run(work, plan, out));
    }

    /** Progress goes to stderr so that --json output stays clean. */
    private record Progress(CommandSpec spec) {
        void say(String s) {
            spec.commandLine().getErr().println(s);
            spec.commandLine().getErr().flush();
        }
    }

    private Map<String, Object> run(Path work, SimulationPlan plan, Progress out) throws Exception {
        StoreOptions keepAll = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        // A fixed "now": the simulated fleets then fall on the same calendar (season, weather) on every machine
        // and every day, so every run trains the same models and scores the same forecasts, and figures compare.
        Instant now = ANCHOR;
        ModelRegistry registry = new ModelRegistry(work.resolve("models"), Clock.systemUTC());

        // 1. Models, from two months of the demo fleet aged 40 times faster.
        out.say("training models on a fast-ageing simulated fleet...");
        long t0 = System.nanoTime();
        List<ModelVersion> active = trainModels(work, plan, historyDays, registry);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        // 2. The fleet to score: copies of the demo fleet with recent history.
        int perCopy = plan.fleet().twins().size();
        int copies = (assets + perCopy - 1) / perCopy;
        out.say(String.format(Locale.ROOT, "generating %d assets (%d copies of the demo fleet) with %d days of"
                + " history...", copies * perCopy, copies, historyDays));
        t0 = System.nanoTime();
        InMemoryTwinRepository twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        SimulationPlan recent = new SimulationPlan(plan.fleet(), plan.settings()
                .withStart(now.minus(Duration.ofDays(historyDays))), plan.twins(), plan.seed());
        Map<String, Object> m = new LinkedHashMap<>();
        try (Store store = Store.open(work.resolve("fleet"), keepAll)) {
            for (int c = 0; c < copies; c++) {
                List<SeriesKey> keys = recent.simulation(100 + c, new Records.Listener() { }).series();
                SeriesKey[] renamed = new SeriesKey[keys.size()];
                for (int i = 0; i < renamed.length; i++) {
                    SeriesKey k = keys.get(i);
                    renamed[i] = new SeriesKey(copy(k.twin(), c), k.component(), k.channel());
                }
                DatasetGenerator.generate(recent, 100 + c, Duration.ofDays(historyDays), Duration.ofMinutes(10),
                        SimulateGenerateCommand.BATCH, new SimulateGenerateCommand.Appender(store.history(), renamed));
                for (TwinDefinition d : plan.fleet().twins().values()) {
                    twins.register(new TwinDefinition(copy(d.id(), c), d.type(), d.attributes()));
                }
            }
            double generateSeconds = (System.nanoTime() - t0) / 1e9;

            // 3. The engine's scorer over the whole fleet.
            out.say("scoring...");
            Clock at = Clock.fixed(now, ZoneOffset.UTC);
            Scorer scorer = new Scorer(twins, store.history(),
                    new StoreLabelSource(store.events()), store.history(), store.events(), registry, Optional.empty(),
                    at);
            // The engine scores every period: the first run warms the JIT and caches, the second is timed.
            t0 = System.nanoTime();
            scorer.scoreAll();
            double firstSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            int forecasts = scorer.scoreAll();
            double seconds = (System.nanoTime() - t0) / 1e9;

            // 4. The models alone: batched against one row at a time, on the first model's lives.
            ModelVersion first = active.get(0);
            ComponentModels models = registry.loadComponent(first);
            String[] key = first.key().split("\\.", 2);
            FleetModels fleetModels = new FleetModels(plan.fleet(), store.history(),
                    new StoreLabelSource(store.events()), ForecastConfig.defaults(), Clock.systemUTC());
            List<Life> lives = fleetModels.lives(fleetModels.targets(Optional.of(key[0]), Optional.of(key[1])).get(0));
            int n = Math.min(20_000, lives.stream().mapToInt(l -> l.frame().rows()).sum());
            rows(models, lives, Math.min(n, 2000), true);
            long t = System.nanoTime();
            int done = rows(models, lives, n, true);
            double engine = done / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            int single = rows(models, lives, Math.max(50, n / 50), false);
            double baseline = single / ((System.nanoTime() - t) / 1e9);

            m.put("forecasts_per_s", Math.round(forecasts / seconds));
            m.put("forecasts", forecasts);
            m.put("scoring_seconds", round(seconds));
            m.put("first_run_seconds", round(firstSeconds));
            m.put("assets", copies * perCopy);
            m.put("history_days", historyDays);
            m.put("active_models", active.size());
            m.put("engine_forecasts_per_s", Math.round(engine));
            m.put("baseline_forecasts_per_s", Math.round(baseline));
            m.put("ratio", round(engine / baseline));
            m.put("model_path_component", first.id());
            m.put("train_seconds", round(trainSeconds));
            m.put("generate_seconds", round(generateSeconds));
        }
        return m;
    }

    /**
     * Trains the bench's models into {@code registry} from two months of the demo fleet aged 40 times faster,
     * ending {@code historyDays} before {@link #ANCHOR} (as every run does, so that every run trains the same
     * models), and returns the active component models. Uses {@code work/train}.
     */
    static List<ModelVersion> trainModels(Path work, SimulationPlan plan, int historyDays, ModelRegistry registry)
            throws Exception {
        Instant now = ANCHOR;
        StoreOptions keepAll = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        SimulationPlan fast = new SimulationPlan(plan.fleet(), plan.settings().withAgeing(40)
                .withStart(now.minus(Duration.ofDays(60 + historyDays))), plan.twins(), plan.seed());
        try (Store train = Store.open(work.resolve("train"), keepAll)) {
            List<SeriesKey> keys = fast.simulation(1, new Records.Listener() { }).series();
            var result = DatasetGenerator.generate(fast, 1, Duration.ofDays(60), Duration.ofHours(1),
                    SimulateGenerateCommand.BATCH,
                    new SimulateGenerateCommand.Appender(train.history(), keys.toArray(SeriesKey[]::new)));
            RecordsCsv.write(work.resolve("train"), result.maintenance(), result.failures(), result.sensorFaults());
            new MaintenanceImporter().importFile(work.resolve("train").resolve(RecordsCsv.MAINTENANCE), train.events());
            Map<String, Integer> failures = new HashMap<>();
            for (Records.Failure f : result.failures()) {
                plan.fleet().twin(f.twin()).ifPresent(d -> failures.merge(ModelRegistry.key(d.type().name(),
                        f.component()), 1, Integer::sum));
            }
            FleetModels fm = new FleetModels(plan.fleet(), train.history(),
                    new StoreLabelSource(train.events()), ForecastConfig.defaults(), Clock.systemUTC());
            for (var target : fm.targets(Optional.empty(), Optional.empty())) {
                if (failures.getOrDefault(target.key(), 0) >= 8) {
                    fm.train(target, registry, s -> { });
                }
            }
        }
        List<ModelVersion> active = registry.list().stream()
                .filter(v -> v.state() == ModelState.ACTIVE && ModelRegistry.isComponent(v)).toList();
        if (active.isEmpty()) {
            throw new CliException("no component failed often enough in the simulated training fleet to train a model");
        }
        return active;
    }

    private static TwinId copy(TwinId id, int c) {
        return c == 0 ? id : new TwinId(id.namespace(), id.name() + "-c" + c);
    }

    private static double round(double v) {
        return BenchFigures.round(v, 3);
    }

    /** Scores {@code n} rows across the lives' last rows, batched per life or one row at a time. */
    private static int rows(ComponentModels models, List<Life> lives, int n, boolean batched) {
        int done = 0;
        int li = 0;
        while (done < n) {
            var frame = lives.get(li++ % lives.size()).frame();
            int count = Math.min(frame.rows(), n - done);
            if (batched) {
                int[] r = new int[count];
                for (int i = 0; i < count; i++) {
                    r[i] = frame.rows() - count + i;
                }
                models.predict(frame, r);
            } else {
                for (int i = 0; i < count; i++) {
                    models.predict(frame, new int[] {frame.rows() - count + i});
                }
            }
            done += count;
        }
        return done;
    }
}
