package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.AlertPolicy;
import io.minetwin.analytics.forecast.Backtest;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.analytics.GroundTruth;
import io.minetwin.engine.analytics.StoreLabelSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin evaluate}: backtests the active models on a data directory's history and records. */
@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
                "Backtest the active forecast models on the history and failure records in --data: every component"
                        + " is scored every 6 hours through the whole history, alert levels run with hysteresis as"
                        + " in the engine, and the alerts are compared with the failures.",
                "Models come from --data's registry, or with --models DIR from another data directory (train on one"
                        + " fleet, judge on another).",
                "With ground truth (--ground-truth FILE, default: ground-truth.csv in --data when present) random"
                        + " faults, which no model should claim, are counted apart."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", "1:failed (e.g. no active models)", "2:bad usage"})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--models", paramLabel = "DIR", description = "Data directory whose active models to evaluate"
            + " (default: --data).")
    Path models;

    @Option(names = "--ground-truth", paramLabel = "FILE", description = "Ground-truth CSV as the simulator writes it"
            + " (default: ground-truth.csv in --data if present).")
    Path groundTruth;

    @Option(names = "--warning", paramLabel = "P", description = "Failure probability within the longest horizon"
            + " that raises a warning, for every component (default: each model's own threshold, tuned on validation"
            + " data when it was trained); warnings and above count as flagged.")
    Double warning;

    @Option(names = "--critical", paramLabel = "P", description = "Failure probability within the shortest horizon"
            + " that raises a critical alert (default: each model's own).")
    Double critical;

    @Option(names = "--warning-health", paramLabel = "SCORE", description = "Health score (0-100) under which a"
            + " component is at warning whatever its failure probability; 0 turns it off (default: each model's"
            + " own).")
    Double warningHealth;

    @Option(names = "--hysteresis", paramLabel = "P", description = "How far under its threshold a probability must"
            + " fall before a level eases (default: 0.45 of the warning threshold, at most 0.09).")
    Double hysteresis;


    @Override
    public Integer call() {
        io.minetwin.analytics.forecast.AlertPolicy policy;
        try {
            var d = ForecastConfig.defaults().alerts();
            double w = warning != null ? warning : d.warning();
            policy = warning == null && critical == null && warningHealth == null && hysteresis == null ? null
                    : new io.minetwin.analytics.forecast.AlertPolicy(Math.min(d.watch(), w * 0.5), w,
                    critical != null ? critical : d.critical(), d.watchHealth(),
                    hysteresis != null ? hysteresis : Math.min(d.hysteresis(), w * AlertPolicy.DEADBAND),
                    d.flag(), warningHealth != null ? warningHealth : d.warningHealth());
        } catch (IllegalArgumentException e) {
            throw new CliException("--warning/--critical/--warning-health/--hysteresis: " + e.getMessage(), 2);
        }
        Path dataDir = storeOptions.dataDir();
        Path registryDir = (models != null ? models : dataDir).resolve("models");
        ModelRegistry registry = new ModelRegistry(registryDir, Clock.systemUTC());
        if (registry.list().stream().noneMatch(v -> ModelRegistry.isComponent(v)
                && v.state() == io.minetwin.analytics.registry.ModelState.ACTIVE)) {
            throw new CliException("no active component forecast models in " + registryDir + "; train them with"
                    + " 'minetwin train --data " + (models != null ? models : dataDir) + " --all'");
        }
        Path truthFile = groundTruth != null ? groundTruth : dataDir.resolve("ground-truth.csv");
        if (groundTruth != null && !Files.isRegularFile(groundTruth)) {
            throw new CliException("--ground-truth " + groundTruth + ": no such file", 2);
        }
        List<Backtest.Truth> truth;
        try {
            truth = Files.isRegularFile(truthFile) ? GroundTruth.read(truthFile) : List.of();
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        var fleet = storeOptions.settings().fleet();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Map<String, Object> figures;
        try (var store = storeOptions.openForAnalysis()) {
            FleetModels fm = new FleetModels(fleet, store.history(),
                    new StoreLabelSource(store.events()), ForecastConfig.defaults(), Clock.systemUTC());
            if (policy != null) {
                fm.withAlertOverride(policy);
            }
            figures = fm.evaluate(registry, truth, stage -> {
                err.println("backtesting " + stage);
                err.flush();
            });
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dataDir.toString());
        m.put("models", registryDir.toString());
        m.put("ground_truth", Files.isRegularFile(truthFile) ? truthFile.toString() : null);
        m.put("thresholds", policy == null ? "each model's own (tuned when trained)"
                : "warning " + policy.warning() + ", critical " + policy.critical()
                + (policy.warningHealth() > 0 ? ", warning under health " + policy.warningHealth() : ""));
        m.putAll(figures);
        m.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, m);
        } else {
            out.printf(Locale.ROOT, "%s failures (%s predictable, %s random); recall %s, recall at >= 72 h %s,"
                            + " median lead %s h%n", m.get("failures"), m.get("predictable_failures"),
                    m.get("random_failures"), m.get("recall"), m.get("recall_72h"), m.get("median_lead_hours"));
            out.printf(Locale.ROOT, "%s alerts, %s false: %s false alarms per asset-year over %s asset-years;"
                            + " precision %s; RUL RMSE %s h%n", m.get("alerts"), m.get("false_alarms"),
                    m.get("false_alarms_per_asset_year"), m.get("asset_years"), m.get("precision"),
                    m.get("rul_rmse_hours"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) m.get("components");
            per.forEach((k, f) -> out.printf(Locale.ROOT, "  %-34s %-30s failures %s, recall@72h %s, false alarms %s%n",
                    k, f.get("model"), f.get("failures"), f.get("recall_72h"), f.get("false_alarms")));
            out.flush();
        }
        return 0;
    }
}
