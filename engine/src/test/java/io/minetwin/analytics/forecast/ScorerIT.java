package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.rul.Life;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer over the RocksDB store (its hourly rollups decide which rows a long life reads). It lives in the
 * engine module, the one that sees both analytics and the store, in the scorer's package so that it can
 * compare the rows the scorer reads with the whole life's.
 */
class ScorerIT {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final List<String> CHANNELS = List.of("current", "de-bearing-vibration", "winding-temp");
    /** With a healthy peer motor and the machine's cycle counter, so the scorer's partial reads cover both. */
    static final Inputs INPUTS = new Inputs(CHANNELS, List.of("hoist-motor-2"), List.of("machine/cycles"));

    @TempDir
    Path dir;

    /**
     * Six shovels run to hoist-motor bearing failures; models trained on them; then a seventh shovel is
     * scored twice as its bearing degrades: the twin gets the forecast, the history gets forecast series,
     * and the alert is raised once and escalates.
     */
    @Test
    void scoringWritesHealthIntoTheTwinForecastHistoryAndAlertEvents() {
        ForecastConfig config = new ForecastConfig(STEP, List.of(Horizon.parse("24h"), Horizon.parse("72h")),
                Duration.ofDays(10), new FeatureSpec(List.of(6, 24), EnumSet.of(Stat.MEAN, Stat.MAX, Stat.SLOPE), true),
                List.of(), 1, TrainerKind.CART, 4, Duration.ofHours(3),
                new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING), 2, 3, false, List.of());
        Random r = new Random(11);
        List<TwinId> trainTwins = new ArrayList<>();
        int steps = 3000;
        var clock = new TwinFixtures.ManualClock(T0.plus(STEP.multipliedBy(steps)));
        try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults())) {
            for (int i = 0; i < 6; i++) {
                TwinId twin = new TwinId("baiyun", "shovel-" + (10 + i));
                trainTwins.add(twin);
                simulate(store, twin, r, steps, 400 + r.nextInt(300));
            }
            TwinId live = new TwinId("baiyun", "shovel-99");
            // Its bearing fails at step 'steps + 30': the scorer runs before that.
            simulateUntil(store, live, r, steps, steps + 30);

            var history = store.history();
            var labels = new StoreLabelSource(store.events());
            ComponentTrainer trainer = new ComponentTrainer(config);
            List<Life> lives = new ArrayList<>();
            for (TwinId t : trainTwins) {
                lives.addAll(trainer.lives(history, labels, t, "hoist-motor", INPUTS, T0, T0.plus(STEP.multipliedBy(steps))));
            }
            var split = ComponentTrainer.split(trainTwins, T0, T0.plus(STEP.multipliedBy(steps)), 0.2, 0.8, 3);
            var trained = trainer.train("electric-shovel", "hoist-motor", INPUTS, lives, split, clock, s -> { });
            ModelRegistry registry = new ModelRegistry(dir.resolve("data").resolve("models"), clock);
            var version = registry.register("electric-shovel.hoist-motor", trained.models(),
                    new ModelRegistry.Training(T0, split.cut(), List.of(), trained.labels()), Optional.empty());

            InMemoryTwinRepository twins = TwinFixtures.repository(clock);
            twins.register(new TwinDefinition(live, TwinFixtures.shovelType(), TwinAttributes.NONE));
            Scorer scorer = new Scorer(twins, history, labels, store.history(), store.events(), registry,
                    Optional.of(config.alerts()), clock);

            clock.set(T0.plus(STEP.multipliedBy(steps - 200)));
            assertEquals(1, scorer.scoreAll());
            ComponentHealth early = twins.twin(live).orElseThrow().health("hoist-motor").orElseThrow();
            assertEquals(AlertLevel.OK, early.alert(), early.toString());
            assertEquals(version.id(), early.modelVersion());
            // The scorer reads the life's first rows and its latest ones only; the forecast is the one the
            // whole life gives.
            var full = new io.minetwin.analytics.features.FrameBuilder(STEP).build(history, live, "hoist-motor",
                    INPUTS.reads(), T0, clock.instant().plus(STEP));
            var whole = trained.models().predict(full, new int[] {full.rows() - 1}).get(0);
            var partial = scorer.frame(live, "hoist-motor", trained.models(), T0, clock.instant());
            assertTrue(partial.frame().rows() < full.rows() / 10, "reads " + partial.frame().rows() + " rows");
            // Every feature, the peer differences and the cycles since renewal included, is the whole life's.
            assertTrue(trained.models().featureNames().containsAll(List.of("de-bearing-vibration-vs-peers.last",
                    "cycles-since-renewal.last")), trained.models().featureNames().toString());
            assertArrayEquals(trained.models().featureRows(full, new int[] {full.rows() - 1})[0],
                    trained.models().lastRow(partial.frame(), partial.ageRows()), 1e-6);
            assertEquals(whole.probability()[1], early.probability("72h").orElseThrow(), 1e-3);
            assertEquals(whole.health(), early.score(), 0.1);

            clock.set(T0.plus(STEP.multipliedBy(steps + 20)));
            assertEquals(1, scorer.scoreAll());
            ComponentHealth late = twins.twin(live).orElseThrow().health("hoist-motor").orElseThrow();
            assertTrue(late.alert().atLeast(AlertLevel.WARNING), late.toString());
            assertTrue(late.probability("72h").orElseThrow() > early.probability("72h").orElseThrow());
            assertTrue(late.score() < early.score(), "health falls: " + early.score() + " -> " + late.score());
            assertFalse(late.topSignals().isEmpty());
            assertTrue(late.rul().orElseThrow().hours() < early.rul().orElseThrow().hours());

            var series = store.history().read(new SeriesKey(live, "hoist-motor", "forecast-p-72h"), 0, Long.MAX_VALUE);
            assertEquals(2, series.size(), "one forecast point per run");
            List<Event> alerts = store.events().query(Optional.of(live), T0, T0.plus(STEP.multipliedBy(steps + 40)))
                    .stream().filter(e -> e.kind() == EventKind.ALERT).toList();
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals("raised", alerts.get(0).details().get("action"));
            assertEquals(late.alert().id(), alerts.get(0).details().get("level"));
            assertTrue(alerts.get(0).details().get("alert").startsWith("baiyun:shovel-99.hoist-motor."));
            assertEquals(2, scorer.status().forecasts());
        }
    }

    private static void simulate(Store store, TwinId twin, Random r, int steps, int lifeSteps) {
        int end = lifeSteps;
        List<Point> points = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        int start = 0;
        for (int t = 0; t < steps; t++) {
            if (t == end) {
                events.add(new Event(T0.plus(STEP.multipliedBy(t)), twin, "hoist-motor", EventKind.FAILURE,
                        Map.of("action", "failure-repair", "mode", "bearing-wear")));
                start = t + 1;
                end = start + 400 + r.nextInt(300);
                continue;
            }
            add(points, twin, t, end, r);
        }
        store.history().append(points);
        store.events().append(events);
    }

    private static void simulateUntil(Store store, TwinId twin, Random r, int steps, int failureStep) {
        List<Point> points = new ArrayList<>();
        for (int t = 0; t <= steps + 25; t++) {
            add(points, twin, t, failureStep, r);
        }
        store.history().append(points);
    }

    private static void add(List<Point> points, TwinId twin, int t, int end, Random r) {
        double wear = Math.exp(-(end - t) / 40.0);
        long time = T0.plus(STEP.multipliedBy(t)).toEpochMilli();
        points.add(new Point(new SeriesKey(twin, "hoist-motor", "de-bearing-vibration"), time,
                1.5 + 6 * wear + r.nextGaussian() * 0.2, QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "hoist-motor", "winding-temp"), time, 95 + 5 * wear + r.nextGaussian(),
                QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "hoist-motor", "current"), time, 1500 + r.nextGaussian() * 50,
                QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "hoist-motor-2", "de-bearing-vibration"), time,
                1.5 + r.nextGaussian() * 0.2, QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "hoist-motor-2", "winding-temp"), time, 95 + r.nextGaussian(),
                QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "hoist-motor-2", "current"), time, 1500 + r.nextGaussian() * 50,
                QualityLevel.GOOD));
        points.add(new Point(new SeriesKey(twin, "machine", "cycles"), time, 5_000 + 110.0 * t, QualityLevel.GOOD));
    }
}
