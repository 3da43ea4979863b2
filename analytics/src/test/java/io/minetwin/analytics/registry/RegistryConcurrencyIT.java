package io.minetwin.analytics.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.MemorySources;
import io.minetwin.analytics.rul.Life;
import io.minetwin.analytics.rul.RulModel;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.analytics.rul.SyntheticLives;
import io.minetwin.model.TwinId;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers of one registry at once: each registry instance stands for a process (the API, the CLI). */
class RegistryConcurrencyIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = "conveyor.bearing";
    private static RulModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        MemorySources fleet = SyntheticLives.fleet(6, 3);
        RulPipeline pipeline = new RulPipeline(SyntheticLives.config());
        List<Life> lives = new ArrayList<>();
        for (TwinId twin : SyntheticLives.twins(6)) {
            lives.addAll(pipeline.lives(fleet, fleet, twin, SyntheticLives.T0, SyntheticLives.T0.plusSeconds(3600L * 400)));
        }
        model = pipeline.train(lives, CLOCK).model();
    }

    private static ModelRegistry.Training training() {
        return new ModelRegistry.Training(SyntheticLives.T0, SyntheticLives.T0.plusSeconds(3600L * 400),
                List.of("test:asset-0"), Map.of("rows", 1000L));
    }

    @Test
    void concurrentPromotesAndRollbacksLeaveExactlyOneActiveVersion() throws Exception {
        Path root = dir.resolve("models");
        ModelRegistry setup = new ModelRegistry(root, CLOCK);
        int versions = 4;
        for (int v = 0; v < versions; v++) {
            setup.register(KEY, model, training(), Optional.of(new Evaluation("holdout", 10, 100, 4)));
        }
        int writers = 4;
        int rounds = 15;
        CyclicBarrier start = new CyclicBarrier(writers + 1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    ModelRegistry registry = new ModelRegistry(root, CLOCK); // its own instance, like another process
                    start.await(30, TimeUnit.SECONDS);
                    for (int r = 0; r < rounds; r++) {
                        int version = 1 + (writer + r) % versions;
                        registry.promote(KEY, version, true);
                        if (r % 5 == 4) {
                            try {
                                registry.rollback(KEY);
                            } catch (RegistryException nothingToRollBackTo) {
                                // another writer's rollbacks got there first
                            }
                        }
                    }
                    return null;
                }));
            }
            // A reader meanwhile must never see zero or two active versions.
            Future<Integer> reader = pool.submit(() -> {
                ModelRegistry registry = new ModelRegistry(root, CLOCK);
                start.await(30, TimeUnit.SECONDS);
                int reads = 0;
                while (!done.stream().allMatch(Future::isDone)) {
                    long active = registry.versions(KEY).stream().filter(v -> v.state() == ModelState.ACTIVE).count();
                    assertEquals(1, active, "active versions seen by a reader during promotes");
                    reads++;
                }
                return reads;
            });
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(reader.get(30, TimeUnit.SECONDS) > 0);
        } finally {
            pool.shutdownNow();
        }
        ModelRegistry after = new ModelRegistry(root, CLOCK);
        List<ModelVersion> all = after.versions(KEY);
        assertEquals(1, all.stream().filter(v -> v.state() == ModelState.ACTIVE).count(), all.toString());
        // The manifests agree with the states file, line by line.
        for (ModelVersion v : all) {
            String manifest = Files.readString(root.resolve(KEY).resolve(String.format("v%04d", v.version()))
                    .resolve("manifest.properties"));
            assertTrue(manifest.contains("state=" + v.state().name()), v.id() + ": " + manifest);
        }
        List<String> activations = Files.readAllLines(root.resolve(KEY).resolve("activations"));
        assertEquals(Integer.toString(after.active(KEY).orElseThrow().version()), activations.get(activations.size() - 1));
    }

    @Test
    void aWriterKilledAtAnyMomentLeavesExactlyOneActiveVersion() throws Exception {
        Path root = dir.resolve("models");
        ModelRegistry registry = new ModelRegistry(root, CLOCK);
        for (int v = 0; v < 3; v++) {
            registry.register(KEY, model, training(), Optional.empty());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.Random random = new java.util.Random(20261207L);
        for (int kill = 0; kill < 5; kill++) {
            long before = Files.exists(root.resolve(KEY).resolve("states.properties"))
                    ? Files.getLastModifiedTime(root.resolve(KEY).resolve("states.properties")).toMillis() : 0;
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PromoteLoop.class.getName(), root.toString(), KEY, "3")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                // Wait until it has committed a number of state changes, then kill it mid-loop.
                int changes = 1 + random.nextInt(20);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                int seen = 0;
                long last = before;
                while (seen < changes) {
                    assertTrue(p.isAlive(), "the promote loop died by itself");
                    assertTrue(System.nanoTime() < deadline, "the promote loop made no progress");
                    Path states = root.resolve(KEY).resolve("states.properties");
                    long m = Files.exists(states) ? Files.getLastModifiedTime(states).toMillis() : 0;
                    if (m != last) {
                        last = m;
                        seen++;
                    }
                    Thread.onSpinWait();
                }
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            } finally {
                p.destroyForcibly();
            }
            List<ModelVersion> all = new ModelRegistry(root, CLOCK).versions(KEY);
            assertEquals(1, all.stream().filter(v -> v.state() == ModelState.ACTIVE).count(),
                    "after kill " + (kill + 1) + ": " + all);
        }
        // The next write rolls the manifests forward to the committed states.
        ModelRegistry after = new ModelRegistry(root, CLOCK);
        int active = after.active(KEY).orElseThrow().version();
        after.promote(KEY, active == 1 ? 2 : 1, true);
        for (ModelVersion v : after.versions(KEY)) {
            String manifest = Files.readString(root.resolve(KEY).resolve(String.format("v%04d", v.version()))
                    .resolve("manifest.properties"));
            assertTrue(manifest.contains("state=" + v.state().name()), v.id() + ": " + manifest);
        }
    }

    @Test
    void aSecondWriterIsToldWhoHoldsTheRegistry() throws Exception {
        Path root = dir.resolve("models");
        ModelRegistry registry = new ModelRegistry(root, CLOCK, java.time.Duration.ofMillis(200));
        registry.register(KEY, model, training(), Optional.empty());
        registry.register(KEY, model, training(), Optional.empty());
        try (FileChannel ch = FileChannel.open(root.resolve(".lock"), StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            RegistryException e = assertThrows(RegistryException.class, () -> registry.promote(KEY, 2, true));
            assertTrue(e.getMessage().contains("being written by another writer") && e.getMessage().contains(".lock")
                    && e.getMessage().contains("try again"), e.getMessage());
        }
        assertEquals(1, registry.active(KEY).orElseThrow().version(), "the refused promote changed nothing");
        registry.promote(KEY, 2, true);
        assertEquals(2, registry.active(KEY).orElseThrow().version());
    }
}
