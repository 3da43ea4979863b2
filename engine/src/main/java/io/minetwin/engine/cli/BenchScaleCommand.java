package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.engine.bench.ScadaBenchmark;
import io.minetwin.engine.bench.ScaleChart;
import io.minetwin.engine.bench.ScaleCurve;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.model.History;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.bench.BenchFigures;
import io.minetwin.simulator.DatasetGenerator;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.SampleBatch;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.store.bench.ScaleProbes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin bench scale}: how the cost of ingest, scoring, history reads and the SCADA server grows. */
@Command(name = "scale",
        mixinStandardHelpOptions = true,
        description = {"Runs the benches at three sizes each and fits how their cost grows: ingest at 1,000, 10,000"
                + " and 100,000 series (the store's acknowledged append path, as bench ingest, with the"
                + " one-record-per-sample baseline in the same run); scoring at 100, 1,000 and 10,000 assets (as"
                + " bench score, with shorter histories: --score-history-hours, default 24); history reads of a"
                + " day, a month and a year of one 1-minute series (raw and hourly rollups); the SCADA server at"
                + " 1,000, 10,000 and 100,000 channels (as bench scada: start time, heap and apply rate).",
                "For each curve it prints the rates and the exponent of a power law fitted to cost against size"
                        + " (log-log least squares; linear = 1.0), flags curves whose exponent is above "
                        + (1 + ScaleCurve.LINEAR_TOLERANCE) + " (worse than linear), and with --out DIR writes"
                        + " a PNG chart per curve (scale-<curve>.png). Progress goes to standard error.",
                "The default run takes several minutes on two cores (most of it training the scoring models, as"
                        + " bench score does); --quick measures smaller workloads per size, --curves picks curves."})
final class BenchScaleCommand implements Callable<Integer> {

    static final Set<String> CURVES = Set.of("ingest", "score", "query", "scada");
    static final int[] INGEST_SERIES = {1_000, 10_000, 100_000};
    static final int[] SCORE_ASSETS = {100, 1_000, 10_000};
    static final int[] QUERY_DAYS = {1, 30, 365};
    static final int[] SCADA_CHANNELS = {1_000, 10_000, 100_000};
    static final int SCADA_CHANNELS_PER_TWIN = 10;
    /** Distinct simulated copies of the demo fleet for scoring; larger fleets repeat their histories. */
    static final int SCORE_DISTINCT_COPIES = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    BenchDirOption dir;

    @Option(names = "--out", paramLabel = "DIR", description = "Write a PNG chart per curve into DIR"
            + " (scale-<curve>.png).")
    Path out;

    @Option(names = "--quick", description = "Smaller workloads at each size (fewer samples per series, shorter"
            + " phases, 6 hours of history to score), for a smoke run; the sizes stay the same.")
    boolean quick;

    @Option(names = "--curves", paramLabel = "LIST", split = ",", defaultValue = "ingest,query,scada,score",
            description = "Curves to measure, of ingest, score, query, scada (default: ${DEFAULT-VALUE}).")
    List<String> curves;

    @Option(names = "--ingest-samples", paramLabel = "M", description = "Samples per series at each ingest size"
            + " (default: 60, 10 with --quick).")
    Integer ingestSamples;

    @Option(names = "--score-history-hours", paramLabel = "H", description = "Hours of recent history per scored"
            + " asset (default: 24, 6 with --quick; bench score uses 7 days).")
    Integer scoreHistoryHours;

    @Option(names = "--home", paramLabel = "DIR", description = "The minetwin folder holding config/ (default:"
            + " $MINETWIN_HOME, else the working directory).")
    Path home;

