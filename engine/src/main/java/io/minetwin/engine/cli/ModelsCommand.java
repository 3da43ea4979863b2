package io.minetwin.engine.cli;

import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.registry.PromoteOutcome;
import io.minetwin.analytics.registry.RegistryException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minetwin models}: the model registry of a data directory (its {@code models/} folder). */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = "List, show, promote and roll back the model versions in a data directory's registry.",
        subcommands = {CommandLine.HelpCommand.class, ModelsCommand.List.class, ModelsCommand.Show.class,
                ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ModelRegistry registry(StoreOptionsMixin options) {
        return new ModelRegistry(options.dataDir().resolve("models"), Clock.systemUTC());
    }

    static Map<String, Object> describe(ModelVersion v, boolean full) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("key", v.key());
        m.put("version", v.version());
        m.put("state", v.state().name().toLowerCase(Locale.ROOT));
        m.put("created", v.created().toString());
        v.evaluation().ifPresent(e -> m.put("evaluation", evaluation(e)));
        m.put("trained_from", v.trainedFrom().toString());
        m.put("trained_to", v.trainedTo().toString());
        m.put("labels", new java.util.TreeMap<>(v.labels()));
        m.put("features", full ? v.features() : v.features().size());
        if (full) {
            m.put("assets", v.assets());
            m.put("provenance", new java.util.TreeMap<>(v.provenance()));
            m.put("sha256", v.sha256());
        } else {
            m.put("assets", v.assets().size());
        }
        return m;
    }

    private static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("holdout", e.holdout());
        m.put("rmse", e.rmse());
        m.put("score", e.score());
        m.put("units", e.units());
        if (!e.metrics().isEmpty()) {
            m.put("metrics", new LinkedHashMap<>(e.metrics()));
        }
        return m;
    }

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every version of every model key.")
    static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            java.util.List<ModelVersion> versions = registry(storeOptions).list();
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                Json.print(out, Map.of("models", versions.stream().map(v -> describe(v, false)).toList()));
            } else if (versions.isEmpty()) {
                out.println("no models registered in " + registry(storeOptions).root()
                        + "; train some with 'minetwin train' or 'minetwin benchmark cmapss'");
            } else {
                out.printf("%-40s %-9s %-20s %s%n", "MODEL", "STATE", "CREATED", "EVALUATION");
                for (ModelVersion v : versions) {
                    out.printf("%-40s %-9s %-20s %s%n", v.id(), v.state().name().toLowerCase(Locale.ROOT),
                            v.created().toString().substring(0, Math.min(19, v.created().toString().length())),
                            v.evaluation().map(e -> e.headline() + " on " + e.holdout()).orElse("-"));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code models show KEY@VERSION} or {@code models show KEY} (the active version). */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One version with its provenance, features, training window, assets and evaluation; for"
                    + " the active version also its monitor: live figures since it became active against the"
                    + " backtest's, the drift of its inputs, and whether a retrain is recommended.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "MODEL", description = "KEY@VERSION, e.g. haul-truck.engine@2, or KEY for the active version.")
        String model;

        @Override
        public Integer call() {
            ModelRegistry registry = registry(storeOptions);
            ModelVersion v = resolve(registry, model);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> m = describe(v, true);
            if (v.state() == io.minetwin.analytics.registry.ModelState.ACTIVE && ModelRegistry.isComponent(v)) {
                try {
                    m.put("monitor", monitor(registry, v).toMap());
                } catch (RuntimeException e) {
                    m.put("monitor", Map.of("unavailable", e.getMessage() + "; a running engine serves it at GET"
                            + " /api/models/" + v.key() + "/monitor"));
                }
            }
            if (json.enabled) {
                Json.print(out, m);
            } else {
                Object monitor = m.remove("monitor");
                m.forEach((k, val) -> out.println(k + ": " + val));
                if (monitor instanceof Map<?, ?> mon) {
                    printMonitor(out, mon);
                }
            }
            out.flush();
            return 0;
        }

        /** The monitor of active version {@code v}, from the data directory's event log and the kept drift counts. */
        private io.minetwin.analytics.monitor.ModelMonitor.Report monitor(ModelRegistry registry, ModelVersion v) {
            java.util.function.Function<String, java.util.List<io.minetwin.model.TwinId>> twins;
            try {
                var fleet = storeOptions.settings().fleet();
                twins = type -> fleet.ofType(type).stream().map(io.minetwin.model.TwinDefinition::id).toList();
            } catch (RuntimeException noFleet) {
                // Without a fleet configuration, the twins the model was trained on.
                twins = type -> v.assets().stream().map(io.minetwin.model.TwinId::parse).toList();
            }
            if (!io.minetwin.store.Store.exists(storeOptions.dataDir())) {
                throw new IllegalStateException("no event log in " + storeOptions.dataDir());
            }
            try (var store = storeOptions.openForAnalysis()) {
                var monitor = new io.minetwin.analytics.monitor.ModelMonitor(registry, store.events(), twins,
                        new io.minetwin.analytics.monitor.DriftTracker(registry.root().resolveSibling("monitor")),
                        io.minetwin.analytics.monitor.MonitorPolicy.defaults(), Clock.systemUTC());
                return monitor.report(v.key()).orElseThrow(() -> new IllegalStateException(v.id()
                        + " is no longer active"));
            }
        }

        private static void printMonitor(PrintWriter out, Map<?, ?> m) {
            out.println("monitor:");
            if (m.containsKey("unavailable")) {
                out.println("  unavailable: " + m.get("unavailable"));
                return;
            }
            out.println("  active since: " + m.get("activeSince"));
            if (m.get("live") instanceof Map<?, ?> live) {
                out.printf(Locale.ROOT, "  live:     recall_72h %s (%s of %s failures flagged 72 h ahead, median lead"
                                + " %s h), false alarms/asset-year %s (%s false, %s open of %s alerts, %s asset-years)%n",
                        live.get("recall_72h"), live.get("flagged_72h"), live.get("failures"),
                        live.get("median_lead_hours"), live.get("false_alarms_per_asset_year"), live.get("false_alarms"),
                        live.get("open_alerts"), live.get("alerts"), live.get("asset_years"));
            }
            if (m.get("backtest") instanceof Map<?, ?> b) {
                out.printf(Locale.ROOT, "  backtest: recall_72h %s, false alarms/asset-year %s on %s%n",
                        b.get("recall_72h"), b.get("false_alarms_per_asset_year"), b.get("holdout"));
            } else {
                out.println("  backtest: none recorded");
            }
            if (m.get("drift") instanceof Map<?, ?> d) {
                out.printf(Locale.ROOT, "  drift:    %s scored rows in the last %s days, importance-weighted PSI %s,"
                        + " drifted features carry %s of the importance%n", d.get("rows"), d.get("window_days"),
                        d.get("weighted_psi"), d.get("drifted_importance_share"));
                if (d.get("top") instanceof java.util.List<?> top) {
                    for (Object f : top) {
                        if (f instanceof Map<?, ?> fm) {
                            out.printf(Locale.ROOT, "            %s: PSI %s (importance %s)%n", fm.get("feature"),
                                    fm.get("psi"), fm.get("importance"));
                        }
                    }
                }
            }
            boolean retrain = Boolean.TRUE.equals(m.get("retrainRecommended"));
            out.println("  retrain recommended: " + (retrain ? "yes" : "no"));
            if (m.get("reasons") instanceof java.util.List<?> reasons) {
                reasons.forEach(r -> out.println("    - " + r));
            }
        }
    }

    /** {@code models promote KEY@VERSION [--force]}. */
    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Make a candidate the active version; refused when it evaluates worse than the active one"
                    + " on the same holdout, unless --force.")
    static final class Promote implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "MODEL", description = "KEY@VERSION, e.g. haul-truck.engine@2.")
        String model;
        @Option(names = "--force", description = "Promote even when it evaluates worse than the active version.")
        boolean force;

        @Override
        public Integer call() {
            ModelRegistry registry = registry(storeOptions);
            ModelVersion v = resolve(registry, model);
            PromoteOutcome outcome = registry.promote(v.key(), v.version(), force);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", v.id());
            int code;
            if (outcome instanceof PromoteOutcome.Promoted p) {
                m.put("promoted", true);
                m.put("previous", p.previous() == 0 ? null : v.key() + "@" + p.previous());
                code = 0;
            } else {
                m.put("promoted", false);
                m.put("reason", ((PromoteOutcome.Refused) outcome).reason());
                code = 1;
            }
            CliAudit.record(storeOptions.dataDir(), "models promote" + (force ? " --force" : ""), v.id(),
                    code == 0 ? "promoted" : "refused: " + m.get("reason"));
            if (json.enabled) {
                Json.print(out, m);
            } else if (code == 0) {
                out.println(v.id() + " is now active" + (m.get("previous") != null ? "; it replaces " + m.get("previous")
                        : ""));
            } else {
                spec.commandLine().getErr().println("not promoted: " + m.get("reason"));
                spec.commandLine().getErr().flush();
            }
            out.flush();
            return code;
        }
    }

    /** {@code models rollback KEY}. */
    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Make the previously active version of a key active again.")
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        StoreOptionsMixin storeOptions;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "KEY", description = "The model key, e.g. haul-truck.engine.")
        String key;

        @Override
        public Integer call() {
            ModelVersion active;
            try {
                active = registry(storeOptions).rollback(key);
            } catch (RegistryException | IllegalArgumentException e) {
                CliAudit.record(storeOptions.dataDir(), "models rollback", key, "refused: " + e.getMessage());
                throw new CliException(e.getMessage());
            }
            CliAudit.record(storeOptions.dataDir(), "models rollback", key, "ok: " + active.id() + " active");
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled) {
                Json.print(out, Map.of("key", key, "active", active.id()));
            } else {
                out.println(active.id() + " is active again");
            }
            out.flush();
            return 0;
        }
    }

    /** {@code KEY@VERSION}, or {@code KEY} for its active version. */
    static ModelVersion resolve(ModelRegistry registry, String text) {
        try {
            int at = text.lastIndexOf('@');
            if (at < 0) {
                return registry.active(text).orElseThrow(() -> new CliException("model key '" + text
                        + "' has no active version; name one as KEY@VERSION (see 'minetwin models list')"));
            }
            int version;
            try {
                version = Integer.parseInt(text.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new CliException("'" + text + "' must be KEY@VERSION with a whole version number, e.g."
                        + " haul-truck.engine@2", 2);
            }
            return registry.get(text.substring(0, at), version);
        } catch (RegistryException | IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }
}
