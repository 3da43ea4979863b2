package io.minetwin.analytics.monitor;

import io.minetwin.analytics.forecast.ComponentModels;
import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.model.Event;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The monitor of each active model: its live figures since it became active ({@link LiveOutcomes}) beside
 * the backtest figures it was registered with, the drift of its inputs ({@link DriftAssessment}), and whether
 * to retrain it ("retrain recommended", with the reasons): when its inputs drifted, when its live recall at
 * 72 h fell more than {@link MonitorPolicy#recallMargin()} below the backtest's, or when its false alarms per
 * asset-year exceed the backtest's by more than {@link MonitorPolicy#falseAlarmMargin()}.
 */
public final class ModelMonitor {

    private final ModelRegistry registry;
    private final EventLog events;
    private final Function<String, List<TwinId>> twinsOfType;
    private final DriftTracker drift;
    private final MonitorPolicy policy;
    private final Clock clock;
    private final Map<String, ComponentModels> loaded = new ConcurrentHashMap<>();

    /**
     * @param twinsOfType the twins of an asset type, by its name
     * @param drift       where the scorer counted the scored rows
     */
    public ModelMonitor(ModelRegistry registry, EventLog events, Function<String, List<TwinId>> twinsOfType,
                        DriftTracker drift, MonitorPolicy policy, Clock clock) {
        this.registry = registry;
        this.events = events;
        this.twinsOfType = twinsOfType;
        this.drift = drift;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * A model's monitor.
     *
     * @param model       the active version's id
     * @param activeSince when it became active
     * @param live        how its forecasts turned out since
     * @param backtest    the figures it was registered with, if evaluated
     * @param drift       how far its inputs drifted
     * @param reasons     why to retrain it; empty when there is no reason
     */
    public record Report(String key, String model, Instant activeSince, LiveOutcomes.Figures live,
                         Optional<Evaluation> backtest, DriftAssessment drift, Duration driftWindow,
                         List<String> reasons) {
        public Report {
            reasons = List.copyOf(reasons);
        }

        public boolean retrainRecommended() {
            return !reasons.isEmpty();
        }

        /** As JSON. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("model", model);
            m.put("activeSince", activeSince.toString());
            m.put("live", live.toMap());
            Map<String, Object> b = new LinkedHashMap<>();
            backtest.ifPresent(e -> {
                b.put("holdout", e.holdout());
                b.put("recall_72h", e.metric(Evaluation.RECALL).orElse(null));
                b.put("false_alarms_per_asset_year", e.metric(Evaluation.FALSE_ALARMS).orElse(null));
                b.put("failures", e.metric("failures").orElse(null));
                b.put("median_lead_hours", e.metric("median_lead_hours").orElse(null));
            });
            m.put("backtest", backtest.isPresent() ? b : null);
            Map<String, Object> d = new LinkedHashMap<>(drift.toMap());
            d.put("window_days", driftWindow.toHours() / 24.0);
            m.put("drift", d);
            m.put("retrainRecommended", retrainRecommended());
            m.put("reasons", reasons);
            return m;
        }
    }

    /** The monitor of {@code key}'s active component model; empty when it has none. */
    public Optional<Report> report(String key) {
        Optional<ModelVersion> active = registry.active(key);
        if (active.isEmpty() || !ModelRegistry.isComponent(active.get())) {
            return Optional.empty();
        }
        ModelVersion v = active.get();
        ComponentModels models = loaded.computeIfAbsent(v.id() + "/" + v.sha256(), k -> registry.loadComponent(v));
        Instant now = clock.instant();
        Instant since = registry.activatedAt(v);
        Duration horizon = models.horizons().get(models.horizons().size() - 1).length();
        Map<TwinId, List<Event>> byTwin = new LinkedHashMap<>();
        for (TwinId twin : twinsOfType.apply(models.assetType())) {
            byTwin.put(twin, events.query(Optional.of(twin), since.minus(horizon), now.plusMillis(1)));
        }
        LiveOutcomes.Figures live = LiveOutcomes.compute(models.component(), byTwin, since, now, models.alerts().flag(),
                horizon);
        DriftAssessment assessment = drift.window(key, v.id(), models.reference())
                .map(w -> DriftAssessment.assess(w, models.importance(), now, policy)).orElse(DriftAssessment.none());
        List<String> reasons = new ArrayList<>();
        assessment.reason().ifPresent(reasons::add);
        reasons.addAll(performance(live, v.evaluation(), policy));
        return Optional.of(new Report(key, v.id(), since, live, v.evaluation(), assessment, DriftTracker.WINDOW,
                reasons));
    }

    /** Reasons to retrain from the live figures against the backtest's; none while too few events are known. */
    static List<String> performance(LiveOutcomes.Figures live, Optional<Evaluation> backtest, MonitorPolicy policy) {
        List<String> out = new ArrayList<>();
        if (backtest.isEmpty()) {
            return out;
        }
        Optional<Double> recall = backtest.get().metric(Evaluation.RECALL);
        if (recall.isPresent() && live.failures().size() >= policy.minFailures()
                && live.recall72() < recall.get() - policy.recallMargin()) {
            out.add(String.format(Locale.ROOT, "live recall at 72 h %.2f (%d of %d failures since activation) is"
                            + " below the backtest's %.2f by more than %.2f", live.recall72(), live.flagged72(),
                    live.failures().size(), recall.get(), policy.recallMargin()));
        }
        Optional<Double> fa = backtest.get().metric(Evaluation.FALSE_ALARMS);
        if (fa.isPresent() && live.falseAlarms() >= policy.minFalseAlarms()
                && live.falseAlarmsPerAssetYear() > fa.get() + policy.falseAlarmMargin()) {
            out.add(String.format(Locale.ROOT, "live false alarms %.2f per asset-year (%d) exceed the backtest's %.2f"
                            + " by more than %.2f", live.falseAlarmsPerAssetYear(), live.falseAlarms(), fa.get(),
                    policy.falseAlarmMargin()));
        }
        return out;
    }
}
