package io.minetwin.engine.cli;

import io.minetwin.engine.analytics.MaintenanceImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minetwin import maintenance}: maintenance and failure records into the event log, all or nothing. */
@Command(name = "maintenance",
        mixinStandardHelpOptions = true,
        description = {
                "Import maintenance records from CSV with the header time,twin,component,action,mode,notes.",
                "action is failure-repair (stored as a failure), replacement, preventive or inspection; mode and"
                        + " notes may be empty.",
                "A file with bad rows is rejected whole, every bad row listed and nothing stored. Records already"
                        + " stored are not stored again, so importing a file twice is harmless."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "1:rejected or failed (nothing stored when rejected)", "2:bad usage"})
final class ImportMaintenanceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Parameters(paramLabel = "FILE.csv", description = "The CSV file to import.")
    Path file;

    @Override
    public Integer call() {
        MaintenanceImporter.Report r;
        try (var store = storeOptions.openStore()) {
            r = new MaintenanceImporter().importFile(file, store.events());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file());
            m.put("rejected", r.rejected());
            m.put("rows", r.rows());
            m.put("bad_rows", r.badRows());
            m.put("problems", r.problems().stream().map(p -> {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("line", p.line());
                problem.put("message", p.message());
                return problem;
            }).toList());
            m.put("failures", r.failures());
            m.put("maintenance", r.maintenance());
            m.put("stored", r.stored());
            m.put("already_stored", r.rejected() ? 0 : r.failures() + r.maintenance() - r.stored());
            Json.print(out, m);
        } else if (r.rejected()) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("%s: rejected, nothing stored: %,d bad row%s of %,d%n", r.file(), r.badRows(),
                    r.badRows() == 1 ? "" : "s", r.rows());
            r.problems().forEach(err::println);
            if (r.badRows() > r.problems().size()) {
                err.printf("... and %,d more bad rows%n", r.badRows() - r.problems().size());
            }
            err.println("Fix these rows and import the file again.");
            err.flush();
        } else {
            out.printf("imported %,d records from %s (%,d failures, %,d other maintenance); %,d new, %,d already"
                            + " stored%n", r.rows(), r.file(), r.failures(), r.maintenance(), r.stored(),
                    r.failures() + r.maintenance() - r.stored());
            out.flush();
        }
        return r.rejected() ? 1 : 0;
    }
}
