package io.minetwin.engine.cli;

import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.opcua.ServerSettings;
import io.minetwin.simulator.opcua.SimulationServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin simulate serve}: the simulated fleet as an OPC UA server, until Ctrl-C or SIGTERM. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Serve the simulated fleet over OPC UA at opc.tcp://HOST:PORT/minetwin-sim:",
                "Objects/<site>/<asset>/<component>/<channel> variables (Double; states by name, booleans as Boolean) with EngineeringUnits and EURange,",
                "source timestamps in simulated time. Runs until Ctrl-C or SIGTERM."})
final class SimulateServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SimulateFleetOptions fleetOptions;

    @Option(names = "--port", defaultValue = "4850", description = "TCP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on and advertise. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--speed", defaultValue = "1", paramLabel = "X",
            description = "Simulated seconds per real second, e.g. 3600. Default: ${DEFAULT-VALUE}.")
    double speed;

    @Option(names = "--start", paramLabel = "T", converter = InstantConverter.class,
            description = "Simulated time at the start (default: now).")
    Instant start;

    @Option(names = "--secure", description = "Offer Basic256Sha256 SignAndEncrypt (self-signed certificate) instead of"
            + " security None.")
    boolean secure;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD",
            description = "A user allowed to log in (repeatable); without users, logins are anonymous.")
    List<String> users = List.of();

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0)) {
            throw new CliException("--speed " + speed + ": give a positive factor, e.g. 1 or 3600", 2);
        }
        Map<String, String> logins = new LinkedHashMap<>();
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon <= 0 || colon == u.length() - 1) {
                throw new CliException("--user " + u + ": write NAME:PASSWORD, e.g. operator:s3cret", 2);
            }
            logins.put(u.substring(0, colon), u.substring(colon + 1));
        }
        SimulationPlan plan = fleetOptions.load();
        Clock clock = Clock.systemUTC();
        Instant t0 = start != null ? start : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var settings = new ServerSettings(bind, port, secure, logins);
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimulationServer server = SimulationServer.start(plan, fleetOptions.seed(plan), settings, clock, t0, speed,
                Duration.ofSeconds(1))) {
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "minetwin-sim-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("serving %d twins (%,d variables) of %s at %s%s, speed %sx from %s; Ctrl-C stops%n",
                    plan.fleet().twins().size(), server.variableCount(), plan.fleet().site(), server.endpointUrl(),
                    secure ? " (Basic256Sha256 SignAndEncrypt)" : " (security None)", speed, t0);
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
