package io.minetwin.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minetwin bench forecast}: the unseen-fleet protocol in one command. It generates a training fleet
 * and several evaluation fleets with other seeds (and optionally another fleet file, e.g. another climate
 * or ageing), imports their maintenance records, trains on the first and evaluates on each of the others,
 * then prints every fleet's figures with the worst and the mean, so that a design is judged on fleets it was
 * not tuned on rather than on its best one.
 */
@Command(name = "forecast",
        mixinStandardHelpOptions = true,
        description = {"The unseen-fleet protocol: simulate a training fleet (--train-seed) and evaluation fleets"
                + " (--eval-seeds), import their maintenance records, train every component on the first and"
                + " backtest those models on each of the others, then print each fleet's figures and the worst and"
                + " mean of: recall at 72 h, false alarms per asset-year, precision, median lead time, and the"
                + " failures on components without a trained model.",
                "Fleets already generated in --work (from an earlier run with the same settings) are reused."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:evaluated", "1:a step failed", "2:bad usage"})
final class BenchForecastCommand implements Callable<Integer> {

    private static final String DONE = ".bench-forecast-done";

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Option(names = "--fleet", defaultValue = "config/fleets/demo.yaml", paramLabel = "FILE",
            description = "Fleet to train on (default: ${DEFAULT-VALUE}).")
    Path fleet;

    @Option(names = "--eval-fleet", paramLabel = "FILE", description = "Fleet to evaluate on, e.g. the same machines"
            + " in another climate or ageing (default: --fleet).")
    Path evalFleet;

    @Option(names = "--asset-types", paramLabel = "DIR", description = "Asset types folder (default: the"
            + " simulator's).")
    Path assetTypes;

    @Option(names = "--train-seed", defaultValue = "1", paramLabel = "S", description = "Seed of the training fleet"
            + " (default: ${DEFAULT-VALUE}).")
    long trainSeed;

    @Option(names = "--eval-seeds", defaultValue = "2,3,4,5", split = ",", paramLabel = "S",
            description = "Seeds of the evaluation fleets (default: ${DEFAULT-VALUE}).")
    List<Long> evalSeeds;

    @Option(names = "--days", defaultValue = "365", paramLabel = "D", description = "Simulated days per fleet"
            + " (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for the generated fleets and models"
            + " (default: a new temporary folder).")
    Path work;

    @Override
    public Integer call() throws IOException {
        if (days < 30) {
            throw new CliException("--days " + days + ": at least 30 days are needed for failures to train on", 2);
        }
        if (evalSeeds.isEmpty() || evalSeeds.contains(trainSeed)) {
            throw new CliException("--eval-seeds " + evalSeeds + ": give one or more seeds other than --train-seed "
                    + trainSeed + " (an evaluation on the training fleet says nothing about unseen fleets)", 2);
        }
        for (Path f : evalFleet == null ? List.of(fleet) : List.of(fleet, evalFleet)) {
            if (!Files.isRegularFile(f)) {
                throw new CliException("fleet file " + f + " does not exist; give --fleet (and --eval-fleet) FILE", 2);
            }
        }
        Path root = work != null ? work : Files.createTempDirectory("minetwin-bench-forecast");
        Files.createDirectories(root);
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        Path train = generate(root, fleet, trainSeed, err);
        if (!Files.exists(train.resolve("models").resolve(DONE))) {
            progress(err, "training on seed " + trainSeed);
            step(List.of("train", "--data", train.toString(), "--all", "--json"), "train");
            Files.writeString(train.resolve("models").resolve(DONE), "");
        }
        Map<String, Object> fleets = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        for (long seed : evalSeeds) {
            Path eval = generate(root, evalFleet != null ? evalFleet : fleet, seed, err);
            progress(err, "evaluating on seed " + seed);
            String out = step(List.of("evaluate", "--data", eval.toString(), "--models", train.toString(),
                    "--ground-truth", eval.resolve("ground-truth.csv").toString(), "--json"), "evaluate");
            fleets.put("seed-" + seed, figures(mapper.readTree(out)));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("train_fleet", fleet.toString());
        m.put("eval_fleet", (evalFleet != null ? evalFleet : fleet).toString());
        m.put("train_seed", trainSeed);
        m.put("days", days);
        m.put("work", root.toString());
        m.put("fleets", fleets);
        m.put("worst", summary(fleets, true));
        m.put("mean", summary(fleets, false));
        m.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, m);
        } else {
            fleets.forEach((k, v) -> out.println(line(k, cast(v))));
            out.println(line("worst", cast(m.get("worst"))));
            out.println(line("mean", cast(m.get("mean"))));
            out.flush();
        }
        return 0;
    }

    /** The figures the protocol compares, from one {@code evaluate --json}. */
    static Map<String, Object> figures(JsonNode e) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("failures", e.path("failures").asLong());
        f.put("predictable_failures", e.path("predictable_failures").asLong());
        f.put("recall_72h", number(e, "recall_72h"));
        f.put("false_alarms_per_asset_year", number(e, "false_alarms_per_asset_year"));
        f.put("precision", number(e, "precision"));
        f.put("median_lead_hours", number(e, "median_lead_hours"));
        f.put("failures_without_model", e.path("failures_without_model").asLong());
        f.put("asset_years", number(e, "asset_years"));
        return f;
    }

    private static Double number(JsonNode e, String field) {
        JsonNode n = e.path(field);
        return n.isNumber() ? n.asDouble() : null;
    }

    /**
     * The worst (or mean) of each figure over the fleets: the lowest recall, precision and lead, the most false
     * alarms and failures without a model.
     */
    static Map<String, Object> summary(Map<String, Object> fleets, boolean worst) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String k : List.of("recall_72h", "false_alarms_per_asset_year", "precision", "median_lead_hours",
                "failures_without_model")) {
            boolean higherIsWorse = k.equals("false_alarms_per_asset_year") || k.equals("failures_without_model");
            List<Double> v = fleets.values().stream().map(f -> cast(f).get(k)).filter(x -> x instanceof Number)
                    .map(x -> ((Number) x).doubleValue()).toList();
            if (v.isEmpty()) {
                s.put(k, null);
            } else if (worst) {
                double w = higherIsWorse ? v.stream().max(Comparator.naturalOrder()).orElseThrow()
                        : v.stream().min(Comparator.naturalOrder()).orElseThrow();
                s.put(k, k.equals("failures_without_model") ? (Object) Math.round(w) : (Object) w);
            } else {
                s.put(k, Math.round(v.stream().mapToDouble(Double::doubleValue).average().orElseThrow() * 1000)
                        / 1000.0);
            }
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static String line(String name, Map<String, Object> f) {
        return String.format(Locale.ROOT, "%-8s recall@72h %s, false alarms/asset-year %s, precision %s,"
                        + " median lead %s h, failures without a model %s", name, f.get("recall_72h"),
                f.get("false_alarms_per_asset_year"), f.get("precision"), f.get("median_lead_hours"),
                f.get("failures_without_model"));
    }

    /** Generates and imports one fleet into {@code root/<fleet>-seed-<seed>}, unless an earlier run did. */
    private Path generate(Path root, Path fleetFile, long seed, PrintWriter err) throws IOException {
        String name = fleetFile.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Path dir = root.resolve(name + "-seed-" + seed + "-" + days + "d");
        if (Files.exists(dir.resolve(DONE))) {
            progress(err, "reusing " + dir);
            return dir;
        }
        if (Files.exists(dir)) {
            deleteTree(dir);
        }
        progress(err, "simulating " + days + " days of " + fleetFile + " with seed " + seed + " into " + dir);
        List<String> gen = new ArrayList<>(List.of("simulate", "generate", "--fleet", fleetFile.toString(), "--days",
                Integer.toString(days), "--seed", Long.toString(seed), "--out", dir.toString(), "--json"));
        if (assetTypes != null) {
            gen.addAll(List.of("--asset-types", assetTypes.toString()));
        }
        step(gen, "simulate generate");
        step(List.of("import", "maintenance", "--data", dir.toString(), dir.resolve("maintenance.csv").toString()),
                "import maintenance");
        Files.writeString(dir.resolve(DONE), "");
        return dir;
    }

    /** Runs one minetwin command in this process and returns what it printed; a failure names the step. */
    private String step(List<String> args, String what) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args.toArray(String[]::new));
        if (rc != 0) {
            throw new CliException(what + " failed (exit " + rc + "): minetwin " + String.join(" ", args) + "\n"
                    + err.toString().strip(), 1);
        }
        return out.toString();
    }

    private static void progress(PrintWriter err, String message) {
        err.println(message);
        err.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