    @Override
    public Integer call() throws Exception {
        Set<String> chosen = new LinkedHashSet<>();
        for (String c : curves) {
            String name = c.trim().toLowerCase(Locale.ROOT);
            if (!CURVES.contains(name)) {
                throw new CliException("--curves: unknown curve '" + c + "'; choose from ingest, score, query,"
                        + " scada", 2);
            }
            chosen.add(name);
        }
        int samples = ingestSamples != null ? ingestSamples : quick ? 10 : 60;
        int hours = scoreHistoryHours != null ? scoreHistoryHours : quick ? 6 : 24;
        if (samples < 2 || hours < 1) {
            throw new CliException("--ingest-samples must be at least 2 and --score-history-hours at least 1", 2);
        }
        SimulationPlan plan = chosen.contains("score") ? demoPlan() : null;
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> figures = BenchFigures.ordered();
        List<ScaleCurve> fitted = new ArrayList<>();
        figures.put("load_average_at_start", loadAverage());
        figures.put("quick", quick);
        dir.run(work -> {
            // A curve that fails (out of memory at its largest size, say) is reported and the others still run.
            for (String curve : List.of("ingest", "query", "scada", "score")) {
                if (!chosen.contains(curve)) {
                    continue;
                }
                try {
                    switch (curve) {
                        case "ingest" -> ingest(work, samples, figures, fitted, err);
                        case "query" -> query(work, figures, fitted, err);
                        case "scada" -> scada(work, figures, fitted, err);
                        default -> score(work, plan, hours, figures, fitted, err);
                    }
                } catch (OutOfMemoryError e) {
                    figures.put(curve + "_failed", "out of memory (max heap "
                            + Runtime.getRuntime().maxMemory() / 1_048_576 + " MB); give more with"
                            + " MINETWIN_JAVA_OPTS=-Xmx...");
                    say(err, curve + ": out of memory; the other curves go on");
                } catch (CliException e) {
                    throw e;
                } catch (Exception e) {
                    figures.put(curve + "_failed", String.valueOf(e.getMessage()));
                    say(err, curve + ": failed: " + e);
                }
            }
            return null;
        });
        List<String> worse = new ArrayList<>();
        for (ScaleCurve c : fitted) {
            if (c.worseThanLinear()) {
                worse.add(c.name());
            }
        }
        figures.put("worse_than_linear", worse.isEmpty() ? "none" : String.join(",", worse));
        if (out != null) {
            List<String> charts = new ArrayList<>();
            for (ScaleCurve c : fitted) {
                Path png = out.resolve("scale-" + c.name().replace('_', '-') + ".png");
                ScaleChart.write(c, png);
                charts.add(png.toString());
            }
            figures.put("charts", String.join(",", charts));
        }
        figures.put("load_average_at_end", loadAverage());
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, "bench scale", figures);
        return 0;
    }

    // ------------------------------------------------------------------------------------------ the curves

    private void ingest(Path work, int samples, Map<String, Object> f, List<ScaleCurve> fitted, PrintWriter err) {
        say(err, "ingest: untimed warm-up round...");
        ScaleProbes.ingest(work, 1_000, Math.min(samples, 30), 7);
        double[] sizes = new double[INGEST_SERIES.length];
        double[] engine = new double[sizes.length];
        double[] baseline = new double[sizes.length];
        for (int i = 0; i < INGEST_SERIES.length; i++) {
            int n = INGEST_SERIES[i];
            say(err, String.format(Locale.ROOT, "ingest: %,d series x %d samples...", n, samples));
            ScaleProbes.Ingest r = ScaleProbes.ingest(work, n, samples, 20260101L);
            sizes[i] = n;
            engine[i] = r.engineSeconds();
            baseline[i] = r.baselineSeconds();
            f.put("ingest_" + n + "_series_samples_per_s", Math.round(r.engineSamplesPerS()));
            f.put("ingest_" + n + "_series_baseline_samples_per_s", Math.round(r.baselineSamplesPerS()));
            f.put("ingest_" + n + "_series_ratio", BenchFigures.round(r.baselineSeconds() / r.engineSeconds(), 2));
        }
        f.put("ingest_samples_per_series", samples);
        ScaleCurve curve = new ScaleCurve("ingest", "Ingest: acknowledged appends, " + samples + " samples per series",
                "series", "seconds", sizes, engine);
        ScaleCurve base = new ScaleCurve("ingest_baseline", "Ingest baseline: one RocksDB record per sample",
                "series", "seconds", sizes, baseline);
        put(f, curve, fitted);
        f.put("ingest_baseline_exponent", BenchFigures.round(base.exponent(), 2));
    }

    private void query(Path work, Map<String, Object> f, List<ScaleCurve> fitted, PrintWriter err) {
        say(err, "history reads: storing a year of one 1-minute series, then reading a day, a month and a year...");
        long[] ranges = new long[QUERY_DAYS.length];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = QUERY_DAYS[i] * 86_400_000L;
        }
        ScaleProbes.Read[] reads = ScaleProbes.historyReads(work, ranges, quick ? 5 : 15, 20260101L);
        double[] sizes = new double[reads.length];
        double[] raw = new double[reads.length];
        double[] rollup = new double[reads.length];
        for (int i = 0; i < reads.length; i++) {
            ScaleProbes.Read r = reads[i];
            String p = "query_" + QUERY_DAYS[i] + "_days_";
            sizes[i] = QUERY_DAYS[i];
            raw[i] = r.rawMs();
            rollup[i] = r.rollupMs();
            f.put(p + "raw_ms", BenchFigures.round(r.rawMs(), 3));
            f.put(p + "raw_points_per_s", Math.round(r.rawPoints() / (r.rawMs() / 1000)));
            f.put(p + "rollup_1h_ms", BenchFigures.round(r.rollupMs(), 3));
        }
        put(f, new ScaleCurve("query_raw", "History reads: raw samples of one 1-minute series", "days read",
                "milliseconds", sizes, raw), fitted);
        put(f, new ScaleCurve("query_rollup", "History reads: hourly rollups of one series", "days read",
                "milliseconds", sizes, rollup), fitted);
    }

    private void scada(Path work, Map<String, Object> f, List<ScaleCurve> fitted, PrintWriter err) throws Exception {
        double[] sizes = new double[SCADA_CHANNELS.length];
        double[] start = new double[sizes.length];
        double[] heap = new double[sizes.length];
        boolean heapMeasured = true;
        Duration phase = Duration.ofMillis(quick ? 300 : 1_000);
        // The first server in a process pays for class loading and its certificate: an untimed small round.
        say(err, "scada: untimed warm-up round with 10 twins...");
        ScadaBenchmark.run(10, SCADA_CHANNELS_PER_TWIN, 10, Duration.ofMillis(100),
                Files.createDirectories(work.resolve("scada-pki-warm-up")), err);
        for (int i = 0; i < SCADA_CHANNELS.length; i++) {
            int channels = SCADA_CHANNELS[i];
            int twins = channels / SCADA_CHANNELS_PER_TWIN;
            say(err, String.format(Locale.ROOT, "scada: %,d twins x %d channels, %,d monitored...", twins,
                    SCADA_CHANNELS_PER_TWIN, channels / 10));
            Path pki = Files.createDirectories(work.resolve("scada-pki-" + channels));
            Map<String, Object> r = ScadaBenchmark.run(twins, SCADA_CHANNELS_PER_TWIN, channels / 10, phase, pki, err);
            sizes[i] = channels;
            start[i] = ((Number) r.get("start_s")).doubleValue();
            long bytes = ((Number) r.get("bytes_per_variable")).longValue() * channels;
            heap[i] = bytes;
            heapMeasured &= bytes > 0 && start[i] > 0;
            String p = "scada_" + channels + "_channels_";
            f.put(p + "start_s", r.get("start_s"));
            f.put(p + "bytes_per_channel", r.get("bytes_per_variable"));
            f.put(p + "apply_per_s_with_server", r.get("apply_per_s_with_server"));
            f.put(p + "apply_ratio", r.get("apply_ratio"));
        }
        f.put("scada_phase_s", phase.toMillis() / 1000.0);
        if (heapMeasured) {
            put(f, new ScaleCurve("scada_start", "SCADA server: start time", "channels", "seconds", sizes, start),
                    fitted);
            put(f, new ScaleCurve("scada_heap", "SCADA server: heap it adds", "channels", "bytes", sizes, heap),
                    fitted);
        } else {
            f.put("scada_exponent", "not fitted: a heap or start figure was not positive (GC noise at small sizes)");
        }
    }

    private void score(Path work, SimulationPlan plan, int hours, Map<String, Object> f, List<ScaleCurve> fitted,
                       PrintWriter err) throws Exception {
        say(err, "score: training models as bench score does (the longest step)...");
        long t0 = System.nanoTime();
        ModelRegistry registry = new ModelRegistry(work.resolve("models"), Clock.systemUTC());
        List<ModelVersion> active = BenchScoreCommand.trainModels(work, plan, 7, registry);
        f.put("score_train_seconds", BenchFigures.round((System.nanoTime() - t0) / 1e9, 1));
        f.put("score_active_models", active.size());
        f.put("score_history_hours", hours);
        int perCopy = plan.fleet().twins().size();
        double[] sizes = new double[SCORE_ASSETS.length];
        double[] seconds = new double[sizes.length];
        for (int i = 0; i < SCORE_ASSETS.length; i++) {
            int copies = (SCORE_ASSETS[i] + perCopy - 1) / perCopy;
            int assets = copies * perCopy;
            say(err, String.format(Locale.ROOT, "score: %,d assets with %d hours of history...", assets, hours));
            Path fleetDir = work.resolve("score-fleet-" + assets);
            StoreOptions keepAll = StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                    .withRetentionSweepInterval(Duration.ZERO);
            InMemoryTwinRepository twins = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
            int forecasts;
            double s;
            try (Store store = Store.open(fleetDir, keepAll)) {
                generate(plan, copies, hours, store.history(), twins);
                Scorer scorer = new Scorer(twins, store.history(), new StoreLabelSource(store.events()),
                        store.history(), store.events(), registry, Optional.empty(),
                        Clock.fixed(BenchScoreCommand.ANCHOR, ZoneOffset.UTC));
                scorer.scoreAll(); // warms the JIT and caches, as in bench score
                long t = System.nanoTime();
                forecasts = scorer.scoreAll();
                s = (System.nanoTime() - t) / 1e9;
            } catch (OutOfMemoryError e) {
                twins = null;
                f.put("score_" + assets + "_assets_failed", "out of memory (max heap "
                        + Runtime.getRuntime().maxMemory() / 1_048_576 + " MB)");
                say(err, "score: out of memory at " + assets + " assets; fitting the sizes measured");
                deleteTree(fleetDir);
                if (i >= 2) {
                    put(f, new ScaleCurve("score", "Scoring: every component of every asset, " + hours
                            + " h of history", "assets", "seconds", java.util.Arrays.copyOf(sizes, i),
                            java.util.Arrays.copyOf(seconds, i)), fitted);
                }
                return;
            }
            deleteTree(fleetDir);
            if (forecasts == 0) {
                throw new CliException("scoring " + assets + " assets made no forecast; nothing to measure");
            }
            sizes[i] = assets;
            seconds[i] = s;
            String p = "score_" + assets + "_assets_";
            f.put(p + "forecasts", forecasts);
            f.put(p + "forecasts_per_s", Math.round(forecasts / s));
            f.put(p + "seconds", BenchFigures.round(s, 3));
        }
        put(f, new ScaleCurve("score", "Scoring: every component of every asset, " + hours + " h of history",
                "assets", "seconds", sizes, seconds), fitted);
    }

    /**
     * {@code copies} copies of the demo fleet with {@code hours} of history before the bench's anchor time:
     * {@link #SCORE_DISTINCT_COPIES} are simulated (seeds as in bench score) and the others repeat their
     * histories under their own twin ids, so that the simulator's time does not dominate large fleets.
     */
    private static void generate(SimulationPlan plan, int copies, int hours, History history,
                                 InMemoryTwinRepository twins) {
        Instant now = BenchScoreCommand.ANCHOR;
        SimulationPlan recent = new SimulationPlan(plan.fleet(), plan.settings()
                .withStart(now.minus(Duration.ofHours(hours))), plan.twins(), plan.seed());
        int distinct = Math.min(copies, SCORE_DISTINCT_COPIES);
        for (int d = 0; d < distinct; d++) {
            List<SeriesKey> keys = recent.simulation(100 + d, new Records.Listener() { }).series();
            List<SeriesKey[]> replicas = new ArrayList<>();
            for (int c = d; c < copies; c += distinct) {
                SeriesKey[] renamed = new SeriesKey[keys.size()];
                for (int i = 0; i < renamed.length; i++) {
                    SeriesKey k = keys.get(i);
                    renamed[i] = new SeriesKey(copy(k.twin(), c), k.component(), k.channel());
                }
                replicas.add(renamed);
            }
            DatasetGenerator.generate(recent, 100 + d, Duration.ofHours(hours), Duration.ofMinutes(10),
                    SimulateGenerateCommand.BATCH, batch -> appendReplicas(batch, replicas, history));
        }
        for (int c = 0; c < copies; c++) {
            for (TwinDefinition def : plan.fleet().twins().values()) {
                twins.register(new TwinDefinition(copy(def.id(), c), def.type(), def.attributes()));
            }
        }
    }

    /** Appends {@code batch} once per replica, series-major as the generator's appender does. */
    private static void appendReplicas(SampleBatch batch, List<SeriesKey[]> replicas, History history) {
        int seriesCount = replicas.get(0).length;
        int[] start = new int[seriesCount + 1];
        for (int i = 0; i < batch.size(); i++) {
            start[batch.series(i) + 1]++;
        }
        for (int s = 0; s < seriesCount; s++) {
            start[s + 1] += start[s];
        }
        int[] order = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            order[start[batch.series(i)]++] = i;
        }
        List<Point> points = new ArrayList<>(batch.size());
        for (SeriesKey[] keys : replicas) {
            points.clear();
            for (int j : order) {
                points.add(new Point(keys[batch.series(j)], batch.time(j), batch.value(j), QualityLevel.GOOD));
            }
            history.append(points);
        }
    }

    private static TwinId copy(TwinId id, int c) {
        return c == 0 ? id : new TwinId(id.namespace(), id.name() + "-c" + c);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void put(Map<String, Object> f, ScaleCurve c, List<ScaleCurve> fitted) {
        f.put(c.name() + "_exponent", BenchFigures.round(c.exponent(), 2));
        f.put(c.name() + "_exponent_largest_step", BenchFigures.round(c.largestStepExponent(), 2));
        f.put(c.name() + "_worse_than_linear", c.worseThanLinear());
        fitted.add(c);
    }

    private SimulationPlan demoPlan() throws Exception {
        Path root = (home != null ? home : Path.of(Optional.ofNullable(System.getenv("MINETWIN_HOME")).orElse(".")))
                .toAbsolutePath().normalize();
        Path fleetFile = root.resolve("config").resolve("fleets").resolve("demo.yaml");
        if (!Files.isRegularFile(fleetFile)) {
            throw new CliException("the demo fleet " + fleetFile + " is missing (the score curve needs it); run"
                    + " from the minetwin folder, pass --home DIR, or leave score out of --curves", 2);
        }
        return SimulationLoader.load(fleetFile, AssetTypeLoader.loadDirectory(root.resolve("config")
                .resolve("asset-types")));
    }

    /** The 1-minute load average, or "unknown" where /proc/loadavg does not exist. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void say(PrintWriter err, String s) {
        err.println(s);
        err.flush();
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the work folder is removed at the end anyway
        }
    }
}
