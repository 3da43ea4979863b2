package io.minetwin.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.SelfSignedHttps;
import io.minetwin.engine.analytics.MaintenanceImporter;
import io.minetwin.engine.api.ApiSettings;
import io.minetwin.engine.api.DowntimeCosts;
import io.minetwin.engine.api.Role;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.runtime.Engine;
import io.minetwin.engine.scada.DemoScada;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.model.SeriesKey;
import io.minetwin.simulator.DatasetGenerator;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.RecordsCsv;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.opcua.ServerSettings;
import io.minetwin.simulator.opcua.SimulationServer;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code minetwin demo}: the whole system on one machine. The simulator serves the demo fleet over OPC UA,
 * the engine keeps its twins live from it and stores their history, and the dashboard and API are served
 * with freshly generated tokens. On first start the data directory is seeded with recent simulated history
 * so trends have something to show.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run the demo: the simulated Baiyun fleet over OPC UA, the engine ingesting it, and the dashboard",
                "and API at https://127.0.0.1:8443/ (self-signed certificate) with generated tokens (printed, and written to <data>/demo-tokens.json),",
                "the OPC UA server for SCADA systems at opc.tcp://127.0.0.1:4840/minetwin (login in <data>/demo-scada.json).",
                "The first start seeds the data directory with recent simulated history. Stop with Ctrl-C."})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR",
            description = "The minetwin folder holding config/ (default: $MINETWIN_HOME, else the working directory).")
    Path homeDir;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: data/demo in the minetwin home).")
    Path data;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop after this long, e.g. 60s (default: until Ctrl-C).")
    String runFor;

    @Option(names = "--train-models", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "On the first start, train forecast models in the background from a simulated year of the"
                    + " fleet (default: on; --no-train-models to skip).")
    boolean trainModels;

    @Option(names = "--history-days", paramLabel = "D", defaultValue = "14",
            description = "Days of simulated history to seed a new data directory with (default: ${DEFAULT-VALUE}; 0 for none).")
    int historyDays;

    @Option(names = "--opcua-port", paramLabel = "PORT", defaultValue = "4850",
            description = "Port of the simulator's OPC UA server (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int opcuaPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8443",
            description = "Port of the dashboard and API, served over HTTPS with a self-signed certificate"
                    + " (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int httpPort;

    @Option(names = "--scada-port", paramLabel = "PORT", defaultValue = "4840",
            description = "Port of the OPC UA server for SCADA systems (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int scadaPort;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "10s",
            description = "How often status is printed (default: ${DEFAULT-VALUE}).")
    String statusEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path home = homeDir != null ? homeDir.toAbsolutePath().normalize() : home();
        Path configDir = home.resolve("config");
        Path fleetFile = configDir.resolve("fleets").resolve("demo.yaml");
        Path types = configDir.resolve("asset-types");
        if (!Files.isRegularFile(fleetFile)) {
            throw new CliException("the demo fleet " + fleetFile + " is missing; run the demo from the minetwin"
                    + " folder (./minetwin demo) or set MINETWIN_HOME to it");
        }
        if (historyDays < 0) {
            throw new CliException("--history-days " + historyDays + ": give 0 or more days", 2);
        }
        Duration limit = runFor == null ? null : RunCommand.parse("--for", runFor);
        Duration every = RunCommand.parse("--status-every", statusEvery);
        Path dir = (data != null ? data : home.resolve("data").resolve("demo")).toAbsolutePath();
        boolean fresh = !Store.exists(dir);
        new Preflight()
                .port(ApiSettings.DEFAULT_BIND, httpPort, "--http-port", "the dashboard and API")
                .port("127.0.0.1", scadaPort, "--scada-port", "the OPC UA server for SCADA systems")
                .port("127.0.0.1", opcuaPort, "--opcua-port", "the simulator's OPC UA server")
                .freeSpace(dir, requiredSpace(fresh), fresh ? "the demo's history and first training" : "the demo's history")
                .orFail("demo");
        Files.createDirectories(dir);
        int simPort = opcuaPort == 0 ? freePort() : opcuaPort;
        int apiPort = httpPort == 0 ? freePort() : httpPort;

        SimulationPlan plan = SimulationLoader.load(fleetFile, AssetTypeLoader.loadDirectory(types));
        long seed = plan.seed().orElse(1L);
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (historyDays > 0 && !Store.exists(dir)) {
            seedHistory(plan, seed, dir, now, out);
        }

        Path config = writeConfig(dir, types, fleetFile, simPort, plan.fleet().namespace());
        var random = new SecureRandom();
        var scada = DemoScada.generate(scadaPort == 0 ? freePort() : scadaPort, random);
        Files.writeString(config, scada.configSection(dir, random), java.nio.file.StandardOpenOption.APPEND);
        scada.describe(scada.writeCredentials(dir)).forEach(out::println);
        Map<String, String> tokens = writeTokens(dir);
        out.println("tokens for the dashboard and API (also in " + dir.resolve("demo-tokens.json") + "):");
        tokens.forEach((role, token) -> out.printf(Locale.ROOT, "  %-8s %s%n", role, token));
        List<AccessTokens.Entry> entries = new ArrayList<>();
        tokens.forEach((role, token) -> entries.add(new AccessTokens.Entry("demo-" + role, Role.parse(role),
                AccessTokens.hash(token))));
        EngineConfig engineConfig = EngineConfig.load(config);
        var https = SelfSignedHttps.ensure(dir.resolve("https"));
        out.printf(Locale.ROOT, "HTTPS certificate %s (self-signed, SHA-256 %s): trust it in the browser, or e.g."
                + " curl --cacert %s%n", https.pem(), https.sha256(), https.pem());
        var api = new Engine.Api(new ApiSettings(ApiSettings.DEFAULT_BIND, apiPort, entries,
                Optional.of(https.tls()), false),
                new AccessTokens(entries, Optional.of(new io.minetwin.engine.api.TokenFile(dir, Clock.systemUTC())),
                        Clock.systemUTC()),
                DowntimeCosts.from(engineConfig.sections().get("costs"), config.toString()));
        var settings = new ServerSettings("127.0.0.1", simPort, false, Map.of());
        try (SimulationServer simulator = SimulationServer.start(plan, seed, settings, clock, now, 1.0, Duration.ofSeconds(1))) {
            out.printf(Locale.ROOT, "simulator: %d twins (%,d variables) at %s, in real time from %s%n",
                    plan.fleet().twins().size(), simulator.variableCount(), simulator.endpointUrl(), now);
            out.println("engine configuration: " + config);
            out.println("OPC UA clients can browse the simulator at " + simulator.endpointUrl() + " (security None)");
            out.flush();
            if (trainModels) {
                DemoForecastModels.startIfNeeded(plan, seed + 1, dir, engineConfig.loadFleet(), out, clock);
            }
            StoreOptions options = StoreOptions.defaults().withRetention(engineConfig.retention())
                    .withDurability(engineConfig.durability());
            RunEngine runner = new RunEngine(out, clock);
            try {
                Engine.Summary summary;
                try (Store store = Store.open(dir, options)) {
                    summary = runner.run(engineConfig, dir, store, every, limit, Optional.of(api));
                }
                out.printf(Locale.ROOT, "demo stopped: %,d samples applied to %d twins; history in %s%n",
                        summary.applied(), summary.twins(), dir);
                if (!summary.clean()) {
                    out.println(summary.describeStop());
                }
            } finally {
                runner.finished();
            }
        }
        return 0;
    }

    /**
     * Disk the demo needs: a new data directory takes the seeded history (about 70 MiB) and, with training, a
     * simulated year of the fleet (1.3 GiB measured, before compaction); a running demo adds a few MiB an hour.
     */
    private long requiredSpace(boolean fresh) {
        long mib = 256;
        if (fresh && trainModels) {
            mib += 1792;
        }
        return mib << 20;
    }

    private static Path home() {
        String env = System.getenv("MINETWIN_HOME");
        return Path.of(env != null && !env.isBlank() ? env : ".").toAbsolutePath().normalize();
    }

    /** Fills a new data directory with the fleet's simulated history up to now, and its maintenance records. */
    private void seedHistory(SimulationPlan plan, long seed, Path dir, Instant now, PrintWriter out) {
        Instant from = now.minus(Duration.ofDays(historyDays));
        SimulationPlan seeded = new SimulationPlan(plan.fleet(), plan.settings().withStart(from), plan.twins(), plan.seed());
        List<SeriesKey> keys = seeded.simulation(seed, new Records.Listener() { }).series();
        out.printf(Locale.ROOT, "seeding %s with %d days of simulated history (10-minute steps)...%n", dir, historyDays);
        out.flush();
        long t0 = System.nanoTime();
        DatasetGenerator.Result result;
        long imported;
        try (Store store = Store.open(dir, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            var appender = new SimulateGenerateCommand.Appender(store.history(), keys.toArray(SeriesKey[]::new));
            result = DatasetGenerator.generate(seeded, seed, Duration.ofDays(historyDays), Duration.ofMinutes(10),
                    SimulateGenerateCommand.BATCH, appender);
            RecordsCsv.write(dir, result.maintenance(), result.failures(), result.sensorFaults());
            // Into the event log as well, as 'import maintenance' would: the dashboard lists them, training labels them.
            imported = new MaintenanceImporter().importFile(dir.resolve(RecordsCsv.MAINTENANCE), store.events()).stored();
        }
        out.printf(Locale.ROOT, "seeded %,d samples in %.1f s; maintenance records in %s (%d in the event log)%n",
                result.samples(), (System.nanoTime() - t0) / 1e9, dir.resolve(RecordsCsv.MAINTENANCE), imported);
    }

    private static Path writeConfig(Path dir, Path types, Path fleet, int simPort, String namespace) throws IOException {
        String yaml = """
                # Written by 'minetwin demo' on each start; edit config/minetwin.yaml for your own site.
                data-dir: %s
                asset-types: %s
                fleet: %s
                opcua:
                  pki-dir: %s
                  endpoints:
                    - name: simulator
                      url: opc.tcp://127.0.0.1:%d/minetwin-sim
                      security: None
                      mappings:
                        - pattern: Objects/{site}/{asset}/{component}/{channel}
                          twin: "%s:{asset}"
                          channel: "{component}.{channel}"
                # Forecast every component with an active model once a minute.
                forecasts:
                  every: 1m
                # Cost of downtime per asset type: forecasts are ranked by expected cost of failure.
                costs:
                  currency: USD
                  electric-shovel: {downtimePerHour: 12000, downtimeHours: 36}
                  crusher: {downtimePerHour: 20000, downtimeHours: 24}
                  haul-truck: {downtimePerHour: 2500, downtimeHours: 12}
                  drill-rig: {downtimePerHour: 1500, downtimeHours: 16}
                  drive-inverter: {downtimePerHour: 6000, downtimeHours: 10}
                """.formatted(quote(dir), quote(types.toAbsolutePath()), quote(fleet.toAbsolutePath()),
                quote(dir.resolve("pki")), simPort, namespace);
        Path file = dir.resolve("demo-config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    /** New tokens every start, one per role, readable only by the owner where the file system allows. */
    private static Map<String, String> writeTokens(Path dir) throws IOException {
        SecureRandom random = new SecureRandom();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (Role role : Role.values()) {
            tokens.put(role.id(), AccessTokens.generate(random));
        }
        Path file = dir.resolve("demo-tokens.json");
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tokens));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the file keeps its default permissions
        }
        return tokens;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port: " + e.getMessage(), e);
        }
    }
}
