package io.minetwin.engine.faults;

import io.minetwin.engine.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin bench faults}: the fault suite; see {@link FaultSuite}. */
@Command(name = "faults",
        mixinStandardHelpOptions = true,
        description = {"Run the engine ('minetwin run', a separate process) under real faults and report each case"
                + " with its figures: kill (SIGKILL of the engine during OPC UA ingest, --kills times at random"
                + " moments), disk-full (its data on a small tmpfs that fills up, then is freed; needs root),"
                + " equipment (the OPC UA server killed and restarted, then the network cut through a TCP proxy for"
                + " --cut) and load (a year-long raw history read and an SSE storm during ingest; the ingest rate"
                + " with the load against without, in the same run).",
                "Every case reports lost: samples the engine acknowledged (made durable and showed through its API)"
                        + " that are not in its history afterwards; it must be 0. The equipment is an OPC UA server"
                        + " (Eclipse Milo, its own process) whose values are their tick numbers and which keeps its"
                        + " history on disk, so duplicates and samples missing from history are counted exactly.",
                "The full suite takes about 8 minutes on two busy cores; progress goes to standard error. Exit code 1"
                        + " when a case lost samples or failed."})
public final class BenchFaultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "LIST", split = ",", defaultValue = "kill,disk-full,equipment,load",
            description = "Cases to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> cases;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "20",
            description = "SIGKILLs of the engine in case kill (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--cut", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long the network is cut in case equipment (default: ${DEFAULT-VALUE}).")
    String cut;

    @Option(names = "--server-down", paramLabel = "DURATION", defaultValue = "3s",
            description = "How long the equipment's OPC UA server stays dead in case equipment (default:"
                    + " ${DEFAULT-VALUE}).")
    String serverDown;

    @Option(names = "--full-for", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long the disk stays full in case disk-full (default: ${DEFAULT-VALUE}).")
    String fullFor;

    @Option(names = "--disk-mb", paramLabel = "MB", defaultValue = "64",
            description = "Size of the tmpfs of case disk-full (default: ${DEFAULT-VALUE}).")
    int diskMegabytes;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "15s",
            description = "Each measuring window of case load: without load, with it, without again (default:"
                    + " ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--sse-clients", paramLabel = "N", defaultValue = "1000",
            description = "SSE clients of the storm in case load (default: ${DEFAULT-VALUE}).")
    int sseClients;

    @Option(names = "--year-readers", paramLabel = "N", defaultValue = "2",
            description = "Concurrent, repeated year-long raw reads in case load (default: ${DEFAULT-VALUE}).")
    int yearReaders;

    @Option(names = "--twins", paramLabel = "N", defaultValue = "4",
            description = "Equipment twins of 25 channels for kill, disk-full and equipment (default: ${DEFAULT-VALUE}).")
    int twins;

    @Option(names = "--load-twins", paramLabel = "N", defaultValue = "10",
            description = "Equipment twins of 100 channels for load (default: ${DEFAULT-VALUE}).")
    int loadTwins;

    @Option(names = "--tick", paramLabel = "DURATION", defaultValue = "100ms",
            description = "How often the equipment produces a value per channel (default: ${DEFAULT-VALUE}).")
    String tick;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "14",
            description = "Seed of the random kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Work directory, kept afterwards with the engines' and the equipment's logs (default: a"
                    + " temporary one, removed at the end).")
    Path dir;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FaultSuite.Settings settings;
        try {
            settings = new FaultSuite.Settings(new LinkedHashSet<>(cases), kills, duration("--server-down", serverDown),
                    duration("--cut", cut), duration("--full-for", fullFor), diskMegabytes, duration("--window", window),
                    sseClients, yearReaders, twins, loadTwins, (int) duration("--tick", tick).toMillis(), seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        var suite = new FaultSuite(settings, line -> {
            err.println(line);
            err.flush();
        });
        Map<String, Object> figures;
        if (dir != null) {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + dir
                            + " is not empty; give an empty or new directory");
                }
            }
            figures = suite.run(dir);
        } else {
            Path work = Files.createTempDirectory("minetwin-faults-");
            try {
                figures = suite.run(work);
            } finally {
                delete(work);
            }
        }
        print(spec.commandLine().getOut(), figures);
        return Boolean.TRUE.equals(figures.get("all_lost_zero")) && !hasError(figures) ? 0 : 1;
    }

    private Duration duration(String option, String text) {
        try {
            Duration d = Durations.parse(text, false);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + text + ": " + e.getMessage()
                    + "; write e.g. 30s, 500ms or 2m");
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean hasError(Map<String, Object> figures) {
        return ((Map<String, Object>) figures.get("cases")).values().stream()
                .anyMatch(c -> ((Map<String, Object>) c).containsKey("error"));
    }

    @SuppressWarnings("unchecked")
    private void print(PrintWriter out, Map<String, Object> figures) throws IOException {
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures));
        } else {
            out.println("bench faults:");
            ((Map<String, Object>) figures.get("cases")).forEach((name, c) -> {
                out.println("  " + name + ":");
                ((Map<String, Object>) c).forEach((k, v) -> out.printf(Locale.ROOT, "    %-28s %s%n", k, v));
            });
            out.printf(Locale.ROOT, "  %-30s %s%n", "all_lost_zero", figures.get("all_lost_zero"));
            out.printf(Locale.ROOT, "  %-30s %s%n", "seconds", figures.get("seconds"));
        }
        out.flush();
    }

    private static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("warning: could not remove " + root + ": " + e.getMessage());
        }
    }
}
