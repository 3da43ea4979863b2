package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.TrainerKind;
import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.forecast.AlertPolicy;
import io.minetwin.analytics.forecast.Horizon;
import io.minetwin.model.AlertLevel;
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
import java.util.EnumSet;
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
 * Champion/challenger as {@code forecasts.retrain} runs it: on a small synthetic fleet whose bearings announce
 * failures days ahead, a challenger trained to look only 24 h ahead (which can hardly flag a failure 72 h ahead)
 * is refused against a champion that also looks 72 h ahead, and the other way round the better challenger is
 * promoted; the comparison is written to the event log. A challenger whose training fails leaves the champion
 * active.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChampionChallengerIT {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final int STEPS = 2500;
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
        for (int i = 0; i < 10; i++) {
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
        int end = 200 + r.nextInt(200);
        for (int t = 0; t < STEPS; t++) {
            if (t == end) {
                failures.add(new Event(T0.plus(STEP.multipliedBy(t)), twin, "bearing", EventKind.FAILURE,
                        Map.of("action", "failure-repair", "mode", "bearing-wear")));
                end = t + 1 + 200 + r.nextInt(200);
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

    /** A small, quick configuration: hourly rows, 6 h and 24 h windows, CART, forecasting {@code horizons} ahead. */
    static ForecastConfig config(String... horizons) {
        return new ForecastConfig(STEP, java.util.Arrays.stream(horizons).map(Horizon::parse).toList(),
                Duration.ofDays(10), new FeatureSpec(List.of(6, 24), EnumSet.of(Stat.MEAN, Stat.MAX, Stat.SLOPE), false),
                List.of(), 1, TrainerKind.CART, 4, Duration.ofHours(3),
                new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING), 2, 7, false, List.of());
    }

    FleetModels models(ForecastConfig config) {
        return new FleetModels(fleet, store.history(), new StoreLabelSource(store.events()), config, clock);
    }

    /** Trains and registers with {@code config}; the first version of the key becomes active. */
    int champion(ModelRegistry registry, ForecastConfig config) {
        FleetModels m = models(config);
        FleetModels.Outcome o = m.train(target(m), registry, s -> { });
        assertTrue(o.version().isPresent(), o.toMap().toString());
        return registry.active(KEY).orElseThrow().version();
    }

    static FleetModels.Target target(FleetModels m) {
        return m.targets(Optional.of("test-asset"), Optional.of("bearing")).get(0);
    }

    private List<Event> decisions(String decision) {
        return store.events().query(Optional.of(FleetModels.Challenge.LOG_TWIN), Instant.EPOCH, Instant.MAX).stream()
                .filter(e -> e.kind() == EventKind.AUDIT && decision.equals(e.details().get("decision"))).toList();
    }

    static double recall(Optional<Evaluation> e) {
        return e.orElseThrow().metric(Evaluation.RECALL).orElse(0.0);
    }

    @Test
    void aWorseChallengerIsRefusedAndABetterOneIsPromoted() {
        // The champion looks 24 h and 72 h ahead; the challenger only 24 h, so it cannot flag failures 72 h ahead.
        ForecastConfig good = config("24h", "72h");
        ForecastConfig weak = config("24h");
        ModelRegistry registry = new ModelRegistry(dir.resolve("a").resolve("models"), clock);
        int champion = champion(registry, good);
        FleetModels.Challenge refused = models(weak).challenge(target(models(weak)), registry, s -> { });
        assertEquals("kept", refused.decision(), refused.toMap().toString());
        assertTrue(refused.reason().contains("does not beat"), refused.reason());
        assertEquals(champion, registry.active(KEY).orElseThrow().version(), "the champion stays active");
        assertEquals(ModelState.CANDIDATE, registry.get(KEY, champion + 1).state(), "the challenger stays a candidate");
        assertTrue(recall(refused.championOnHoldout()) > recall(refused.challengerOnHoldout()), refused.toMap().toString());
        assertEquals(refused.championOnHoldout().orElseThrow().holdout(),
                refused.challengerOnHoldout().orElseThrow().holdout(), "compared on the same holdout");
        // The comparison as the event log keeps it: both figures, the decision and why.
        store.events().append(List.of(refused.toEvent(clock.instant())));
        Event kept = decisions("kept").get(0);
        assertEquals(KEY, kept.details().get("key"));
        assertEquals("bearing", kept.component());
        assertTrue(kept.details().get("champion.figures").contains("recall_72h"), kept.toString());
        assertTrue(kept.details().get("challenger.figures").contains("recall_72h"), kept.toString());
        assertEquals(refused.reason(), kept.details().get("reason"));

        // The other way round: a 24 h champion, challenged by one that also looks 72 h ahead: promoted.
        ModelRegistry other = new ModelRegistry(dir.resolve("b").resolve("models"), clock);
        int weakChampion = champion(other, weak);
        FleetModels.Challenge promoted = models(good).challenge(target(models(good)), other, s -> { });
        assertEquals("promoted", promoted.decision(), promoted.toMap().toString());
        assertEquals(weakChampion + 1, other.active(KEY).orElseThrow().version());
        assertEquals(ModelState.RETIRED, other.get(KEY, weakChampion).state());
        assertTrue(recall(promoted.challengerOnHoldout()) > recall(promoted.championOnHoldout()),
                promoted.toMap().toString());
        // Its activation is recorded, so its monitor counts from now.
        assertEquals(clock.instant(), other.activatedAt(other.active(KEY).orElseThrow()));
    }

    @Test
    void whenTrainingTheChallengerFailsTheChampionStays() {
        ModelRegistry registry = new ModelRegistry(dir.resolve("c").resolve("models"), clock);
        ForecastConfig cart = config("24h", "72h");
        int champion = champion(registry, cart);
        FleetModels.Target target = target(models(cart));
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
