package io.minetwin.engine.cli;

import io.minetwin.engine.bench.SparkplugBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin bench sparkplug}: the engine's Sparkplug B ingest against a bare Paho client, same broker, same run. */
@Command(name = "sparkplug",
        mixinStandardHelpOptions = true,
        description = {"Start a mosquitto MQTT broker (Debian's 'mosquitto' package) in a separate process, then"
                + " measure in one run, on the same pre-encoded Sparkplug B messages (N edge nodes of 100 double"
                + " metrics, an NBIRTH each, then R NDATA each carrying every metric by alias, QoS 0): a bare Paho"
                + " client that decodes the payloads and counts metrics, and the engine ingesting them into twins and"
                + " durable history (RocksDB in a temporary directory).",
                "Prints bare_paho_per_s, engine_per_s (samples/s), ratio (engine / bare) and CPU per sample, among"
                        + " others. Progress goes to standard error."})
final class BenchSparkplugCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    BenchDirOption dir;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "" + SparkplugBenchmark.DEFAULT_NODES,
            description = "Edge nodes, 100 metrics each (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + SparkplugBenchmark.DEFAULT_ROUNDS,
            description = "NDATA messages per edge node (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || rounds < 1) {
            throw new CliException("--nodes and --rounds must be at least 1 (got " + nodes + ", " + rounds + ")", 2);
        }
        var err = spec.commandLine().getErr();
        var bench = new SparkplugBenchmark(nodes, rounds, line -> {
            err.println(line);
            err.flush();
        });
        java.util.Map<String, Object> figures;
        try {
            figures = dir.run(bench::run);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), 1);
        }
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, "bench sparkplug", figures);
        return 0;
    }
}
