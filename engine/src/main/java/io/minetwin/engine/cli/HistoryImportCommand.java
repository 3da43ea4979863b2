package io.minetwin.engine.cli;

import io.minetwin.engine.history.HistoryCsvImporter;
import io.minetwin.engine.history.ImportReport;
import io.minetwin.model.TwinId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin history import}: historian CSV into the store, all or nothing by default. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {
                "Import history from CSV with the header time,twin,component,channel,value[,quality].",
                "time is ISO-8601 (2026-03-01T08:00:00Z), twin is namespace:name, quality is good, uncertain"
                        + " or bad (default good; a bad row may leave value empty).",
                "A file with bad rows is rejected whole, every bad row listed and nothing stored,"
                        + " unless --skip-bad is given. The rows are stored with one write: an import that is"
                        + " killed leaves every row or none.",
                "Rows older than the raw retention (history.retention.raw), which the next retention sweep would"
                        + " remove, refuse the file before anything is stored (exit 2), unless --keep-older is given."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "1:rejected or failed (nothing stored when rejected)",
                "2:bad usage, or rows older than the raw retention without --keep-older (nothing stored)"})
final class HistoryImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--skip-bad", description = "Store the good rows of a file with bad rows and report the bad ones.")
    boolean skipBad;

    @Option(names = "--keep-older", description = "Store rows older than the raw retention all the same: the next"
            + " retention sweep removes them raw, their minute and hour rollups stay for their own retention.")
    boolean keepOlder;

    @Parameters(paramLabel = "FILE.csv", description = "The CSV file to import.")
    Path file;

    @Override
    public Integer call() {
        Predicate<TwinId> knownTwin = storeOptions.fleetTwins();
        ImportReport report;
        try (var store = storeOptions.openStore()) {
            report = new HistoryCsvImporter()
                    .withRetention(storeOptions.settings().retention().raw(), java.time.Clock.systemUTC(), notice -> {
                        spec.commandLine().getErr().println("note: " + notice);
                        spec.commandLine().getErr().flush();
                    })
                    .withKeepOlder(keepOlder)
                    .importFile(file, store.history(), knownTwin, skipBad);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, toJson(report));
        } else {
            printText(report, out, spec.commandLine().getErr());
        }
        return report.refusedOlder() ? 2 : report.rejected() ? 1 : 0;
    }

    private void printText(ImportReport r, PrintWriter out, PrintWriter err) {
        if (r.rejected() && r.reason() != null) {
            err.printf("%s: rejected, nothing stored: %s%n", r.file(), r.reason());
            err.flush();
            return;
        }
        if (r.rejected()) {
            err.printf("%s: rejected, nothing stored: %,d bad row%s of %,d%n", r.file(), r.badRows(),
                    r.badRows() == 1 ? "" : "s", r.rows());
            r.problems().forEach(p -> err.println(p));
            if (r.badRows() > r.problems().size()) {
                err.printf("... and %,d more bad rows%n", r.badRows() - r.problems().size());
            }
            err.printf("Fix these rows, or pass --skip-bad to store the %,d good rows and report the rest.%n",
                    r.rows() - r.badRows());
            err.flush();
            return;
        }
        out.printf("imported %,d samples of %,d series from %s in %.1f s (%,.0f samples/s)%n", r.stored(),
                r.series(), r.file(), r.seconds(), r.samplesPerSecond());
        if (r.first() != null) {
            out.printf("time range: %s to %s%n", r.first(), r.last());
        }
        if (r.badRows() > 0) {
            out.printf("skipped %,d bad row%s:%n", r.badRows(), r.badRows() == 1 ? "" : "s");
            r.problems().forEach(p -> out.println("  " + p));
        }
        if (!r.unknownTwins().isEmpty()) {
            int listed = 50;
            out.printf("twins not in the configured fleet (%d, history stored all the same): %s%s%n",
                    r.unknownTwins().size(),
                    r.unknownTwins().stream().sorted().limit(listed).map(TwinId::toString)
                            .collect(Collectors.joining(", ")),
                    r.unknownTwins().size() > listed ? ", ... (--json lists them all)" : "");
        }
    }

    static Map<String, Object> toJson(ImportReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", r.file());
        m.put("rejected", r.rejected());
        m.put("rows", r.rows());
        m.put("stored", r.stored());
        m.put("bad_rows", r.badRows());
        m.put("reason", r.reason());
        m.put("before_retention", r.beforeRetention());
        m.put("refused_older", r.refusedOlder());
        m.put("problems", r.problems().stream()
                .map(p -> {
                    Map<String, Object> problem = new LinkedHashMap<>();
                    problem.put("line", p.line());
                    problem.put("message", p.message());
                    return problem;
                }).toList());
        m.put("series", r.series());
        m.put("first", r.first() == null ? null : r.first().toString());
        m.put("last", r.last() == null ? null : r.last().toString());
        m.put("unknown_twins", r.unknownTwins().stream().sorted().map(TwinId::toString).toList());
        m.put("seconds", r.seconds());
        m.put("samples_per_s", r.samplesPerSecond());
        return m;
    }
}
