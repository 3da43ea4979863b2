package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.TrainerKind;
import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.engine.api.TrainingRunner;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion/challenger through the training runner, as {@code forecasts.retrain} runs it: on a small synthetic
 * fleet whose bearings announce failures days ahead, a challenger trained to look only 12 h ahead (which cannot
 * flag a failure 72 h ahead) is refused against a champion trained on the default horizons, and the other way
 * round the better challenger is promoted; both comparisons land in the event log. A challenger whose training
 * fails leaves the champion active.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChampionChallengerIT {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final int STEPS = 3000;
    static final String KEY = "test-asset.bearing";

    @TempDir
    static Path dir;
    Store store;
    Fleet fleet;
    final Clock clock = Clock.fixed(T0.plus(STEP.multipliedBy(STEPS + 1)), ZoneOffset.UTC);

    @BeforeAll
    void fleet() {
        AssetType type = new AssetType("test-asset", "synthetic", List.of(new ComponentType("bearing", "", List.of(
                ChannelSpec.number("temp", "degC").withPhysical(-50, 300),
                ChannelSpec.number("vibration", "mm/s").withPhysical(0, 100)))));
        Map<TwinId, TwinDefinition> twins = new LinkedHashMap<>();
        store = Store.open(dir.resolve("data"), StoreOptions.defaults());
        Random r = new Random(7);
        for (int i = 0; i < 8; i++) {
            TwinId twin = new TwinId("test", "asset-" + i);
            twins.put(twin, new TwinDefinition(twin, type, TwinAttributes.NONE));
            simulate(twin, r);
        }
        fleet = new Fleet("test", "", Map.of(type.name(), type), twins);
    }

    /** Bearings whose vibration and temperature rise over the last days before each failure. */
    private void simulate(TwinId twin, Random r) {
        List<Point> points = new ArrayList<>();
        List<Event> failures = new ArrayList<>();
        int end = 300 + r.nextInt(300);
        for (int t = 0; t < STEPS; t++) {
            if (t == end) {
                failures.add(new Event(T0.plus(STEP.multipliedBy(t)), twin, "bearing", EventKind.FAILURE,
                        Map.of("action", "failure-repair", "mode", "bearing-wear")));
                end = t + 1 + 350 + r.nextInt(300);
                continue;
            }
            double wear = Math.exp(-(end - t) / 80.0);
            long time = T0.plus(STEP.multipliedBy(t)).toEpochMilli();
            points.add(new Point(new SeriesKey(twin, "bearing", "vibration"), time, 2 + 6 * wear
                    + r.nextGaussian() * 0.3, QualityLevel.GOOD));
            points.add(new Point(new SeriesKey(twin, "bearing", "temp"), time, 60 + 8 * wear + r.nextGaussian(),
                    QualityLevel.GOOD));
        }
        store.history().append(points);
        store.events().append(failures);
    }

    @AfterAll
    void close() {
        store.close();
    }

    private static TrainingRunner.Request request(List<String> horizons, boolean challenge) {
        return new TrainingRunner.Request("test-asset", Optional.of("bearing"), Optional.of("cart"), horizons, "test",
                challenge);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> round(Map<String, Object> result) {
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) result.get("challenges");
        assertEquals(1, rounds.size(), result.toString());
        return rounds.get(0);
    }

    private List<Event> decisions(String decision) {
        return store.events().query(Optional.of(FleetModels.Challenge.LOG_TWIN), Instant.EPOCH, Instant.MAX).stream()
                .filter(e -> e.kind() == EventKind.AUDIT && decision.equals(e.details().get("decision"))).toList();
    }

    @Test
    void aWorseChallengerIsRefusedAndABetterOneIsPromoted() throws Exception {
        // The champion looks 72 h and 7 days ahead; the challenger only 12 h: refused.
        ModelRegistry registry = new ModelRegistry(dir.resolve("a").resolve("models"), clock);
        FleetTrainingRunner runner = new FleetTrainingRunner(fleet, store, registry, clock);
        runner.train(request(List.of(), false), (f, m) -> { });
        int champion = registry.active(KEY).orElseThrow().version();
        Map<String, Object> refused = round(runner.train(request(List.of("12h"), true), (f, m) -> { }));
        assertEquals("kept", refused.get("decision"), refused.toString());
        assertEquals(champion, registry.active(KEY).orElseThrow().version(), "the champion stays active");
        assertEquals(ModelState.CANDIDATE, registry.get(KEY, champion + 1).state(), "the challenger stays a candidate");
        double championRecall = recall(refused, "championFigures");
        double challengerRecall = recall(refused, "challengerFigures");
        assertTrue(championRecall > challengerRecall, refused.toString());
        Event kept = decisions("kept").get(0);
        assertEquals(KEY, kept.details().get("key"));
        assertTrue(kept.details().get("champion.figures").contains("recall_72h"), kept.toString());
        assertTrue(kept.details().get("challenger.figures").contains("recall_72h"), kept.toString());

        // The other way round: a 12 h champion, challenged by one on the default horizons: promoted.
        ModelRegistry other = new ModelRegistry(dir.resolve("b").resolve("models"), clock);
        FleetTrainingRunner runner2 = new FleetTrainingRunner(fleet, store, other, clock);
        runner2.train(request(List.of("12h"), false), (f, m) -> { });
        int weak = other.active(KEY).orElseThrow().version();
        Map<String, Object> promoted = round(runner2.train(request(List.of(), true), (f, m) -> { }));
        assertEquals("promoted", promoted.get("decision"), promoted.toString());
        assertEquals(weak + 1, other.active(KEY).orElseThrow().version());
        assertEquals(ModelState.RETIRED, other.get(KEY, weak).state());
        assertTrue(recall(promoted, "challengerFigures") > recall(promoted, "championFigures"), promoted.toString());
        assertEquals(1, decisions("promoted").size());
        // Its activation is recorded, so its monitor counts from now.
        assertEquals(clock.instant(), other.activatedAt(other.active(KEY).orElseThrow()));
    }

    @SuppressWarnings("unchecked")
    private static double recall(Map<String, Object> round, String which) {
        Object v = ((Map<String, Object>) round.get(which)).get(Evaluation.RECALL);
        return v == null ? 0 : ((Number) v).doubleValue();
    }

    @Test
    void whenTrainingTheChallengerFailsTheChampionStays() {
        ModelRegistry registry = new ModelRegistry(dir.resolve("c").resolve("models"), clock);
        ForecastConfig cart = ForecastConfig.defaults().withTrainer(TrainerKind.CART);
        FleetModels good = new FleetModels(fleet, store.history(), new StoreLabelSource(store.events()), cart, clock);
        FleetModels.Target target = good.targets(Optional.of("test-asset"), Optional.of("bearing")).get(0);
        good.train(target, registry, s -> { });
        int champion = registry.active(KEY).orElseThrow().version();
        // A configuration that needs more failures than the fleet has: training the challenger fails.
        ForecastConfig starved = new ForecastConfig(cart.step(), cart.horizons(), cart.rulCap(), cart.features(),
                cart.regimeChannels(), cart.maxRegimes(), cart.trainer(), cart.negativeStride(), cart.scoreEvery(),
                cart.alerts(), 10_000, cart.seed(), cart.peers(), cart.dutyCounters());
        FleetModels.Challenge c = new FleetModels(fleet, store.history(), new StoreLabelSource(store.events()), starved,
                clock).challenge(target, registry, s -> { });
        assertEquals("failed", c.decision(), c.toString());
        assertTrue(c.reason().contains("stays active"), c.reason());
        assertEquals(champion, registry.active(KEY).orElseThrow().version());
        assertEquals(1, registry.versions(KEY).size(), "no candidate registered");
    }
}
