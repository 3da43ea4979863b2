package io.minetwin.connectors.opcua;

import io.minetwin.testkit.opcua.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Quality;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against an independent OPC UA server implementation, node-opcua, with its own address-space layout:
 * a pattern maps its folders, a node id maps a tag elsewhere, and units convert from its EngineeringUnits
 * (degF) and from the rule (psi). node-opcua is installed by {@code src/test/node/install.sh} on first use.
 */
class NodeOpcuaIT {

    static final TwinId TRUCK = TwinId.parse("baiyun:truck-02");
    static final SeriesKey COOLANT = SeriesKey.of(TRUCK, "engine.coolant-temp");
    static final SeriesKey OIL_TEMP = SeriesKey.of(TRUCK, "engine.oil-temp");
    static final SeriesKey OIL_PRESSURE = SeriesKey.of(TRUCK, "engine.oil-pressure");
    static final Map<SeriesKey, String> CHANNELS = Map.of(COOLANT, "degC", OIL_TEMP, "degC", OIL_PRESSURE, "kPa");

    @TempDir
    Path dir;

    static boolean onPath(String exe) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, exe))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void patternAndNodeIdMappingWorkAgainstNodeOpcua() throws Exception {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "NodeOpcuaIT skipped: 'node' and 'npm' are not on PATH; install Node.js 18+ to run it");
        Path work = Path.of("target", "node-opcua").toAbsolutePath();
        if (!Files.isDirectory(work.resolve("node_modules/node-opcua"))) {
            // npm's output goes to a file: the test JVM's own stdout is the build tool's channel.
            Path log = Path.of("target", "node-opcua-install.log").toAbsolutePath();
            Process install = new ProcessBuilder("sh", Path.of("src/test/node/install.sh").toAbsolutePath().toString(),
                    work.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(install.waitFor(240, TimeUnit.SECONDS), "npm install of node-opcua took over 4 minutes; see " + log);
            assertEquals(0, install.exitValue(), "npm install of node-opcua failed; see " + log);
        } else {
            Files.copy(Path.of("src/test/node/server.js"), work.resolve("server.js"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        int port = TestServer.freePort();
        Process server = new ProcessBuilder("node", "server.js", Integer.toString(port)).directory(work.toFile())
                .redirectErrorStream(true).start();
        try {
            var ready = new CompletableFuture<String>();
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("READY ")) {
                            ready.complete(line.substring(6).trim());
                        }
                    }
                    ready.completeExceptionally(new AssertionError("node-opcua server exited before it was ready"));
                } catch (java.io.IOException e) {
                    ready.completeExceptionally(e);
                }
            }, "node-opcua-output");
            reader.setDaemon(true);
            reader.start();
            String url = ready.get(60, TimeUnit.SECONDS);

            var rules = List.<MappingRule>of(
                    new MappingRule.ByPattern(BrowsePattern.parse("Objects/Site/Haul/{asset}/{channel}"),
                            "baiyun:{asset}", "engine.{channel}", Optional.empty(), new Sampling(100, 4,
                            Sampling.Deadband.NONE), "test pattern"),
                    new MappingRule.ByNodeId("ns=1;s=T02.OilPressure", OIL_PRESSURE, Optional.of("psi"),
                            new Sampling(100, 4, Sampling.Deadband.NONE), "test node"));
            var sink = new RecordingSink();
            var config = EndpointConfig.of("node-opcua", url, dir.resolve("pki"), rules).withPublishing(100, 1000);
            try (var connector = new OpcUaConnector(config, k -> Optional.ofNullable(CHANNELS.get(k)), sink,
                    Clock.systemUTC())) {
                connector.start();
                RecordingSink.await(Duration.ofSeconds(60), () -> CHANNELS.keySet().stream()
                        .allMatch(k -> sink.samples(k).size() >= 3), () -> connector.status() + "\n"
                        + connector.mappingReport().describe("node-opcua"));
                assertEquals(3, connector.status().monitoredItems());
                for (var s : sink.samples(COOLANT)) {
                    double c = ((Value.Num) s.value()).value();
                    assertTrue(c >= 93.3 && c <= 98.4, "200-209 degF arrive as 93.3-98.3 degC: " + s);
                    assertEquals(Quality.GOOD, s.quality());
                }
                for (var s : sink.samples(OIL_PRESSURE)) {
                    double kpa = ((Value.Num) s.value()).value();
                    assertTrue(kpa >= 413.6 && kpa <= 427.5, "60-62 psi arrive as 413.7-427.5 kPa: " + s);
                }
                for (var s : sink.samples(OIL_TEMP)) {
                    double c = ((Value.Num) s.value()).value();
                    assertTrue(c >= 100 && c <= 104, s.toString());
                }
                ReconnectIT.assertNoDuplicates(sink.samples());
            }
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }
}
