package io.minetwin.engine.cli;

import io.minetwin.engine.bench.ScadaBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin bench scada}: the OPC UA server for SCADA systems at fleet scale; see {@link ScadaBenchmark}. */
@Command(name = "scada",
        mixinStandardHelpOptions = true,
        description = {"Serve N synthetic twins of C channels over OPC UA in this process and measure: the twin"
                + " repository's apply rate without the server and any SCADA client (baseline) and while the server"
                + " follows every change with a Milo client subscribed to M channels, in alternating one-second"
                + " slices (apply_ratio: the median of the slice pairs' ratios, goal >= 0.95), the CPU time of the"
                + " applying thread per sample and of the process's other threads on each side, the values the"
                + " server delivered and coalesced, the server's start time, the heap it adds and the time to"
                + " drain its queue.",
                "10,000 twins x 30 channels needs a heap of about 3 GB: MINETWIN_JAVA_OPTS=-Xmx4g ./minetwin bench"
                        + " scada. Progress goes to standard error."})
final class BenchScadaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--twins", paramLabel = "N", defaultValue = "" + ScadaBenchmark.DEFAULT_TWINS,
            description = "Twins (default: ${DEFAULT-VALUE}).")
    int twins;

    @Option(names = "--channels", paramLabel = "C", defaultValue = "" + ScadaBenchmark.DEFAULT_CHANNELS,
            description = "Channels per twin (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--monitored", paramLabel = "M", defaultValue = "" + ScadaBenchmark.DEFAULT_MONITORED,
            description = "Channels a client subscribes to (default: ${DEFAULT-VALUE}).")
    int monitored;

    @Option(names = "--sampling-interval", paramLabel = "MS", defaultValue = "0",
            description = "Sampling interval the client asks for, in milliseconds; 0 asks for the fastest the server"
                    + " allows (its min-sampling-interval, 100 ms by default). Each item gets at most one value per"
                    + " revised interval (default: ${DEFAULT-VALUE}).")
    double samplingInterval;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "20",
            description = "Length of each measured phase (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--store", description = "Write each repository's history to a RocksDB store in a temporary"
            + " folder, as the engine's ingest does (default: repository only, the strictest comparison).")
    boolean store;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path pki = Files.createTempDirectory("minetwin-bench-scada-pki");
        Path stores = store ? Files.createTempDirectory("minetwin-bench-scada-store") : null;
        Map<String, Object> figures;
        try {
            figures = ScadaBenchmark.run(twins, channels, monitored, samplingInterval, Duration.ofSeconds(seconds), pki,
                    stores, err);
        } finally {
            if (stores != null) {
                deleteTree(stores);
            }
            deleteTree(pki);
        }
        if (json) {
            out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(figures));
        } else {
            out.println("bench scada:");
            figures.forEach((k, v) -> out.printf(Locale.ROOT, "  %-36s %s%n", k, v));
        }
        out.flush();
        return 0;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
