package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.Life;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComponentForecastIT {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final int STEPS = 6000;
    static final List<String> CHANNELS = List.of("temp", "vibration");

    final Clock clock = Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC);
    final ForecastConfig config = new ForecastConfig(STEP, List.of(Horizon.parse("24h"), Horizon.parse("72h")),
            Duration.ofDays(10), new FeatureSpec(List.of(6, 24), EnumSet.of(Stat.MEAN, Stat.MAX, Stat.SLOPE), true),
            List.of(), 1, TrainerKind.XGBOOST, 4, Duration.ofHours(3),
            new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING), 2, 7, false, List.of());
    final MemorySources sources = new MemorySources();
    final List<TwinId> twins = new ArrayList<>();
    final List<Event> failures = new ArrayList<>();
    final ComponentTrainer trainer = new ComponentTrainer(config);
    List<Life> lives;
    ComponentTrainer.Split split;
    ComponentTrainer.Trained trained;

    /** Ten twins whose bearing vibration and temperature grow over the last days before each failure. */
    @BeforeAll
    void train() {
        Random r = new Random(5);
        for (int i = 0; i < 10; i++) {
            TwinId twin = new TwinId("test", "asset-" + i);
            twins.add(twin);
            int end = 500 + r.nextInt(600);
            int start = 0;
            for (int t = 0; t < STEPS; t++) {
                if (t == end) {
                    Event failure = new Event(T0.plus(STEP.multipliedBy(t)), twin, "bearing", EventKind.FAILURE,
                            Map.of("action", "failure-repair", "mode", "bearing-wear"));
                    sources.add(failure);
                    failures.add(failure);
                    start = t + 1;
                    end = start + 500 + r.nextInt(600);
                    continue;
                }
                double wear = Math.exp(-(end - t) / 40.0);
                long time = T0.plus(STEP.multipliedBy(t)).toEpochMilli();
                sources.add(new SeriesKey(twin, "bearing", "vibration"), time, 2 + 6 * wear + r.nextGaussian() * 0.3);
                sources.add(new SeriesKey(twin, "bearing", "temp"), time, 60 + 8 * wear + r.nextGaussian()
                        + (t - start) * 0.0005);
            }
        }
        lives = new ArrayList<>();
        for (TwinId twin : twins) {
            lives.addAll(trainer.lives(sources, sources, twin, "bearing", Inputs.of(CHANNELS), T0, T0.plus(STEP.multipliedBy(STEPS))));
        }
        split = ComponentTrainer.split(twins, T0, T0.plus(STEP.multipliedBy(STEPS)), 0.3, 0.75, 7);
        trained = trainer.train("test-asset", "bearing", Inputs.of(CHANNELS), lives, split, clock, s -> { });
    }

    @Test
    void learnsOnlyFromTrainingTwinsBeforeTheCut() {
        long expected = failures.stream().filter(f -> !split.holdout().contains(f.twin())
                && f.time().isBefore(split.cut())).count();
        assertEquals(expected, trained.labels().get("failures"));
        assertEquals(3, split.holdout().size());
    }

    @Test
    void failureProbabilityRisesBeforeFailuresOfHeldOutTwins() {
        double near = 0;
        int nNear = 0;
        double far = 0;
        int nFar = 0;
        for (Life life : lives) {
            if (!split.holdout().contains(life.twin()) || !life.failed()) {
                continue;
            }
            long[] times = life.frame().times();
            int[] rows = new int[times.length];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            List<ComponentModels.Point> points = trained.models().predict(life.frame(), rows);
            for (ComponentModels.Point p : points) {
                long remaining = life.failureTime().getAsLong() - p.time();
                if (remaining <= Duration.ofHours(12).toMillis()) {
                    near += p.probability()[0];
                    nNear++;
                } else if (remaining >= Duration.ofHours(300).toMillis()) {
                    far += p.probability()[0];
                    nFar++;
                }
                assertTrue(p.probability()[1] >= p.probability()[0], "72 h at least as likely as 24 h");
                assertTrue(p.rulLow() <= p.rulSteps() && p.rulSteps() <= p.rulHigh());
                assertTrue(p.rulHigh() <= trained.models().rulCap(), "no bound beyond the cap");
            }
        }
        assertTrue(nNear > 0 && nFar > 0);
        assertTrue(near / nNear > 0.5, "close to failure: " + near / nNear);
        assertTrue(far / nFar < 0.1, "far from failure: " + far / nFar);
    }

    @Test
    void backtestFlagsHeldOutFailuresAheadWithFewFalseAlarms() {
        Backtest.Tally tally = new Backtest.Tally();
        Instant to = T0.plus(STEP.multipliedBy(STEPS));
        for (TwinId twin : split.holdout()) {
            tally.add(new Backtest(config).run(trained.models(), lives.stream().filter(l -> l.twin().equals(twin)).toList(),
                    split.cut(), to, t -> Optional.empty()));
        }
        Map<String, Object> f = tally.figures(3 * Duration.between(split.cut(), to).toDays() / 365.25);
        assertTrue(tally.failures() >= 2, f.toString());
        assertTrue((Double) f.get("recall") >= 0.6, f.toString());
        assertTrue(tally.falseAlarms() <= 1, f.toString());
        // Each failure is listed with its lead, and the list agrees with the counts.
        List<Backtest.Outcome> outcomes = tally.outcomes();
        assertEquals(tally.failures(), outcomes.size());
        assertEquals(f.get("flagged"), outcomes.stream().filter(Backtest.Outcome::flagged).count());
        for (Backtest.Outcome o : outcomes) {
            assertTrue(split.holdout().contains(o.twin()) && o.component().equals("bearing"), o.toString());
            assertTrue(!o.time().isBefore(split.cut()) && o.time().isBefore(to), o.toString());
            assertEquals(o.flagged(), !Double.isNaN(o.leadHours()), o.toString());
            Object lead = o.toMap().get("lead_hours");
            if (o.flagged()) {
                assertEquals(o.leadHours(), (Double) lead, 0.001);
            } else {
                assertNull(lead);
            }
        }
    }

    @Test
    void signalsNameTheDegradingChannel() {
        Life life = lives.stream().filter(l -> l.failed() && split.holdout().contains(l.twin())).findFirst().orElseThrow();
        int last = life.frame().rows() - 1;
        var point = trained.models().predict(life.frame(), new int[] {last}).get(0);
        var signals = trained.models().signals(point.x());
        assertTrue(!signals.isEmpty());
        assertTrue(signals.get(0).feature().startsWith("bearing."), signals.toString());
        assertTrue(signals.stream().mapToDouble(s -> s.weight()).sum() <= 1 + 1e-9);
        assertTrue(point.health() < 50, "health just before a failure: " + point.health());
        assertEquals(AlertLevel.CRITICAL, config.alerts().level(point.probability()[0], point.probability()[1],
                point.health()));
    }

    @Test
    void registeredModelsLoadBackAndPredictTheSame(@TempDir Path dir) {
        ModelRegistry registry = new ModelRegistry(dir, clock);
        ModelVersion v = registry.register("test-asset.bearing", trained.models(),
                new ModelRegistry.Training(T0, split.cut(), List.of("test:asset-1"), trained.labels()), Optional.empty());
        assertTrue(ModelRegistry.isComponent(v));
        ComponentModels loaded = registry.loadComponent(registry.get("test-asset.bearing", v.version()));
        assertEquals(trained.models().alerts(), loaded.alerts());
        Life life = lives.get(3);
        int[] rows = {0, life.frame().rows() / 2, life.frame().rows() - 1};
        var a = trained.models().predict(life.frame(), rows);
        var b = loaded.predict(life.frame(), rows);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(a.get(i).probability(), b.get(i).probability(), 1e-12);
            assertEquals(a.get(i).rulSteps(), b.get(i).rulSteps(), 1e-9);
            assertEquals(a.get(i).health(), b.get(i).health(), 1e-9);
        }
    }
}
