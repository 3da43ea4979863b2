package io.minetwin.engine.cli;

import io.minetwin.engine.bench.DittoBenchmark;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin bench ditto}: the Ditto sync against any Ditto-protocol endpoint, with a bare client baseline. */
@Command(name = "ditto",
        mixinStandardHelpOptions = true,
        description = {"Mirror N synthetic twins (10 channels each) into a Ditto-protocol endpoint (a real Ditto or"
                + " the Ditto-protocol endpoint of the testkit module) and measure in one run: a bare Ditto client putting"
                + " N things (namespace benchbare), the sync's initial put of N things (namespace bench), then a burst"
                + " of R rounds of updates to every channel, coalesced per thing. A warm-up of up to 2,000 bare puts"
                + " (namespace benchwarm) comes first.",
                "Prints things, things_per_s, bare_things_per_s, ratio, updates_in, commands_out, updates_per_command,"
                        + " ingest_ratio (ingest rate with the sync listening and sending / without),"
                        + " ingest_updates_per_s_listener_only (the listener alone), drain_s and errors."
                        + " Progress goes to standard error. It writes into the endpoint: use a Ditto you may fill"
                        + " with 2 x N + 2,000 things in the namespaces benchwarm, benchbare and bench, under"
                        + " Ditto's default policy for the user."})
final class BenchDittoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--endpoint", required = true, paramLabel = "ws://HOST:PORT",
            description = "The Ditto WebSocket (gateway or nginx), e.g. ws://localhost:8080.")
    String endpoint;

    @Option(names = "--user", paramLabel = "USER:PASSWORD", defaultValue = "ditto:ditto",
            description = "Basic auth (default: ${DEFAULT-VALUE}, as Ditto's docker compose).")
    String user;

    @Option(names = "--things", paramLabel = "N", defaultValue = "" + DittoBenchmark.DEFAULT_THINGS,
            description = "Twins to mirror (default: ${DEFAULT-VALUE}).")
    int things;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + DittoBenchmark.DEFAULT_ROUNDS,
            description = "Burst rounds, each updating every channel of every twin once (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--rate", paramLabel = "U", defaultValue = "2",
            description = "Maximum updates per second per thing (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--max-in-flight", paramLabel = "M", defaultValue = "256",
            description = "Commands awaiting answers at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw new CliException("--endpoint '" + endpoint + "' is not a URL; write ws://host:port", 2);
        }
        if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new CliException("--endpoint '" + endpoint + "' must be ws://host:port or wss://host:port", 2);
        }
        String[] credentials = user.split(":", 2);
        if (credentials.length != 2 || credentials[0].isEmpty()) {
            throw new CliException("--user '" + user + "' must be USER:PASSWORD, e.g. ditto:ditto", 2);
        }
        if (things < 1 || rounds < 1 || maxInFlight < 1 || !(rate > 0)) {
            throw new CliException("--things, --rounds and --max-in-flight must be at least 1 and --rate positive"
                    + " (got " + things + ", " + rounds + ", " + maxInFlight + ", " + rate + ")", 2);
        }
        var err = spec.commandLine().getErr();
        var bench = new DittoBenchmark(new DittoBenchmark.Settings(uri, credentials[0], credentials[1], things, rounds,
                rate, maxInFlight, Duration.ofSeconds(30)), line -> {
                    err.println(line);
                    err.flush();
                });
        java.util.Map<String, Object> figures;
        try {
            figures = bench.run();
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage());
        }
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, "bench ditto", figures);
        return 0;
    }
}
