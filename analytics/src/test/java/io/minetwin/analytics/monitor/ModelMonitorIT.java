package io.minetwin.analytics.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.Stat;
import io.minetwin.analytics.forecast.AlertPolicy;
import io.minetwin.analytics.forecast.ComponentModels;
import io.minetwin.analytics.forecast.ComponentTrainer;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Horizon;
import io.minetwin.analytics.forecast.TrainerKind;
import io.minetwin.analytics.registry.Evaluation;
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

/**
 * The monitor of a registered component model: its training reference survives the registry, rows like the
 * training rows leave it alone, and rows from a shifted distribution (the same bearings read by sensors with
 * another offset and gain, as at a hotter site) mark it "retrain recommended" with the drifted features named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelMonitorIT {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration STEP = Duration.ofHours(1);
    static final int STEPS = 3000;
    static final List<String> CHANNELS = List.of("temp", "vibration");
    static final String KEY = "test-asset.bearing";

    final Instant now = T0.plus(STEP.multipliedBy(STEPS));
    final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    final ForecastConfig config = new ForecastConfig(STEP, List.of(Horizon.parse("24h"), Horizon.parse("72h")),
            Duration.ofDays(10), new FeatureSpec(List.of(6, 24), EnumSet.of(Stat.MEAN, Stat.MAX, Stat.SLOPE), false),
            List.of(), 1, TrainerKind.CART, 4, Duration.ofHours(3),
            new AlertPolicy(0.3, 0.5, 0.5, 30, 0.1, AlertLevel.WARNING), 2, 7, false, List.of());
    final MemorySources sources = new MemorySources();
    final List<TwinId> twins = new ArrayList<>();
    List<Life> lives;
    ComponentTrainer.Split split;
    ComponentTrainer.Trained trained;

    @TempDir
    static Path dir;
    ModelRegistry registry;
    ModelVersion version;

    @BeforeAll
    void train() {
        Random r = new Random(5);
        for (int i = 0; i < 8; i++) {
            TwinId twin = new TwinId("test", "asset-" + i);
            twins.add(twin);
            int end = 400 + r.nextInt(400);
            for (int t = 0; t < STEPS; t++) {
                if (t == end) {
                    sources.add(new Event(T0.plus(STEP.multipliedBy(t)), twin, "bearing", EventKind.FAILURE,
                            Map.of("action", "failure-repair", "mode", "bearing-wear")));
                    end = t + 1 + 400 + r.nextInt(400);
                    continue;
                }
                double wear = Math.exp(-(end - t) / 40.0);
                long time = T0.plus(STEP.multipliedBy(t)).toEpochMilli();
                sources.add(new SeriesKey(twin, "bearing", "vibration"), time, 2 + 6 * wear + r.nextGaussian() * 0.3);
                sources.add(new SeriesKey(twin, "bearing", "temp"), time, 60 + 8 * wear + r.nextGaussian());
            }
        }
        ComponentTrainer trainer = new ComponentTrainer(config);
        lives = new ArrayList<>();
        for (TwinId twin : twins) {
            lives.addAll(trainer.lives(sources, sources, twin, "bearing", Inputs.of(CHANNELS), T0, now));
        }
        split = ComponentTrainer.split(twins, T0, now, 0.25, 0.75, 7);
        trained = trainer.train("test-asset", "bearing", Inputs.of(CHANNELS), lives, split, clock, s -> { });
        registry = new ModelRegistry(dir.resolve("models"), clock);
        version = registry.register(KEY, trained.models(), new ModelRegistry.Training(T0, split.cut(), List.of(),
                trained.labels()), Optional.of(new Evaluation("holdout", 10, 1, 4,
                Map.of(Evaluation.RECALL, 0.8, Evaluation.FALSE_ALARMS, 0.5))));
    }

    /** Feature rows of the held-out twins' lives, every 3rd row, read with {@code gain} and {@code offset}. */
    private double[][] rows(ComponentModels models, double gain, double offset) {
        List<double[]> out = new ArrayList<>();
        for (Life life : lives) {
            if (!split.holdout().contains(life.twin())) {
                continue;
            }
            Frame f = life.frame();
            double[][] columns = new double[f.columns().length][];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = f.columns()[c].clone();
                for (int i = 0; i < columns[c].length; i++) {
                    columns[c][i] = columns[c][i] * gain + offset;
                }
            }
            int[] picked = java.util.stream.IntStream.range(0, f.rows()).filter(i -> i % 3 == 0).toArray();
            out.addAll(List.of(models.featureRows(new Frame(f.times(), f.channels(), columns), picked)));
        }
        return out.toArray(new double[0][]);
    }

    private ModelMonitor monitor(Path driftDir) {
        return new ModelMonitor(registry, new ListEventLog(), type -> twins, new DriftTracker(driftDir),
                MonitorPolicy.defaults(), clock);
    }

    @Test
    void theTrainingReferenceIsKeptWithTheModel() {
        ComponentModels loaded = registry.loadComponent(version);
        assertTrue(trained.models().reference().known());
        assertEquals(trained.models().reference(), loaded.reference());
        assertTrue(loaded.reference().rows() > 0 && loaded.reference().rows() < trained.labels().get("rows"),
                "the reference takes the rows at an even cadence, not the rows thick near failures");
    }

    @Test
    void rowsLikeTheTrainingRowsDoNotMarkTheModel() {
        ComponentModels models = registry.loadComponent(version);
        Path drift = dir.resolve("monitor-calm");
        DriftTracker tracker = new DriftTracker(drift);
        tracker.observe(KEY, version.id(), models.reference(), rows(models, 1, 0), now);
        tracker.flush();
        ModelMonitor.Report report = monitor(drift).report(KEY).orElseThrow();
        assertTrue(report.drift().rows() >= MonitorPolicy.defaults().minRows(), report.toMap().toString());
        assertFalse(report.drift().drifted(), report.toMap().toString());
        assertFalse(report.retrainRecommended(), report.toMap().toString());
        assertEquals(version.id(), report.model());
    }

    @Test
    void rowsFromAShiftedDistributionMarkTheModelRetrainRecommended() {
        ComponentModels models = registry.loadComponent(version);
        Path drift = dir.resolve("monitor-shifted");
        DriftTracker tracker = new DriftTracker(drift);
        tracker.observe(KEY, version.id(), models.reference(), rows(models, 1.3, 4), now);
        tracker.flush();
        ModelMonitor.Report report = monitor(drift).report(KEY).orElseThrow();
        assertTrue(report.drift().drifted(), report.toMap().toString());
        assertTrue(report.retrainRecommended());
        assertTrue(report.reasons().get(0).startsWith("inputs drifted"), report.reasons().toString());
        assertTrue(report.drift().top().get(0).psi() > 0.25, report.toMap().toString());
        Map<String, Object> json = report.toMap();
        assertEquals(Boolean.TRUE, json.get("retrainRecommended"));
        assertEquals(0.8, ((Map<?, ?>) json.get("backtest")).get("recall_72h"));
    }
}
