package io.minetwin.engine.cli;

import io.minetwin.analytics.reliability.ReliabilityAnalysis;
import io.minetwin.analytics.reliability.ReliabilityReport;
import io.minetwin.analytics.reliability.UnitHistory;
import io.minetwin.analytics.reliability.WeibullFit;
import io.minetwin.analytics.reliability.WeibullMle;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.FleetLoader;
import io.minetwin.model.Event;
import io.minetwin.model.Fleet;
import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minetwin reliability}: Weibull fits of the times between failures of every component type, or
 * of every supplier's components, from a data directory's maintenance and failure records.
 *
 * <p>The fleet (the configured one, or {@code --fleet}) gives each twin's asset type, commissioning date
 * and suppliers. A twin is observed from the start of its history (or its commissioning, when later)
 * to the end of its history, both stretched to cover its records; {@code --from} and {@code --to} narrow
 * that. Each component's period is cut into intervals at its failures and replacements
 * ({@link io.minetwin.analytics.reliability.Renewals}); the analysis is
 * {@link ReliabilityAnalysis}.
 */
@Command(name = "reliability",
        mixinStandardHelpOptions = true,
        description = {
                "Weibull fits (maximum likelihood) of the times between failures per asset type and component,"
                        + " or per supplier with --by supplier: shape beta, scale eta, MTBF and B10 life with"
                        + " confidence intervals.",
                "Failures are the failure records (failure-repair); a replacement renews a component without"
                        + " a failure, and the time up to it, like the time from the last renewal to the end of"
                        + " the observed period, counts as censored (the component had not failed yet).",
                "beta above 1 with its whole interval means wear-out (failures rise with age, so preventive"
                        + " replacement pays); an interval around 1 means random failures. Times are calendar"
                        + " hours. Import records first with 'minetwin import maintenance'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report printed", "1:failed (no data directory, no fleet, bad fleet)", "2:bad usage"})
final class ReliabilityCommand implements Callable<Integer> {

    /** Below this many failures a fit is marked rough: Wald intervals need more to be trusted. */
    static final int FEW_FAILURES = 5;

