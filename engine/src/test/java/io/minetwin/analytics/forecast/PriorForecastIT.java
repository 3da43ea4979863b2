package io.minetwin.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.model.AssetType;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.DutySpec;
import io.minetwin.model.LifeSpec;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cold start: components without a trained model are forecast from their type's life prior. */
class PriorForecastIT {

    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final LocalDate COMMISSIONED = LocalDate.of(2025, 6, 1);

    @TempDir
    Path dir;

    /** The test shovel type with a declared life on the hoist motor only. */
    static AssetType shovelWithLife(LifeSpec life) {
        AssetType base = TwinFixtures.shovelType();
        List<ComponentType> components = new ArrayList<>();
        for (ComponentType c : base.components()) {
            components.add(c.name().equals("hoist-motor")
                    ? new ComponentType(c.name(), c.description(), c.channels(), Optional.of(life)) : c);
        }
        return new AssetType(base.name(), base.description(), components);
    }

    static TwinDefinition shovel(String name, AssetType type, Map<String, String> suppliers) {
        return new TwinDefinition(new TwinId("baiyun", name), type, new TwinAttributes("ERS-4100", "Baiyun", "S-" + name,
                Optional.of(COMMISSIONED), suppliers, Optional.empty()));
    }

    static double hoursSince(LocalDate day, Instant now) {
        return Duration.between(day.atStartOfDay(ZoneOffset.UTC).toInstant(), now).toMillis() / 3_600_000.0;
    }

