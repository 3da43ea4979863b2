package io.minetwin.engine.cli;

import io.minetwin.analytics.features.CycleSpec;
import io.minetwin.analytics.features.SpectralSpec;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Horizon;
import io.minetwin.analytics.forecast.TrainerKind;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.analytics.StoreLabelSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin train}: trains component forecast models from a data directory and registers them. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {
                "Train failure forecasts per (asset type, component) from the history and maintenance records in"
                        + " --data: a calibrated classifier per horizon, a remaining-useful-life regressor with an"
                        + " interval, and a health model (one-class SVM on healthy periods).",
                "Twins are split into training and held-out twins (20%%), and time into a training period (the"
                        + " first 80%%) and a test period; every model is backtested on the held-out twins' test"
                        + " period, then trained again on the training twins' whole period and registered with that"
                        + " evaluation: active if it is the component's first model, else a candidate to compare and"
                        + " promote ('minetwin models').",
                "Needs failure records: import them first with 'minetwin import maintenance'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:trained (components without enough failures are listed as skipped)",
                "1:nothing could be trained, or failed", "2:bad usage"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    static final class Selection {
        @Option(names = "--all", required = true, description = "Every component of every asset type in the fleet.")
        boolean all;

        @ArgGroup(exclusive = false)
        One one;
    }

    static final class One {
        @Option(names = "--asset-type", required = true, paramLabel = "TYPE", description = "Asset type, e.g. haul-truck.")
        String assetType;

        @Option(names = "--component", paramLabel = "NAME", description = "One component of it, e.g. engine"
                + " (default: all of its components).")
        String component;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(names = "--trainer", defaultValue = "xgboost", paramLabel = "KIND",
            description = "xgboost (default), cart or sgd.")
    String trainer;

    @Option(names = "--horizon", split = ",", paramLabel = "H",
            description = "Failure horizons, e.g. --horizon 72h,7d (default: 72h and 7d).")
    List<String> horizons;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the split, sampling and trainers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--spectral", description = "Also give spectral band energies of every signal over the latest 128"
            + " rows: periods of 2-6 h, 6-18 h, 18-30 h and longer.")
    boolean spectral;

    @Option(names = "--thermal-cycles", paramLabel = "K", description = "Also count cycles (rainflow) of at least K"
            + " per window of every channel whose name ends in 'temp', e.g. --thermal-cycles 10.")
    Double thermalCycles;

    @Option(names = "--own-channels-only", description = "Forecast each component from its own channels only:"
            + " without comparing it with its peers and without the machine's duty counters.")
    boolean ownChannelsOnly;

    @Override
    public Integer call() {
        ForecastConfig config;
        try {
            config = ForecastConfig.defaults().withTrainer(TrainerKind.parse(trainer)).withSeed(seed);
            if (ownChannelsOnly) {
                config = config.ownChannelsOnly();
            }
            var features = config.features();
            if (spectral) {
                features = features.withSpectral(SpectralSpec.of(config.step()));
            }
            if (thermalCycles != null) {
                if (!(thermalCycles > 0) || thermalCycles.isInfinite()) {
                    throw new IllegalArgumentException("--thermal-cycles must be a positive range, e.g. 10; got "
                            + thermalCycles);
                }
                features = features.withCycles(CycleSpec.of(thermalCycles).forChannels(List.of("temp")));
            }
            config = config.withFeatures(features);
            if (horizons != null && !horizons.isEmpty()) {
                config = config.withHorizons(horizons.stream().map(Horizon::parse).toList());
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        var fleet = storeOptions.settings().fleet();
        PrintWriter err = spec.commandLine().getErr();
        List<FleetModels.Outcome> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        try (var store = storeOptions.openForAnalysis()) {
            FleetModels models = new FleetModels(fleet, store.history(),
                    new StoreLabelSource(store.events()), config, Clock.systemUTC());
            List<FleetModels.Target> targets;
            try {
                targets = selection.all ? models.targets(Optional.empty(), Optional.empty())
                        : models.targets(Optional.of(selection.one.assetType),
                        Optional.ofNullable(selection.one.component));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), 2);
            }
            ModelRegistry registry = new ModelRegistry(storeOptions.dataDir().resolve("models"), Clock.systemUTC());
            for (int i = 0; i < targets.size(); i++) {
                FleetModels.Target target = targets.get(i);
                String prefix = String.format(Locale.ROOT, "[%s] %d/%d %s", bar(i, targets.size()), i + 1,
                        targets.size(), target.key());
                err.println(prefix);
                err.flush();
                FleetModels.Outcome o = models.train(target, registry, stage -> {
                    err.println(prefix + ": " + stage);
                    err.flush();
                });
                outcomes.add(o);
            }
            err.println("[" + bar(targets.size(), targets.size()) + "] done");
            err.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        print(outcomes, seconds);
        return outcomes.stream().anyMatch(o -> o.version().isPresent()) ? 0 : 1;
    }

    private static String bar(int done, int total) {
        int width = 20;
        int filled = total == 0 ? width : done * width / total;
        return "#".repeat(filled) + ".".repeat(width - filled);
    }

    private void print(List<FleetModels.Outcome> outcomes, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> m = new LinkedHashMap<>(FleetModels.Outcome.summary(outcomes));
            m.put("seconds", Math.round(seconds * 10) / 10.0);
            Json.print(out, m);
            return;
        }
        for (FleetModels.Outcome o : outcomes) {
            if (o.version().isPresent()) {
                Map<String, Object> f = o.figures();
                out.printf(Locale.ROOT, "%-34s %-32s %-9s holdout: %s failures, recall@72h %s, false alarms/asset-year"
                                + " %s, RUL RMSE %s h%n", o.key(), o.version().get().id(),
                        o.version().get().state().name().toLowerCase(Locale.ROOT), f.get("failures"),
                        f.get("recall_72h"), f.get("false_alarms_per_asset_year"), f.get("rul_rmse_hours"));
            } else {
                out.printf(Locale.ROOT, "%-34s skipped: %s%n", o.key(), o.skipped().orElse(""));
            }
        }
        out.printf(Locale.ROOT, "%d trained, %d skipped in %.1f s%n",
                outcomes.stream().filter(o -> o.version().isPresent()).count(),
                outcomes.stream().filter(o -> o.version().isEmpty()).count(), seconds);
        out.flush();
    }
}
