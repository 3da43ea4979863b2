package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.model.DittoThing;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin forecast}: scores a data directory's twins now, on demand, without changing it. */
@Command(name = "forecast",
        mixinStandardHelpOptions = true,
        description = {"Forecast every twin component that has an active model, from the history in --data, as the"
                + " engine's scorer does, and print the forecasts ranked by failure probability within the longest"
                + " horizon.",
                "The data directory is only read (stop the engine that uses it first); --at scores as of an"
                        + " earlier time."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:forecast", "1:failed (e.g. no active models)", "2:bad usage"})
final class ForecastCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--at", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Score as of this time, e.g. 2026-06-01T00:00:00Z (default: now).")
    Instant at;

    @Option(names = "--twin", paramLabel = "ID", description = "Only this twin, e.g. baiyun:truck-07.")
    String twin;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20", description = "Forecasts to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Override
    public Integer call() {
        ModelRegistry registry = new ModelRegistry(storeOptions.dataDir().resolve("models"), Clock.systemUTC());
        if (registry.list().stream().noneMatch(v -> v.state() == ModelState.ACTIVE && ModelRegistry.isComponent(v))) {
            throw new CliException("no active forecast models in " + registry.root() + "; train them with"
                    + " 'minetwin train --data " + storeOptions.dataDir() + " --all'");
        }
        var fleet = storeOptions.settings().fleet();
        TwinId only = null;
        if (twin != null) {
            try {
                only = TwinId.parse(twin);
            } catch (IllegalArgumentException e) {
                throw new CliException("--twin: " + e.getMessage(), 2);
            }
            if (fleet.twin(only).isEmpty()) {
                throw new CliException("--twin " + twin + " is not in the fleet", 2);
            }
        }
        Clock clock = Clock.fixed(at != null ? at : Instant.now(), ZoneOffset.UTC);
        var twins = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
        for (TwinDefinition d : fleet.twins().values()) {
            if (only == null || d.id().equals(only)) {
                twins.register(d);
            }
        }
        int made;
        try (Store store = storeOptions.openForAnalysis();
             Store scratch = Store.inMemory(StoreOptions.defaults())) {
            Scorer scorer = new Scorer(twins, store.history(),
                    new StoreLabelSource(store.events()), scratch.history(), scratch.events(), registry,
                    Optional.empty(), clock);
            made = scorer.scoreAll();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Twin t : twins.twins()) {
            t.health().forEach((component, h) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("twin", t.id().toString());
                m.put("assetType", t.type().name());
                m.put("component", component);
                m.putAll(DittoThing.health(h));
                m.put("rank", h.failureProbability().values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
                rows.add(m);
            });
        }
        rows.sort(Comparator.comparingDouble((Map<String, Object> m) -> (Double) m.get("rank")).reversed());
        rows.forEach(m -> m.remove("rank"));
        List<Map<String, Object>> shown = rows.subList(0, Math.min(Math.max(top, 0), rows.size()));
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", clock.instant().toString());
            m.put("forecasts", made);
            m.put("ranked", shown);
            Json.print(out, m);
        } else {
            out.printf(Locale.ROOT, "%d forecasts as of %s; highest risk first:%n", made, clock.instant());
            for (Map<String, Object> m : shown) {
                @SuppressWarnings("unchecked")
                Map<String, Double> p = (Map<String, Double>) m.get("failureProbability");
                @SuppressWarnings("unchecked")
                Map<String, Object> rul = (Map<String, Object>) m.get("rul");
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> signals = (List<Map<String, Object>>) m.get("topSignals");
                out.printf(Locale.ROOT, "  %-34s %-20s %-8s health %5.1f  p %s  RUL %s h [%s, %s]%n", m.get("twin"),
                        m.get("component"), m.get("alertLevel"), (Double) m.get("score"), p,
                        rul == null ? "-" : rul.get("hours"), rul == null ? "-" : rul.get("lowerHours"),
                        rul == null ? "-" : rul.get("upperHours"));
                if (!signals.isEmpty()) {
                    out.println("      " + signals.get(0).get("label"));
                }
            }
        }
        out.flush();
        return 0;
    }
}
