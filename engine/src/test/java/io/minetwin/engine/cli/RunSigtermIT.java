package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} stopped by SIGTERM (what a service manager sends) stops like any other stop: connectors closed,
 * queued samples applied, the store closed, and the stop line printed.
 */
class RunSigtermIT {

    @TempDir
    Path dir;

    @Test
    void sigtermClosesTheStoreAndSaysHowTheEngineStopped() throws Exception {
        // No endpoints: the engine keeps the twins and serves nothing, which is enough to stop it.
        Path configDir = Path.of("..", "config").toAbsolutePath().normalize();
        Path config = dir.resolve("minetwin.yaml");
        Files.writeString(config, "data-dir: data\n"
                + "asset-types: " + configDir.resolve("asset-types") + "\n"
                + "fleet: " + configDir.resolve("fleets/demo.yaml") + "\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The engine as users run it: the packaged jar (built before the integration tests run).
        Path jar = Path.of("target", "minetwin.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the packaged engine " + jar + " is missing");
        List<String> command = new ArrayList<>(List.of(java, "-cp", jar.toString(),
                "io.minetwin.engine.cli.Main", "run", "--config", config.toString()));
        // Output to a file: Process.destroy() would close a pipe to it and lose what the engine prints after.
        Path log = dir.resolve("run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("stop with Ctrl-C")) {
                assertTrue(p.isAlive(), "run ended before it started:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "run did not start within 60 s:\n" + Files.readString(log));
                LockSupport.parkNanos(20_000_000L);
            }
            p.toHandle().destroy(); // SIGTERM, as a service manager sends it
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run did not stop within 60 s of SIGTERM");
            String out = Files.readString(log);
            assertTrue(out.contains("stopping: closing connectors"), "exit " + p.exitValue() + ":\n" + out);
            assertTrue(out.contains("stopped cleanly"), "the stop line after SIGTERM:\n" + out);
        } finally {
            p.destroyForcibly();
        }
    }
}