    /** Pooling on the command line. */
    enum By { component, supplier }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--by", paramLabel = "component|supplier", defaultValue = "component",
            description = "Pool per asset type and component, or per supplier as well. Default: ${DEFAULT-VALUE}.")
    By by;

    @Option(names = "--confidence", paramLabel = "LEVEL", defaultValue = "90%",
            description = "Two-sided confidence level of the intervals, e.g. 90%%, 95%% or 0.95. Default: ${DEFAULT-VALUE}.")
    String confidence;

    @Option(names = "--interval", paramLabel = "fisher|lr", defaultValue = "fisher",
            description = "How intervals are computed: fisher (observed Fisher information, Wald on the log"
                    + " scale) or lr (likelihood ratio: wider and more honest with few failures; a bound the data"
                    + " never reach prints as 0 or inf). Default: ${DEFAULT-VALUE}.")
    String interval;

    @Option(names = "--from", paramLabel = "T", converter = InstantConverter.class,
            description = "Start of the period to analyse (default: the start of each twin's history).")
    Instant from;

    @Option(names = "--to", paramLabel = "T", converter = InstantConverter.class,
            description = "End of the period to analyse (default: the end of each twin's history).")
    Instant to;

    @Option(names = "--asset-type", paramLabel = "T", description = "Only this asset type.")
    String assetType;

    @Option(names = "--component", paramLabel = "C", description = "Only this component.")
    String component;

    @Option(names = "--fleet", paramLabel = "FILE",
            description = "Fleet file naming each twin's type, commissioning date and suppliers (default: the"
                    + " configuration's fleet).")
    Path fleetFile;

    @Option(names = "--asset-types", paramLabel = "DIR",
            description = "Folder of asset type files for --fleet (default: the asset-types folder next to the"
                    + " fleet's folder).")
    Path assetTypes;

    private WeibullMle.IntervalMethod method = WeibullMle.IntervalMethod.FISHER;

    @Override
    public Integer call() {
        double level = parseConfidence(confidence);
        method = switch (interval.trim().toLowerCase(Locale.ROOT)) {
            case "fisher" -> WeibullMle.IntervalMethod.FISHER;
            case "lr", "likelihood-ratio" -> WeibullMle.IntervalMethod.LIKELIHOOD_RATIO;
            default -> throw new CliException("--interval " + interval + ": give fisher or lr", 2);
        };
        if (from != null && to != null && !from.isBefore(to)) {
            throw new CliException("--from " + from + " is not before --to " + to + "; give a period that ends after"
                    + " it starts", 2);
        }
        Fleet fleet = fleet();
        if (assetType != null && fleet.type(assetType).isEmpty()) {
            throw new CliException("--asset-type " + assetType + ": the fleet has no such type; it has "
                    + String.join(", ", new TreeSet<>(fleet.types().keySet())), 2);
        }
        Collected collected;
        try (Store store = storeOptions.openForAnalysis()) {
            collected = collect(store, fleet);
        }
        if (component != null && collected.units.stream().noneMatch(u -> u.component().equals(component))) {
            throw new CliException("--component " + component + ": no observed twin"
                    + (assetType != null ? " of type " + assetType : "") + " has such a component", 2);
        }
        ReliabilityAnalysis.GroupBy groupBy = by == By.supplier
                ? ReliabilityAnalysis.GroupBy.SUPPLIER : ReliabilityAnalysis.GroupBy.COMPONENT;
        ReliabilityReport report = new ReliabilityAnalysis(groupBy, level, method).analyse(collected.units);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, toJson(report, collected));
        } else {
            printTable(out, report, collected);
        }
        out.flush();
        return 0;
    }

    /** Reads 90%, 90 or 0.9 as 0.9. */
    static double parseConfidence(String text) {
        String t = text.trim();
        boolean percent = t.endsWith("%");
        double v;
        try {
            v = Double.parseDouble(percent ? t.substring(0, t.length() - 1).trim() : t);
        } catch (NumberFormatException e) {
            throw new CliException("--confidence " + text + ": not a number; give a level such as 90% or 0.9", 2);
        }
        if (percent || v >= 1) {
            v /= 100;
        }
        if (!(v > 0 && v < 1)) {
            throw new CliException("--confidence " + text + ": the level must lie strictly between 0% and 100%,"
                    + " e.g. 90%", 2);
        }
        return v;
    }

    private Fleet fleet() {
        if (fleetFile == null) {
            if (assetTypes != null) {
                throw new CliException("--asset-types needs --fleet", 2);
            }
            return storeOptions.settings().config()
                    .orElseThrow(() -> new CliException("no fleet: the reliability report takes each twin's asset"
                            + " type and suppliers from the fleet file; pass --fleet FILE (e.g."
                            + " config/fleets/demo.yaml) or --config with a fleet"))
                    .loadFleet();
        }
        if (!Files.isRegularFile(fleetFile)) {
            throw new CliException("--fleet " + fleetFile + ": no such file; give a fleet file such as"
                    + " config/fleets/demo.yaml");
        }
        Path types = assetTypes;
        if (types == null) {
            Path dir = fleetFile.toAbsolutePath().getParent();
            Path guess = dir == null || dir.getParent() == null ? null : dir.getParent().resolve("asset-types");
            if (guess == null || !Files.isDirectory(guess)) {
                throw new CliException("no asset-types folder next to " + fleetFile + "'s folder; pass"
                        + " --asset-types DIR");
            }
            types = guess;
        }
        return FleetLoader.load(fleetFile, AssetTypeLoader.loadDirectory(types));
    }

    /** The component histories to analyse and what was left out. */
    record Collected(List<UnitHistory> units, int twins, Instant from, Instant to, List<TwinId> notObserved,
                     List<TwinId> notInFleet, Set<String> unknownComponents) {
    }

    private Collected collect(Store store, Fleet fleet) {
        Map<TwinId, List<Event>> events = new HashMap<>();
        for (Event e : store.events().query(java.util.EnumSet.of(io.minetwin.model.EventKind.MAINTENANCE,
                io.minetwin.model.EventKind.FAILURE), Optional.empty(), Instant.ofEpochMilli(Point.MIN_TIME),
                Instant.ofEpochMilli(Point.MAX_TIME))) {
            if (io.minetwin.analytics.reliability.Renewals.effect(e)
                    != io.minetwin.analytics.reliability.Renewals.Effect.NONE) {
                events.computeIfAbsent(e.twin(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<TwinId, List<SeriesKey>> series = new HashMap<>();
        for (SeriesKey k : store.history().series()) {
            series.computeIfAbsent(k.twin(), t -> new ArrayList<>()).add(k);
        }
        Set<TwinId> inData = new TreeSet<>(events.keySet());
        inData.addAll(series.keySet());
        List<TwinId> notInFleet = inData.stream().filter(id -> !fleet.twins().containsKey(id)).toList();

        List<UnitHistory> units = new ArrayList<>();
        List<TwinId> notObserved = new ArrayList<>();
        Set<String> unknownComponents = new TreeSet<>();
        Instant first = null;
        Instant last = null;
        int twins = 0;
        for (TwinDefinition def : fleet.twins().values()) {
            if (assetType != null && !def.type().name().equals(assetType)) {
                continue;
            }
            List<Event> twinEvents = events.getOrDefault(def.id(), List.of());
            Optional<long[]> span = span(store.history(), series.getOrDefault(def.id(), List.of()), twinEvents);
            if (span.isEmpty()) {
                notObserved.add(def.id());
                continue;
            }
            Instant start = Instant.ofEpochMilli(span.get()[0]);
            Instant end = Instant.ofEpochMilli(span.get()[1]);
            if (def.attributes().commissioned().isPresent()) {
                Instant commissioned = def.attributes().commissioned().get().atStartOfDay(ZoneOffset.UTC).toInstant();
                start = commissioned.isAfter(start) ? commissioned : start;
            }
            start = from != null && from.isAfter(start) ? from : start;
            end = to != null && to.isBefore(end) ? to : end;
            if (!start.isBefore(end)) {
                notObserved.add(def.id());
                continue;
            }
            twins++;
            first = first == null || start.isBefore(first) ? start : first;
            last = last == null || end.isAfter(last) ? end : last;
            Map<String, List<Event>> byComponent = new LinkedHashMap<>();
            for (String c : def.type().componentNames()) {
                byComponent.put(c, new ArrayList<>());
            }
            for (Event e : twinEvents) {
                if (e.component() == null) {
                    continue;
                }
                if (!byComponent.containsKey(e.component())) {
                    unknownComponents.add(def.id() + " " + e.component());
                }
                byComponent.computeIfAbsent(e.component(), k -> new ArrayList<>()).add(e);
            }
            for (var c : byComponent.entrySet()) {
                if (component != null && !c.getKey().equals(component)) {
                    continue;
                }
                units.add(new UnitHistory(def.id(), def.type().name(), c.getKey(),
                        Optional.ofNullable(def.attributes().suppliers().get(c.getKey())), start, end, c.getValue()));
            }
        }
        return new Collected(units, twins, first, last, notObserved, notInFleet, unknownComponents);
    }

    /**
     * The first and last sample time over a twin's series, stretched to cover its records; empty when
     * there is neither. Hour rollups find the first and last hour, raw samples (when still kept) the
     * instant within it.
     */
    static Optional<long[]> span(History history, List<SeriesKey> series, List<Event> events) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long hour = Resolution.HOUR.bucketMillis();
        for (SeriesKey k : series) {
            RollupData r = history.readRollup(k, Resolution.HOUR, Point.MIN_TIME, Point.MAX_TIME);
            int n = r.size();
            if (n == 0) {
                continue;
            }
            long firstHour = r.starts()[0];
            long lastHour = r.starts()[n - 1];
            if (firstHour < lo) {
                SeriesData raw = history.read(k, firstHour, firstHour + hour);
                lo = Math.min(lo, raw.size() > 0 ? raw.time(0) : firstHour);
            }
            if (lastHour + hour - 1 > hi) {
                SeriesData raw = history.read(k, lastHour, lastHour + hour);
                hi = Math.max(hi, raw.size() > 0 ? raw.time(raw.size() - 1) : lastHour + hour - 1);
            }
        }
        for (Event e : events) {
            lo = Math.min(lo, e.time().toEpochMilli());
            hi = Math.max(hi, e.time().toEpochMilli());
        }
        return lo <= hi ? Optional.of(new long[] {lo, hi}) : Optional.empty();
    }

    // ---------------------------------------------------------------- output

    private Map<String, Object> toJson(ReliabilityReport report, Collected c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", by.name());
        m.put("confidence", report.confidence());
        m.put("interval", method.id());
        m.put("time_unit", "hours");
        m.put("from", c.from == null ? null : c.from.toString());
        m.put("to", c.to == null ? null : c.to.toString());
        m.put("twins", c.twins);
        m.put("components", report.units());
        m.put("failures", report.groups().stream().mapToInt(ReliabilityReport.Group::failures).sum());
        m.put("groups", report.groups().stream().map(ReliabilityCommand::group).toList());
        m.put("twins_not_observed", c.notObserved.stream().map(TwinId::toString).toList());
        m.put("twins_not_in_fleet", c.notInFleet.stream().map(TwinId::toString).toList());
        m.put("components_not_in_type", List.copyOf(c.unknownComponents));
        m.put("records_outside_period", report.outsideRecords());
        m.put("zero_length_intervals", report.zeroLengthIntervals());
        return m;
    }

    private static Map<String, Object> group(ReliabilityReport.Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("asset_type", g.assetType());
        m.put("component", g.component());
        g.supplier().ifPresent(s -> m.put("supplier", s));
        m.put("units", g.units());
        m.put("failures", g.failures());
        m.put("censored", g.censored());
        m.put("exposure_hours", round(g.exposureHours()));
        m.put("observed_mtbf_hours", g.observedMtbfHours().isPresent() ? round(g.observedMtbfHours().getAsDouble())
                : null);
        if (g.fit().isPresent()) {
            WeibullFit f = g.fit().get();
            m.put("beta", estimate(f.shape(), 3));
            m.put("eta_hours", estimate(f.scale(), 1));
            m.put("mtbf_hours", estimate(f.mean(), 1));
            m.put("b10_hours", estimate(f.b10(), 1));
            m.put("pattern", f.pattern().id());
            m.put("few_failures", g.failures() < FEW_FAILURES);
            m.put("log_likelihood", Math.round(f.logLikelihood() * 1000) / 1000.0);
        } else {
            m.put("beta", null);
            m.put("note", g.note());
        }
        return m;
    }

    private static Map<String, Object> estimate(WeibullFit.Estimate e, int digits) {
        double scale = Math.pow(10, digits);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", round(e.value(), scale));
        m.put("lower", round(e.lower(), scale));
        m.put("upper", round(e.upper(), scale));
        return m;
    }

    /** Rounded, or null for a bound the data never reach (JSON has no infinity). */
    private static Double round(double v, double scale) {
        return Double.isInfinite(v) ? null : Math.round(v * scale) / scale;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private void printTable(PrintWriter out, ReliabilityReport report, Collected c) {
        if (report.groups().isEmpty()) {
            out.println("no observed twin components: the data directory holds neither history nor records of the"
                    + " fleet's twins" + (assetType != null ? " of type " + assetType : ""));
        } else {
            String pct = pctText(report.confidence());
            out.printf(Locale.ROOT, "Weibull fits of times between failures (calendar hours), %s%% %s intervals;"
                    + " %d twins observed %s to %s%n", pct,
                    method == WeibullMle.IntervalMethod.FISHER ? "Fisher" : "likelihood-ratio", c.twins, c.from.toString().substring(0, 10),
                    c.to.toString().substring(0, 10));
            boolean supplier = report.by() == ReliabilityAnalysis.GroupBy.SUPPLIER;
            List<List<String>> rows = new ArrayList<>();
            List<String> head = new ArrayList<>(List.of("ASSET TYPE", "COMPONENT"));
            if (supplier) {
                head.add("SUPPLIER");
            }
            head.addAll(List.of("UNITS", "FAIL", "CENS", "BETA [" + pct + "% CI]", "ETA h [" + pct + "% CI]",
                    "MTBF h [" + pct + "% CI]", "PATTERN"));
            rows.add(head);
            boolean few = false;
            for (ReliabilityReport.Group g : report.groups()) {
                List<String> row = new ArrayList<>(List.of(g.assetType(), g.component()));
                if (supplier) {
                    row.add(g.supplier().orElse(""));
                }
                row.addAll(List.of(String.valueOf(g.units()), String.valueOf(g.failures()),
                        String.valueOf(g.censored())));
                if (g.fit().isPresent()) {
                    WeibullFit f = g.fit().get();
                    boolean rough = g.failures() < FEW_FAILURES;
                    few |= rough;
                    row.addAll(List.of(interval(f.shape(), "%.2f"), interval(f.scale(), "%,.0f"),
                            interval(f.mean(), "%,.0f"), f.pattern().id() + (rough ? " *" : "")));
                } else {
                    row.add(g.note());
                }
                rows.add(row);
            }
            int columns = head.size();
            int[] width = new int[columns];
            for (List<String> row : rows) {
                // A note runs across the fit columns, so it does not widen them.
                int cells = row.size() == columns ? columns : row.size() - 1;
                for (int i = 0; i < cells; i++) {
                    width[i] = Math.max(width[i], row.get(i).length());
                }
            }
            int numbers = supplier ? 3 : 2;
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    String cell = row.get(i);
                    boolean last = i == row.size() - 1;
                    if (i >= numbers && i < numbers + 3) {
                        line.append(" ".repeat(width[i] - cell.length())).append(cell);
                    } else {
                        line.append(cell).append(last ? "" : " ".repeat(width[i] - cell.length()));
                    }
                    if (!last) {
                        line.append("  ");
                    }
                }
                out.println(line);
            }
            long fitted = report.groups().stream().filter(g -> g.fit().isPresent()).count();
            out.printf(Locale.ROOT, "%d of %d groups fitted (a fit needs %d failures); %d failures in all.%n",
                    fitted, report.groups().size(), WeibullMle.MIN_FAILURES,
                    report.groups().stream().mapToInt(ReliabilityReport.Group::failures).sum());
            if (few) {
                out.printf(Locale.ROOT, "* fewer than %d failures: the intervals are rough%s.%n", FEW_FAILURES,
                        method == WeibullMle.IntervalMethod.FISHER ? " (likely too narrow; --interval lr is more"
                                + " honest)" : "");
            }
        }
        if (!c.notObserved.isEmpty()) {
            out.printf("%d twins of the fleet have no history or records in the period and are left out (e.g. %s)%n",
                    c.notObserved.size(), c.notObserved.get(0));
        }
        if (!c.notInFleet.isEmpty()) {
            out.printf("%d twins in the data are not in the fleet and are left out (e.g. %s); pass the fleet they"
                    + " belong to with --fleet%n", c.notInFleet.size(), c.notInFleet.get(0));
        }
        if (!c.unknownComponents.isEmpty()) {
            out.printf("records name %d components their twin's asset type does not have (e.g. %s); each is"
                    + " reported as a component of its own%n", c.unknownComponents.size(),
                    c.unknownComponents.iterator().next());
        }
        if (report.outsideRecords() > 0) {
            out.printf("%d failure or replacement records lie outside their twin's observed period and are not"
                    + " used%n", report.outsideRecords());
        }
    }

    private static String pctText(double level) {
        double pct = level * 100;
        return pct == Math.rint(pct) ? String.valueOf((long) pct) : String.format(Locale.ROOT, "%.1f", pct);
    }

    private static String interval(WeibullFit.Estimate e, String format) {
        return String.format(Locale.ROOT, format, e.value()) + " [" + String.format(Locale.ROOT, format, e.lower())
                + ", " + (Double.isInfinite(e.upper()) ? "inf" : String.format(Locale.ROOT, format, e.upper())) + "]";
    }
}
