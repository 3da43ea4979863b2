package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.SHOVEL;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.WINDING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Sample;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCADA server against an independent OPC UA client, node-opcua (installed by the connectors'
 * {@code src/test/node/install.sh} on first use): it browses {@code Objects/minetwin/...}, reads a channel and
 * its Health/FailureProbability7d, sees the channel change while twins are updated, and reads history raw
 * through continuation points and as hourly averages.
 */
class ScadaNodeOpcuaIT {

    @TempDir
    Path dir;

    /**
     * The lines a node script printed until it ended; {@code atEnd} runs when its output ends (it stops the test's
     * helper threads), the script gets 60 s more to exit and must exit 0 (its output is the assertion's message).
     */
    static List<String> outputOf(Process client, Runnable atEnd) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } finally {
            atEnd.run();
            if (!client.waitFor(60, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
        assertEquals(0, client.exitValue(), String.join("\n", lines));
        return lines;
    }

    static boolean onPath(String exe) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, exe))) {
                return true;
            }
        }
        return false;
    }

    static Path nodeOpcua() throws Exception {
        Path work = Path.of("target", "node-opcua").toAbsolutePath();
        if (!Files.isDirectory(work.resolve("node_modules/node-opcua"))) {
            Path log = Path.of("target", "node-opcua-install.log").toAbsolutePath();
            Process install = new ProcessBuilder("sh", Path.of("src/test/node/install.sh").toAbsolutePath().toString(),
                    work.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(install.waitFor(240, TimeUnit.SECONDS), "npm install of node-opcua took over 4 minutes; see " + log);
            assertEquals(0, install.exitValue(), "npm install of node-opcua failed; see " + log);
        }
        Files.copy(Path.of("src/test/java/io/minetwin/connectors/opcua/server/node/scada-client.js"),
                work.resolve("scada-client.js"), StandardCopyOption.REPLACE_EXISTING);
        return work;
    }

    @Test
    void nodeOpcuaBrowsesReadsSubscribesAndReadsHistory() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "ScadaNodeOpcuaIT skipped: 'node' and 'npm' are not on PATH; install Node.js 18+ to run it");
        Path work = nodeOpcua();

        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(ScadaTestSupport.shovel("shovel-07"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        repo.apply(List.of(Sample.good(WINDING, now.minusSeconds(120), 70.0)));
        repo.updateHealth(SHOVEL, "hoist-motor", new ComponentHealth(now.minusSeconds(60), 61, Map.of("72h", 0.05, "7d", 0.22),
                Optional.empty(), AlertLevel.WATCH, List.of(), "electric-shovel/hoist-motor@1"));
        var history = new ScadaTestSupport.MemoryHistory();
        Instant h0 = Instant.parse("2026-01-05T00:00:00Z");
        for (int i = 0; i < 36; i++) {
            history.add(WINDING, h0.plus(Duration.ofMinutes(5L * i)).toEpochMilli(), 60 + i, QualityLevel.GOOD);
        }
        try (var server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("pki"), List.of(), true), repo,
                history)) {
            Process client = new ProcessBuilder("node", "scada-client.js", server.endpointUrl(), "20", h0.toString(),
                    h0.plus(Duration.ofHours(3)).toString(), "10").directory(work.toFile()).redirectErrorStream(true).start();
            var feeding = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> {
                int i = 0;
                while (feeding.get()) {
                    // small steps, so that a slow start (a loaded machine) stays within the channel's physical range
                    repo.apply(List.of(Sample.good(WINDING, now.plusMillis(10L * i), 80 + i / 100.0)));
                    i++;
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "feeder");
            feeder.setDaemon(true);
            feeder.start();
            List<String> lines = outputOf(client, () -> feeding.set(false));
            String all = String.join("\n", lines);
            List<String[]> changes = new ArrayList<>();
            List<String[]> raw = new ArrayList<>();
            List<String[]> avg = new ArrayList<>();
            String[] read = null;
            String[] health = null;
            String[] hist = null;
            boolean sawShovel = false;
            for (String l : lines) {
                String[] f = l.split("\t");
                switch (f[0]) {
                    case "BROWSE" -> sawShovel |= f.length > 2 && List.of(f[2].split(",")).contains("shovel-07");
                    case "READ" -> read = f;
                    case "HEALTH" -> health = f;
                    case "CHANGE" -> changes.add(f);
                    case "HISTORY" -> hist = f;
                    case "RAW" -> raw.add(f);
                    case "AVERAGE" -> avg.add(f);
                    default -> { }
                }
            }
            assertTrue(sawShovel, all);
            assertTrue(read != null && read[1].equals("Good"), all);
            assertEquals(0.22, Double.parseDouble(health[2]), 1e-12, all);
            assertEquals(20, changes.size(), all);
            // After the first (current) value, changes arrive in order, each once, with its own source time (the
            // server hands on the latest value of a channel, so on a loaded machine some in between may be skipped).
            long previous = -1;
            for (int i = 1; i < changes.size(); i++) {
                long index = Math.round((Double.parseDouble(changes.get(i)[2]) - 80) * 100);
                assertTrue(index > previous, "in order, each once: " + all);
                previous = index;
                assertEquals(now.plusMillis(10L * index), Instant.parse(changes.get(i)[3]), all);
            }
            assertEquals("36", hist[2], all);
            assertEquals("4", hist[1], "10 values per page: " + all);
            for (int i = 0; i < 36; i++) {
                assertEquals(h0.plus(Duration.ofMinutes(5L * i)), Instant.parse(raw.get(i)[1]), all);
                assertEquals(60 + i, Double.parseDouble(raw.get(i)[2]), all);
            }
            assertEquals(3, avg.size(), all);
            for (int h = 0; h < 3; h++) {
                // hour h holds 12 values 60+12h .. 71+12h
                assertEquals(60 + 12 * h + 5.5, Double.parseDouble(avg.get(h)[2]), 1e-9, all);
            }
        }
    }
}