    @Test
    void aComponentWithNoFailuresGetsAForecastFromItsDeclaredLifeConditionedOnItsAge() {
        var clock = new TwinFixtures.ManualClock(NOW);
        AssetType type = shovelWithLife(new LifeSpec(1.5, 20_000, Map.of("Domestic", 10_000.0)));
        try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults())) {
            InMemoryTwinRepository twins = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
            TwinDefinition a = shovel("shovel-01", type, Map.of("hoist-motor", "Siemens"));
            TwinDefinition b = shovel("shovel-02", type, Map.of("hoist-motor", "Domestic"));
            twins.register(a);
            twins.register(b);
            ModelRegistry registry = new ModelRegistry(dir.resolve("models"), clock);
            Scorer scorer = new Scorer(twins, store.history(),
                    new StoreLabelSource(store.events()), store.history(), store.events(), registry, Optional.empty(),
                    clock);

            assertEquals(0, scorer.scoreAll(), "no models and priors off: nothing to forecast");
            scorer.withPriors(true);
            assertEquals(2, scorer.scoreAll(), "the hoist motor of each shovel; no other component declares a life");
            assertEquals(2, scorer.status().priorForecasts());

            ComponentHealth h = twins.twin(a.id()).orElseThrow().health("hoist-motor").orElseThrow();
            assertEquals(ComponentHealth.Basis.PRIOR, h.basis());
            double age = hoursSince(COMMISSIONED, NOW);
            var expected = new LifePrior(1.5, 20_000, "x");
            assertEquals(expected.failureProbability(age, 72, 1), h.probability("72h").orElseThrow(), 1e-4);
            assertEquals(expected.failureProbability(age, 168, 1), h.probability("7d").orElseThrow(), 1e-4);
            assertEquals(expected.residualQuantile(age, 0.5, 1), h.rul().orElseThrow().hours(), 0.1);
            assertTrue(h.topSignals().get(0).label().contains("since commissioning"), h.topSignals().toString());
            assertTrue(twins.twin(a.id()).orElseThrow().health("hoist-brake").isEmpty());
            // The supplier's own declared life: shorter, so riskier at the same age.
            ComponentHealth domestic = twins.twin(b.id()).orElseThrow().health("hoist-motor").orElseThrow();
            assertEquals(new LifePrior(1.5, 10_000, "x").failureProbability(age, 168, 1),
                    domestic.probability("7d").orElseThrow(), 1e-4);
            assertTrue(domestic.modelVersion().contains("declared in the asset type for Domestic"),
                    domestic.modelVersion());
            // Forecast history is written for prior forecasts as for model forecasts.
            assertEquals(1, store.history().read(new SeriesKey(a.id(), "hoist-motor", "forecast-p-7d"), 0,
                    Long.MAX_VALUE).size());

            // A replacement renews the part: its age counts from then.
            Instant renewed = NOW.minus(Duration.ofHours(100));
            store.events().append(List.of(new Event(renewed, a.id(), "hoist-motor", EventKind.MAINTENANCE,
                    Map.of("action", "replacement"))));
            clock.set(NOW.plusSeconds(60));
            scorer.scoreAll();
            ComponentHealth after = twins.twin(a.id()).orElseThrow().health("hoist-motor").orElseThrow();
            assertEquals(expected.failureProbability(100 + 1 / 60.0, 168, 1), after.probability("7d").orElseThrow(),
                    1e-4);
            assertTrue(after.topSignals().get(0).label().contains("since the last renewal"),
                    after.topSignals().toString());
        }
    }

    @Test
    void theFleetsOwnFailureRecordsReplaceTheDeclaredLifeOnceTheyHoldEnoughFailures() {
        var clock = new TwinFixtures.ManualClock(NOW);
        AssetType type = shovelWithLife(new LifeSpec(1.5, 200_000));
        try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults())) {
            InMemoryTwinRepository twins = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
            List<Event> failures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TwinDefinition d = shovel("shovel-0" + i, type, Map.of());
                twins.register(d);
                // Failures about 2,000 h apart: far shorter lives than the declared 200,000 h.
                for (int k = 1; k <= 3; k++) {
                    Instant t = COMMISSIONED.atStartOfDay(ZoneOffset.UTC).toInstant()
                            .plus(Duration.ofHours(k * 2_000L + i * 150L));
                    failures.add(new Event(t, d.id(), "hoist-motor", EventKind.FAILURE, Map.of("mode", "bearing-wear")));
                }
            }
            store.events().append(failures);
            Scorer scorer = new Scorer(twins, store.history(),
                    new StoreLabelSource(store.events()), store.history(), store.events(),
                    new ModelRegistry(dir.resolve("models"), clock), Optional.empty(), clock).withPriors(true);
            assertEquals(4, scorer.scoreAll());
            ComponentHealth h = twins.twin(new TwinId("baiyun", "shovel-00")).orElseThrow().health("hoist-motor")
                    .orElseThrow();
            assertTrue(h.modelVersion().contains("fitted to 12 failures"), h.modelVersion());
            assertTrue(h.rul().orElseThrow().hours() < 10_000, "the fitted life is about 2,000 h: " + h.rul());
        }
    }

    @Test
    void aLifeCountedInDutyGivesTheLessWorkedMachineALongerLifeAndALowerProbability() {
        var clock = new TwinFixtures.ManualClock(NOW);
        // Hoist motors aged by their current against 1,000 A; no failures on record, so the declared life serves.
        AssetType type = shovelWithLife(new LifeSpec(1.5, 20_000, Map.of(), Optional.of(new DutySpec("current", 1_000,
                1))));
        try (Store store = Store.open(dir.resolve("data"), StoreOptions.defaults())) {
            InMemoryTwinRepository twins = new InMemoryTwinRepository(clock, Duration.ofMinutes(5));
            TwinDefinition nominal = shovel("shovel-01", type, Map.of());
            TwinDefinition light = shovel("shovel-02", type, Map.of());
            twins.register(nominal);
            twins.register(light);
            // The last 30 days: one at its nominal current, the other limited to 60 % of it.
            List<Point> samples = new ArrayList<>();
            for (long t = NOW.toEpochMilli() - 720 * 3_600_000L; t < NOW.toEpochMilli(); t += 600_000) {
                samples.add(new Point(new SeriesKey(nominal.id(), "hoist-motor", "current"), t, 1_000,
                        QualityLevel.GOOD));
                samples.add(new Point(new SeriesKey(light.id(), "hoist-motor", "current"), t, 600, QualityLevel.GOOD));
            }
            store.history().append(samples);
            Scorer scorer = new Scorer(twins, store.history(), new StoreLabelSource(store.events()), store.history(),
                    store.events(), new ModelRegistry(dir.resolve("models"), clock), Optional.empty(), clock)
                    .withPriors(true);
            assertEquals(2, scorer.scoreAll());

            double age = hoursSince(COMMISSIONED, NOW);
            var expected = new LifePrior(1.5, 20_000, "x");
            ComponentHealth atNominal = twins.twin(nominal.id()).orElseThrow().health("hoist-motor").orElseThrow();
            ComponentHealth atLight = twins.twin(light.id()).orElseThrow().health("hoist-motor").orElseThrow();
            assertEquals(ComponentHealth.Basis.PRIOR, atLight.basis());
            // At nominal duty: the calendar-hours forecast.
            assertEquals(expected.failureProbability(age, 168, 1), atNominal.probability("7d").orElseThrow(), 1e-4);
            assertEquals(expected.residualQuantile(age, 0.5, 1), atNominal.rul().orElseThrow().hours(), 0.1);
            // At 60 %: 720 h aged 0.6 h each, and ageing at 0.6 h per hour from now on.
            double effective = age - 0.4 * 720;
            assertEquals(expected.failureProbability(effective, 0.6 * 168, 1), atLight.probability("7d").orElseThrow(),
                    1e-4);
            assertEquals(expected.residualQuantile(effective, 0.5, 1) / 0.6, atLight.rul().orElseThrow().hours(), 0.1);
            assertTrue(atLight.rul().orElseThrow().hours() > atNominal.rul().orElseThrow().hours());
            assertTrue(atLight.probability("7d").orElseThrow() < atNominal.probability("7d").orElseThrow());
            assertTrue(atLight.topSignals().get(0).label().contains("recent duty 60 % of nominal"),
                    atLight.topSignals().toString());
        }
    }
}
