package io.minetwin.engine.cli;

import io.minetwin.engine.bench.SparkplugBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class BenchSparkplugCommand extends WorkDirBenchCommand {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "" + SparkplugBenchmark.DEFAULT_NODES,
            description = "Edge nodes, 100 metrics each (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + SparkplugBenchmark.DEFAULT_ROUNDS,
            description = "NDATA messages per edge node (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        requireAtLeastOne("--nodes and --rounds", nodes, rounds);
        var bench = new SparkplugBenchmark(nodes, rounds, progress());
        try {
            return runAndPrint("bench sparkplug", bench::run);
        } catch (IllegalStateException e) {
            throw new CliException(e.getMessage(), 1);
        }
    }
}
