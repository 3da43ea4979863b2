package io.minetwin.engine.analytics;

import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Horizon;
import io.minetwin.analytics.forecast.TrainerKind;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.engine.api.TrainingRunner;
import io.minetwin.model.Fleet;
import io.minetwin.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trains component forecasts for {@code POST /api/train} and the retraining schedule from the running engine's
 * own store; a {@linkplain Request#challenge() challenge} request runs champion/challenger rounds.
 */
public final class FleetTrainingRunner implements TrainingRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetTrainingRunner.class);

    private final Fleet fleet;
    private final Store store;
    private final ModelRegistry registry;
    private final Clock clock;

    public FleetTrainingRunner(Fleet fleet, Store store, ModelRegistry registry, Clock clock) {
        this.fleet = fleet;
        this.store = store;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> train(Request request, Progress progress) {
        ForecastConfig config = ForecastConfig.defaults();
        if (request.trainer().isPresent()) {
            config = config.withTrainer(TrainerKind.parse(request.trainer().get()));
        }
        if (!request.horizons().isEmpty()) {
            config = config.withHorizons(request.horizons().stream().map(Horizon::parse).toList());
        }
        FleetModels models = new FleetModels(fleet, store.history(),
                new StoreLabelSource(store.events()), config, clock);
        List<FleetModels.Target> targets = models.targets(Optional.of(request.assetType()), request.component());
        if (request.challenge()) {
            return challenge(models, targets, progress);
        }
        List<FleetModels.Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            FleetModels.Target t = targets.get(i);
            double done = i / (double) targets.size();
            progress.report(done, t.key());
            outcomes.add(models.train(t, registry, stage -> progress.report(done, t.key() + ": " + stage)));
        }
        progress.report(1, "done");
        return FleetModels.Outcome.summary(outcomes);
    }

    /**
     * Champion/challenger for each target with an active model; every decision (both figures, the decision and
     * why) is written to the event log as it is made.
     */
    private Map<String, Object> challenge(FleetModels models, List<FleetModels.Target> targets, Progress progress) {
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            FleetModels.Target t = targets.get(i);
            if (registry.active(t.key()).isEmpty()) {
                continue;
            }
            double done = i / (double) targets.size();
            progress.report(done, t.key() + ": champion/challenger");
            FleetModels.Challenge c = models.challenge(t, registry, stage -> progress.report(done, t.key() + ": "
                    + stage));
            store.events().append(List.of(c.toEvent(clock.instant())));
            LOG.info("champion/challenger {}: {} ({})", t.key(), c.decision(), c.reason());
            rounds.add(c.toMap());
        }
        progress.report(1, "done");
        return Map.of("challenges", rounds);
    }
}
