package io.minetwin.engine.cli;

import io.minetwin.engine.bench.OpcuaBenchmark;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minetwin bench opcua}: the engine's OPC UA ingest against a bare Milo client, same server, same run. */
@Command(name = "opcua",
        mixinStandardHelpOptions = true,
        description = {"Start an OPC UA server (Eclipse Milo) in a separate process with N Double variables that change"
                + " on every sample, then measure in one run: a bare Milo client that only counts data-change"
                + " notifications, and the engine ingesting the same items into twins and durable history (RocksDB"
                + " in a temporary directory).",
                "Prints items, expected_per_s, bare_milo_per_s, engine_per_s, ratio (engine / bare), engine_cpu_pct"
                        + " (share of the whole machine) and samples_stored, among others. Progress goes to"
                        + " standard error.",
                "Once the engine falls behind, Milo buffers notifications and garbage collection grows; from"
                        + " 50,000 items on, give the JVM a larger young generation, e.g."
                        + " MINETWIN_JAVA_OPTS='-Xms2g -Xmn1g' ./minetwin bench opcua --items 50000."})
final class BenchOpcuaCommand extends WorkDirBenchCommand {

    @Option(names = "--items", paramLabel = "N", defaultValue = "" + OpcuaBenchmark.DEFAULT_ITEMS,
            description = "Variables served and monitored (default: ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--sampling-ms", paramLabel = "S", defaultValue = "" + OpcuaBenchmark.DEFAULT_SAMPLING_MS,
            description = "Sampling interval in ms; a quarter of the items each is sampled at S, S+1, S+2 and S+3 ms"
                    + " so that the server samples them in parallel (default: ${DEFAULT-VALUE}).")
    int samplingMs;

    @Option(names = "--seconds", paramLabel = "T", defaultValue = "" + OpcuaBenchmark.DEFAULT_SECONDS,
            description = "Measured seconds per phase, after a warm-up of a third of it, at least 2 s"
                    + " (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws Exception {
        requireAtLeastOne("--items, --sampling-ms and --seconds", items, samplingMs, seconds);
        var settings = new OpcuaBenchmark.Settings(items, samplingMs,
                Duration.ofMillis(Math.max(2_000, seconds * 1000L / 3)), Duration.ofSeconds(seconds));
        var bench = new OpcuaBenchmark(settings, progress());
        return runAndPrint("bench opcua", bench::run);
    }
}
