package io.minetwin.engine.cli;

import io.minetwin.engine.analytics.KpiReport;
import io.minetwin.engine.analytics.Kpis;
import io.minetwin.engine.api.DowntimeCosts;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Fleet;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minetwin kpi}: availability, utilisation, MTBF, MTTR, planned maintenance, energy per tonne and the
 * downtime alerts avoided, per asset, type, site, supplier and fleet ({@link KpiReport}).
 */
@Command(name = "kpi",
        mixinStandardHelpOptions = true,
        description = {"Reliability figures of the fleet's machines for a period, per asset, asset type, site and"
                + " for the whole fleet, from the machine.state history and the maintenance and failure records in"
                + " --data:",
                "availability = (running + idle) / observed hours; utilisation = running / observed hours;"
                        + " MTBF = uptime hours / failures; MTTR = mean time to restore (a record's finish time, else"
                        + " until machine.state is next running or idle); planned share = planned / all maintenance"
                        + " records (failure repairs are unplanned).",
                "Energy per tonne: shovels' dipper.energy-per-cycle / dipper.payload (kWh/t loaded) plus trucks'"
                        + " diesel (engine.fuel-rate, 10 kWh per litre) per tonne hauled (body.load-state and"
                        + " body.payload). Downtime avoided: alerts followed by planned work on their component with no"
                        + " failure in between, at the type's downtime hours and cost (config 'costs').",
                "Supplier rows compare a component's suppliers where a type has more than one (e.g. a domestic"
                        + " substitute), counting only that component's failures.",
                "A state sample holds until the next, at most 1 h. Group figures come from summed hours and"
                        + " counts. The data directory is only read."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:reported", "1:failed", "2:bad usage"})
final class KpiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--from", paramLabel = "T", converter = InstantConverter.class,
            description = "Start of the period (default: the start of each asset's data).")
    Instant from;

    @Option(names = "--to", paramLabel = "T", converter = InstantConverter.class,
            description = "End of the period (default: the end of each asset's data).")
    Instant to;

    @Override
    public Integer call() {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new CliException("--from " + from + " is not before --to " + to + "; give a period that ends after"
                    + " it starts", 2);
        }
        EngineConfig config = storeOptions.settings().config().orElseThrow(() -> new CliException("no fleet: the"
                + " figures need each twin's asset type and site; pass --config with a fleet (e.g."
                + " config/minetwin.yaml)", 2));
        Fleet fleet = config.loadFleet();
        DowntimeCosts costs;
        try {
            costs = DowntimeCosts.from(config.sections().get("costs"), config.file().toString());
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
        KpiReport report;
        try (Store store = storeOptions.openForAnalysis()) {
            report = KpiReport.load(fleet.twins().values(), store.history(), store.events(), KpiReport.costs(costs), from, to,
                    Long.MAX_VALUE);
        }
        if (report.isEmpty()) {
            throw new CliException("no machine.state history or maintenance records of the fleet's twins in "
                    + storeOptions.dataDir() + (from != null || to != null ? " in the period" : "")
                    + "; import history and maintenance first (or widen --from/--to)");
        }
        List<Map<String, Object>> assets = new ArrayList<>();
        for (KpiReport.AssetKpis a : report.assets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("twin", a.twin().id().toString());
            m.put("type", a.twin().type().name());
            m.put("site", a.twin().attributes().site());
            m.put("from", a.from().toString());
            m.put("to", a.to().toString());
            m.putAll(KpiReport.figures(a.totals()));
            assets.add(m);
        }
        Kpis.Totals all = report.grouped(KpiReport.Group.FLEET).getOrDefault("fleet", Kpis.Totals.ZERO);
        Map<String, Kpis.Totals> bySite = report.grouped(KpiReport.Group.SITE);
        Map<String, Kpis.Totals> byType = report.grouped(KpiReport.Group.TYPE);
        Map<String, Kpis.Totals> bySupplier = report.grouped(KpiReport.Group.SUPPLIER);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", report.from().toString());
            m.put("to", report.to().toString());
            m.put("currency", costs.currency());
            m.put("definitions", KpiReport.definitions());
            m.put("fleet", KpiReport.figures(all));
            m.put("sites", groups("site", bySite));
            m.put("types", groups("type", byType));
            m.put("suppliers", groups("supplier", bySupplier));
            m.put("assets", assets);
            Json.print(out, m);
        } else {
            out.printf(Locale.ROOT, "KPIs from %s to %s (availability and utilisation over observed hours; MTBF and"
                    + " MTTR in hours; kWh/t: energy to dig and haul a tonne; avoided: alerts that led to planned"
                    + " work)%n", report.from(), report.to());
            out.printf(Locale.ROOT, "  %-66s %7s %7s %5s %8s %7s %7s %7s %7s%n", "", "avail", "util", "fail", "MTBF",
                    "MTTR", "planned", "kWh/t", "avoided");
            row(out, "fleet", all);
            bySite.forEach((site, k) -> row(out, "site " + site, k));
            byType.forEach((type, k) -> row(out, "type " + type, k));
            bySupplier.forEach((supplier, k) -> row(out, supplier, k));
            report.grouped(KpiReport.Group.ASSET).forEach((twin, k) -> row(out, twin, k));
            Kpis.Energy e = all.energy();
            if (e.loadingTonnes() > 0 || e.haulTonnes() > 0) {
                out.printf(Locale.ROOT, "Energy: %,.0f t loaded in %,d dig cycles at %s kWh/t; %,.0f t hauled in %,d"
                                + " trips on %,.0f L of diesel (%s L/t, %s kWh/t)%n", e.loadingTonnes(), e.cycles(),
                        num3(e.loadingKwhPerTonne()), e.haulTonnes(), e.trips(), e.haulLitres(),
                        num3(e.haulLitresPerTonne()), num3(e.haulKwhPerTonne()));
            }
            Kpis.Avoided a = all.avoided();
            out.printf(Locale.ROOT, "Downtime avoided: %d alerts led to planned work, %.0f h of downtime%s%n", a.alerts(),
                    a.downtimeHours(), a.costOrNull() == null ? "" : String.format(Locale.ROOT, ", %,.0f %s",
                            a.cost(), costs.currency()).stripTrailing());
        }
        out.flush();
        return 0;
    }

    private static void row(PrintWriter out, String name, Kpis.Totals k) {
        out.printf(Locale.ROOT, "  %-66s %7s %7s %5d %8s %7s %7s %7s %7d%n", name, pct(k.availability()),
                pct(k.utilisation()), k.failures(), num(k.mtbfHours()), num(k.mttrHours()), pct(k.plannedShare()),
                num3(k.energy().kwhPerTonne()), k.avoided().alerts());
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String num(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num3(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static List<Map<String, Object>> groups(String key, Map<String, Kpis.Totals> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        groups.forEach((name, k) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, name);
            m.putAll(KpiReport.figures(k));
            out.add(m);
        });
        return out;
    }
}
