package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.analytics.MaintenanceImporter;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.model.Fleet;
import io.minetwin.model.SeriesKey;
import io.minetwin.simulator.DatasetGenerator;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.RecordsCsv;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Gives the demo forecast models on its first start: in the background, simulates a year of the demo
 * fleet's history (another seed than the live fleet) into {@code <data>/training-history}, imports its
 * maintenance records and trains the components that failed often enough, registering the models in the
 * demo's own registry, where the running scorer picks them up. Later starts reuse the models.
 */
final class DemoForecastModels {

    static final Duration SPAN = Duration.ofDays(365);
    /** Failures a component needs in the simulated year to be trained (enough for the split to keep some). */
    static final int MIN_FAILURES = 6;

    private DemoForecastModels() {
    }

    /** Starts the background training unless the registry already has active forecast models. */
    static Optional<Thread> startIfNeeded(SimulationPlan plan, long seed, Path dir, Fleet fleet, PrintWriter out,
                                          Clock clock) {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), clock);
        long active = registry.list().stream()
                .filter(v -> v.state() == ModelState.ACTIVE && ModelRegistry.isComponent(v)).count();
        if (active > 0) {
            out.printf(Locale.ROOT, "forecast models: %d active in %s%n", active, registry.root());
            return Optional.empty();
        }
        out.println("forecast models: training in the background from a simulated year of the fleet (first start"
                + " only, a few minutes); forecasts appear on the dashboard when they are ready");
        Thread t = new Thread(() -> {
            try {
                train(plan, seed, dir, fleet, registry, out, clock);
            } catch (RuntimeException e) {
                out.println("forecast models: training failed: " + e.getMessage()
                        + "; train them with 'minetwin train --data DIR --all' on a fleet history");
                out.flush();
            }
        }, "minetwin-demo-training");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return Optional.of(t);
    }

    private static void train(SimulationPlan plan, long seed, Path dir, Fleet fleet, ModelRegistry registry,
                              PrintWriter out, Clock clock) {
        Path history = dir.resolve("training-history");
        deleteRecursively(history);
        Instant from = clock.instant().minus(SPAN).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        SimulationPlan year = new SimulationPlan(plan.fleet(), plan.settings().withStart(from), plan.twins(),
                plan.seed());
        List<SeriesKey> keys = year.simulation(seed, new Records.Listener() { }).series();
        StoreOptions options = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO);
        try (Store store = Store.open(history, options)) {
            var appender = new SimulateGenerateCommand.Appender(store.history(), keys.toArray(SeriesKey[]::new));
            DatasetGenerator.Result result = DatasetGenerator.generate(year, seed, SPAN, Duration.ofMinutes(10),
                    SimulateGenerateCommand.BATCH, appender);
            RecordsCsv.write(history, result.maintenance(), result.failures(), result.sensorFaults());
            new MaintenanceImporter().importFile(history.resolve(RecordsCsv.MAINTENANCE), store.events());
            Map<String, Integer> failures = new HashMap<>();
            for (Records.Failure f : result.failures()) {
                fleet.twin(f.twin()).ifPresent(d -> failures.merge(ModelRegistry.key(d.type().name(), f.component()),
                        1, Integer::sum));
            }
            FleetModels models = new FleetModels(fleet, store.history(),
                    new StoreLabelSource(store.events()), ForecastConfig.defaults(), clock);
            // A component learns from its peers' lives too, so their failures count for it.
            var targets = models.targets(Optional.empty(), Optional.empty()).stream()
                    .filter(t -> failures.getOrDefault(t.key(), 0) + t.inputs().peers().stream().mapToInt(p ->
                            failures.getOrDefault(ModelRegistry.key(t.type().name(), p), 0)).sum() >= MIN_FAILURES)
                    .toList();
            out.printf(Locale.ROOT, "forecast models: simulated %,d samples with %d failures; training %d components%n",
                    result.samples(), result.failures().size(), targets.size());
            out.flush();
            for (var target : targets) {
                FleetModels.Outcome o = models.train(target, registry, stage -> { });
                out.printf(Locale.ROOT, "forecast models: %s %s%n", target.key(), o.version()
                        .map(v -> "trained as " + v.id() + " (holdout recall@72h " + o.figures().get("recall_72h")
                                + ", false alarms/asset-year " + o.figures().get("false_alarms_per_asset_year") + ")")
                        .orElse("skipped: " + o.skipped().orElse("")));
                out.flush();
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
        }
    }
}
