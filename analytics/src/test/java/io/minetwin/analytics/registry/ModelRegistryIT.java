package io.minetwin.analytics.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.features.CycleSpec;
import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.SpectralSpec;
import io.minetwin.analytics.rul.Life;
import io.minetwin.analytics.rul.RulModel;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.analytics.rul.SyntheticLives;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = "conveyor.bearing";
    private static RulModel model;
    private static List<Life> lives;
    private static Frame probe;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        MemorySources fleet = SyntheticLives.fleet(12, 3);
        RulPipeline pipeline = new RulPipeline(SyntheticLives.config());
        lives = new ArrayList<>();
        for (TwinId twin : SyntheticLives.twins(12)) {
            lives.addAll(pipeline.lives(fleet, fleet, twin, SyntheticLives.T0, SyntheticLives.T0.plusSeconds(3600L * 400)));
        }
        model = pipeline.train(lives, CLOCK).model();
        probe = lives.get(0).frame();
    }

    private static ModelRegistry.Training training() {
        return new ModelRegistry.Training(SyntheticLives.T0, SyntheticLives.T0.plusSeconds(3600L * 400),
                List.of("test:asset-0"), Map.of("rows", 1000L, "failures", 12L));
    }

    private static Optional<Evaluation> eval(double rmse) {
        return Optional.of(new Evaluation("synthetic holdout", rmse, 10 * rmse, 4));
    }

    @Test
    void promoteRefusesAWorseCandidateUnlessForcedAndRollbackRestoresThePrevious() {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        ModelVersion v1 = registry.register(KEY, model, training(), eval(10));
        assertEquals(ModelState.ACTIVE, v1.state(), "the first model of a component becomes active");
        ModelVersion v2 = registry.register(KEY, model, training(), eval(12));
        assertEquals(ModelState.CANDIDATE, v2.state());

        PromoteOutcome refused = registry.promote(KEY, 2, false);
        assertInstanceOf(PromoteOutcome.Refused.class, refused);
        assertTrue(((PromoteOutcome.Refused) refused).reason().contains("worse"), refused.toString());
        assertEquals(1, registry.active(KEY).orElseThrow().version());

        PromoteOutcome forced = registry.promote(KEY, 2, true);
        assertEquals(1, ((PromoteOutcome.Promoted) forced).previous());
        assertEquals(2, registry.active(KEY).orElseThrow().version());
        assertEquals(ModelState.RETIRED, registry.get(KEY, 1).state());

        ModelVersion restored = registry.rollback(KEY);
        assertEquals(1, restored.version());
        assertEquals(ModelState.ACTIVE, registry.get(KEY, 1).state());
        assertEquals(ModelState.RETIRED, registry.get(KEY, 2).state());
        assertThrows(RegistryException.class, () -> registry.rollback(KEY), "v1 was the first active version");
    }

    @Test
    void aBetterCandidateIsPromotedWithoutForce() {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        registry.register(KEY, model, training(), eval(10));
        registry.register(KEY, model, training(), eval(9));
        assertInstanceOf(PromoteOutcome.Promoted.class, registry.promote(KEY, 2, false));
    }

    @Test
    void aLoadedModelPredictsExactlyAsTheTrainedOneAndKeepsItsProvenance() {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        ModelVersion v1 = registry.register(KEY, model, training(), eval(10));

        ModelVersion read = registry.get(KEY, 1);
        assertEquals(v1, read);
        assertTrue(read.provenance().get("trainer_class").contains("XGBoostRegressionTrainer"), read.provenance().toString());
        assertEquals("60", read.provenance().get("trainer.numTrees"));
        assertEquals(model.featureNames(), read.features());
        assertEquals(12L, read.labels().get("failures"));

        RulModel loaded = registry.load(read);
        int[] rows = {10, 40, probe.rows() - 1};
        assertArrayEquals(RulPipeline.predict(model, probe, rows), RulPipeline.predict(loaded, probe, rows));
    }

    @Test
    void aCorruptModelFileIsRefusedWithAClearMessage() throws IOException {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        ModelVersion v1 = registry.register(KEY, model, training(), eval(10));
        Path file = dir.resolve("models").resolve(KEY).resolve("v0001").resolve("model.tribuo");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);
        RegistryException e = assertThrows(RegistryException.class, () -> registry.load(v1));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aForeignFileIsRefusedEvenWhenItsDigestIsRecorded() throws Exception {
        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        registry.register(KEY, model, training(), eval(10));
        Path version = dir.resolve("models").resolve(KEY).resolve("v0001");
        Path file = version.resolve("model.tribuo");
        byte[] foreign = "this is not a model, it is a shopping list\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, foreign);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(foreign));
        Path manifest = version.resolve("manifest.properties");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("sha256=\\w+", "sha256=" + sha));

        RegistryException e = assertThrows(RegistryException.class, () -> registry.load(registry.get(KEY, 1)));
        assertTrue(e.getMessage().contains("not a Tribuo model"), e.getMessage());
    }

    @Test
    void spectralAndCycleOptionsRoundTripAndPipelinesWithoutThemReadAsOff() throws IOException {
        FeatureSpec on = SyntheticLives.config().features()
                .withSpectral(new SpectralSpec(32, SyntheticLives.STEP, List.of(SpectralSpec.Band.hours(2, 6),
                        SpectralSpec.Band.hours(6, 18), new SpectralSpec.Band(Duration.ofMinutes(30),
                                Duration.ofMinutes(90))), List.of()))
                .withCycles(new CycleSpec(5, List.of("temp")));
        RulModel withOptions = new RulPipeline(SyntheticLives.config().withFeatures(on)).train(lives, CLOCK).model();
        assertTrue(withOptions.featureNames().containsAll(List.of("temp.band_2-6h", "temp.band_6-18h",
                "vibration.band_6-18h", "temp.cycles_5", "temp.cycles_15")), withOptions.featureNames().toString());
        assertTrue(withOptions.featureNames().stream().noneMatch(n -> n.contains("30-90min") || n.equals(
                "vibration.cycles_5")), "30-90 min is below the Nyquist period of an hourly grid; cycles are for temp");

        ModelRegistry registry = new ModelRegistry(dir.resolve("models"), CLOCK);
        registry.register(KEY, model, training(), eval(10));
        registry.register(KEY, withOptions, training(), eval(9));
        Path old = dir.resolve("models").resolve(KEY).resolve("v0001").resolve("pipeline.properties");
        Path v2 = dir.resolve("models").resolve(KEY).resolve("v0002").resolve("pipeline.properties");
        assertTrue(Files.readString(old).lines().noneMatch(l -> l.startsWith("features.spectral")
                || l.startsWith("features.cycles")), "options that are off write nothing");
        assertTrue(Files.readString(v2).contains("features.spectral.bands=PT2H/PT6H,PT6H/PT18H,PT30M/PT1H30M"),
                Files.readString(v2));

        RulModel oldLoaded = registry.load(registry.get(KEY, 1));
        assertEquals(model.features(), oldLoaded.features());
        assertTrue(oldLoaded.features().spectral().isEmpty() && oldLoaded.features().cycles().isEmpty());

        RulModel loaded = registry.load(registry.get(KEY, 2));
        assertEquals(on, loaded.features());
        assertEquals(withOptions.featureNames(), loaded.featureNames());
        int[] rows = {10, 40, probe.rows() - 1};
        assertArrayEquals(RulPipeline.predict(withOptions, probe, rows), RulPipeline.predict(loaded, probe, rows));

        Files.writeString(v2, Files.readString(v2).replace("features.spectral.size=32", "features.spectral.size=30"));
        RegistryException e = assertThrows(RegistryException.class, () -> registry.load(registry.get(KEY, 2)));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }
}
