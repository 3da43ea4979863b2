package io.minetwin.simulator.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An independent OPC UA client stack, node-opcua, browses, reads and subscribes to the simulator's server.
 * {@code src/test/node/install.sh} installs the pinned node-opcua into {@code target/node-opcua-client}
 * on first use (node and npm are all a machine needs); {@code client.js} prints what it found.
 */
class NodeOpcuaClientIT {

    private static final Pattern VALUE = Pattern.compile(
            "VALUE (\\S.*) value=(\\S+) unit=(\\S+) range=(\\S+)\\.\\.(\\S+) source=(\\S+)");
    private static final Pattern CHANGE = Pattern.compile("CHANGE value=(\\S+) source=(\\S+)");

    static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** What a process printed (stdout and stderr) and how it ended. */
    record Run(int exitCode, String out) {
    }

    /** Runs {@code command} in {@code dir} with its output in {@code log}, for at most {@code timeoutSeconds}. */
    static Run run(Path dir, Path log, int timeoutSeconds, String what, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(what + " took over " + timeoutSeconds + " s; output:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static Path module;
    static Path work;

    /** Skips each test (so reports show the reason) when node is missing; installs node-opcua once. */
    @BeforeEach
    void install() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "NodeOpcuaClientIT skipped: 'node' is not on PATH; install"
                + " Node.js 18 or newer (with npm) to check the server against node-opcua");
        if (work != null) {
            return;
        }
        module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path dir = module.resolve("target/node-opcua-client");
        Files.createDirectories(dir);
        Run install = run(module, module.resolve("target/node-opcua-install.log"), 300,
                "installing node-opcua (npm ci of src/test/node/package-lock.json)",
                "sh", module.resolve("src/test/node/install.sh").toString(), dir.toString());
        assertEquals(0, install.exitCode(), "installing node-opcua failed (is npm on PATH and the npm registry"
                + " reachable?); output:\n" + install.out());
        work = dir;
    }

    /** Runs client.js with {@code args}; {@code name} names its log in target/. */
    static Run client(String name, String... args) throws Exception {
        var command = new ArrayList<>(List.of("node", "client.js"));
        command.addAll(List.of(args));
        return run(work, module.resolve("target/" + name + ".log"), 90, "node client.js", command.toArray(String[]::new));
    }

    @Test
    void nodeOpcuaBrowsesReadsAndSubscribes() throws Exception {
        try (SimulationServer server = TestServers.start(ServerSettings.local(TestServers.freePort()))) {
            Run run = client("node-opcua-client", server.endpointUrl(), "shovel-01", "hoist-motor/winding-temp");
            String out = run.out();
            assertEquals(0, run.exitCode(), out);
            List<String> lines = out.lines().toList();
            assertTrue(lines.contains("SESSION security=None user=anonymous"), out);

            assertTrue(lines.contains("SITE Test pit"), out);
            assertTrue(lines.contains("ASSET Test pit/shovel-01 type=electric-shovel model=M-1 serial=SN-shovel-01"),
                    out);
            assertTrue(lines.contains("ASSET Test pit/conveyor-01 type=conveyor model=M-1 serial=SN-conveyor-01"),
                    "asset types known only from configuration are served too:\n" + out);
            long channels = lines.stream().filter(l -> l.startsWith("CHANNEL Objects/Test pit/shovel-01/")).count();
            assertEquals(13, channels, "the shovel's 13 channels, browsed Objects/<site>/<asset>/<component>/<channel>:\n"
                    + out);
            assertTrue(lines.contains("CHANNEL Objects/Test pit/shovel-01/dipper/payload"), out);

            Matcher value = lines.stream().map(VALUE::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("no VALUE line:\n" + out));
            assertEquals("Objects/Test pit/shovel-01/hoist-motor/winding-temp", value.group(1));
            double v = Double.parseDouble(value.group(2));
            assertTrue(v > -50 && v < 250, "winding temperature inside its EURange: " + v);
            assertEquals("degC", value.group(3));
            assertEquals(-50, Double.parseDouble(value.group(4)));
            assertEquals(250, Double.parseDouble(value.group(5)));
            assertTrue(!Instant.parse(value.group(6)).isBefore(TestServers.START), "simulated source time: " + out);

            List<Matcher> changes = lines.stream().map(CHANGE::matcher).filter(Matcher::matches).toList();
            assertTrue(changes.size() >= 3, "the initial value and two changes:\n" + out);
            var values = new HashSet<String>();
            for (int i = 1; i < changes.size(); i++) {
                assertTrue(Instant.parse(changes.get(i).group(2)).isAfter(Instant.parse(changes.get(i - 1).group(2))),
                        "each change comes later in simulated time:\n" + out);
                values.add(changes.get(i).group(1));
            }
            assertTrue(values.size() >= 2, "the value itself changes:\n" + out);
            assertTrue(lines.contains("DONE"), out);
        }
    }

    @Test
    void nodeOpcuaLogsInOverSignAndEncryptOnlyWithTheRightPassword() throws Exception {
        try (SimulationServer server = TestServers.start(new ServerSettings("127.0.0.1", TestServers.freePort(), true,
                Map.of("operator", "s3cret")))) {
            Run ok = client("node-opcua-client-secure", "--secure", "--user", "operator:s3cret", server.endpointUrl(),
                    "truck-01", "engine/coolant-temp");
            assertEquals(0, ok.exitCode(), ok.out());
            assertTrue(ok.out().contains("SESSION security=Basic256Sha256/SignAndEncrypt user=operator"), ok.out());
            assertTrue(ok.out().contains("VALUE Objects/Test pit/truck-01/engine/coolant-temp value="), ok.out());

            Run wrong = client("node-opcua-client-wrong-password", "--secure", "--user", "operator:guess",
                    server.endpointUrl());
            assertEquals(2, wrong.exitCode(), wrong.out());
            assertTrue(wrong.out().contains("BadUserAccessDenied") && !wrong.out().contains("SESSION"), wrong.out());
        }
    }
}
