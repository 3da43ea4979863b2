package io.minetwin.engine.cli;

import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.engine.analytics.MaintenanceImporter;
import io.minetwin.engine.cmms.CmmsFormat;
import io.minetwin.engine.cmms.CmmsImport;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.engine.config.CmmsMappingLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code minetwin import maintenance}: maintenance and failure records into the event log, all or nothing. */
@Command(name = "maintenance",
        mixinStandardHelpOptions = true,
        description = {
                "Import maintenance records from CSV with the header time,twin,component,action,mode,notes.",
                "action is failure-repair (stored as a failure), replacement, preventive or inspection; mode and"
                        + " notes may be empty.",
                "With --mapping, the file is a SAP PM- or Maximo-shaped export instead, read through the mapping"
                        + " file (format, time zone, functional location or asset number to twin and component,"
                        + " codes to failure modes, order types to actions, statuses to skip); see config/cmms/.",
                "A file with bad rows is rejected whole, every bad row listed and nothing stored. Records already"
                        + " stored are not stored again (a CMMS order: the same order number), so importing a file"
                        + " twice is harmless."},
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

    @Option(names = "--mapping", paramLabel = "FILE.yaml",
            description = "Read a CMMS export (SAP PM or Maximo) through this mapping file, e.g."
                    + " config/cmms/sap-pm-demo.yaml (default: the native time,twin,component,... CSV).")
    Path mapping;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "native, sap-pm or maximo (default: native, or the mapping file's format); with"
                    + " --mapping it must agree with the file's format: key.")
    String format;

    @Override
    public Integer call() {
        CmmsMapping cmms = null;
        if (format != null && !format.equals("native")) {
            try {
                CmmsFormat.parse(format);
            } catch (IllegalArgumentException e) {
                throw new CliException("--format: " + e.getMessage().replace("sap-pm, maximo", "native, sap-pm,"
                        + " maximo"), 2);
            }
            if (mapping == null) {
                throw new CliException("--format " + format + " needs --mapping FILE.yaml, which maps the export's"
                        + " objects, codes and order types onto the fleet (examples in config/cmms/)", 2);
            }
        }
        if (mapping != null) {
            cmms = CmmsMappingLoader.load(mapping);
            if (format != null && !format.equals(cmms.format().id())) {
                throw new CliException("--format " + format + " disagrees with " + mapping + ", which maps "
                        + cmms.format().id() + " exports; drop --format or use the matching mapping file", 2);
            }
        }
        MaintenanceImporter.Report r;
        long skipped = 0;
        long duplicates = 0;
        MaintenanceRecords.Parsed parsed;
        if (cmms != null) {
            CmmsImport.Result read = new CmmsImport(cmms).read(file);
            parsed = read.parsed();
            skipped = read.skipped();
            duplicates = read.duplicates();
        } else {
            parsed = MaintenanceRecords.read(file);
        }
        try (var store = storeOptions.openStore()) {
            r = new MaintenanceImporter().importParsed(file.toString(), parsed, store.events());
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
            m.put("format", cmms == null ? "native" : cmms.format().id());
            m.put("skipped", skipped);
            m.put("duplicate_rows", duplicates);
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
                            + " stored%n", r.failures() + r.maintenance(), r.file(), r.failures(), r.maintenance(),
                    r.stored(), r.failures() + r.maintenance() - r.stored());
            if (skipped > 0 || duplicates > 0) {
                out.printf("%,d of %,d rows skipped by the mapping (status, ignored object or order type), %,d repeating an"
                        + " order already in the file%n", skipped, r.rows(), duplicates);
            }
            out.flush();
        }
        return r.rejected() ? 1 : 0;
    }
}
