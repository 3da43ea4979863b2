package io.minetwin.engine.cli;

import io.minetwin.engine.analytics.Kpis;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Event;
import io.minetwin.model.Fleet;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin kpi}: availability, utilisation, MTBF, MTTR and planned maintenance per asset, type, site and fleet. */
@Command(name = "kpi",
        mixinStandardHelpOptions = true,
        description = {"Reliability figures of the fleet's machines for a period, per asset, asset type, site and"
                + " for the whole fleet, from the machine.state history and the maintenance and failure records in"
                + " --data:",
                "availability = (running + idle) / observed hours; utilisation = running / observed hours;"
                        + " MTBF = uptime hours / failures; MTTR = mean time to restore (a record's finish time, else"
                        + " until machine.state is next running or idle); planned share = planned / all maintenance"
                        + " records (failure repairs are unplanned).",
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
        Fleet fleet = storeOptions.settings().config().orElseThrow(() -> new CliException("no fleet: the figures"
                + " need each twin's asset type and site; pass --config with a fleet (e.g. config/minetwin.yaml)", 2))
                .loadFleet();
        List<Map<String, Object>> assets = new ArrayList<>();
        Map<String, Kpis.Totals> byType = new TreeMap<>();
        Map<String, Kpis.Totals> bySite = new TreeMap<>();
        Kpis.Totals all = Kpis.Totals.ZERO;
        Instant first = null;
        Instant last = null;
        try (Store store = storeOptions.openForAnalysis()) {
            Map<TwinId, List<Event>> events = new HashMap<>();
            for (Event e : store.events().query(Optional.empty(), Instant.ofEpochMilli(Point.MIN_TIME),
                    Instant.ofEpochMilli(Point.MAX_TIME))) {
                events.computeIfAbsent(e.twin(), k -> new ArrayList<>()).add(e);
            }
            for (TwinDefinition d : fleet.twins().values()) {
                Optional<ChannelSpec> state = d.type().channel("machine", "state");
                Kpis.StateCodes codes = state.map(s -> new Kpis.StateCodes(s.states().indexOf("running"),
                        s.states().indexOf("idle"), s.states().indexOf("down"), s.states().indexOf("maintenance")))
                        .orElse(new Kpis.StateCodes(-1, -1, -1, -1));
                long f = from != null ? from.toEpochMilli() : Point.MIN_TIME;
                long t = to != null ? to.toEpochMilli() : Point.MAX_TIME;
                SeriesData s = state.isPresent()
                        ? store.history().read(new SeriesKey(d.id(), "machine", "state"), f, t).good()
                        : SeriesData.EMPTY;
                List<Event> own = events.getOrDefault(d.id(), List.of()).stream()
                        .filter(e -> !e.time().isBefore(Instant.ofEpochMilli(f)) && e.time().isBefore(Instant.ofEpochMilli(t)))
                        .toList();
                if (s.size() == 0 && own.isEmpty()) {
                    continue;
                }
                Instant start = from != null ? from : earliest(s, own);
                Instant end = to != null ? to : latest(s, own);
                if (!start.isBefore(end)) {
                    continue;
                }
                Kpis.Totals k = Kpis.asset(s.times(), s.values(), s.size(), codes, own, start, end);
                first = first == null || start.isBefore(first) ? start : first;
                last = last == null || end.isAfter(last) ? end : last;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("twin", d.id().toString());
                m.put("type", d.type().name());
                m.put("site", d.attributes().site());
                m.put("from", start.toString());
                m.put("to", end.toString());
                m.putAll(figures(k));
                assets.add(m);
                byType.merge(d.type().name(), k, Kpis.Totals::plus);
                bySite.merge(d.attributes().site(), k, Kpis.Totals::plus);
                all = all.plus(k);
            }
        }
        if (assets.isEmpty()) {
            throw new CliException("no machine.state history or maintenance records of the fleet's twins in "
                    + storeOptions.dataDir() + (from != null || to != null ? " in the period" : "")
                    + "; import history and maintenance first (or widen --from/--to)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", first.toString());
            m.put("to", last.toString());
            m.put("definitions", definitions());
            m.put("fleet", figures(all));
            m.put("sites", groups("site", bySite));
            m.put("types", groups("type", byType));
            m.put("assets", assets);
            Json.print(out, m);
        } else {
            out.printf(Locale.ROOT, "KPIs from %s to %s (availability and utilisation over observed hours; MTBF and"
                    + " MTTR in hours)%n", first, last);
            out.printf(Locale.ROOT, "  %-34s %8s %8s %6s %9s %8s %8s%n", "", "avail", "util", "fail", "MTBF",
                    "MTTR", "planned");
            row(out, "fleet", all);
            bySite.forEach((site, k) -> row(out, "site " + site, k));
            byType.forEach((type, k) -> row(out, "type " + type, k));
            for (Map<String, Object> a : assets) {
                out.printf(Locale.ROOT, "  %-34s %8s %8s %6s %9s %8s %8s%n", a.get("twin"), pct(a.get("availability")),
                        pct(a.get("utilisation")), a.get("failures"), num(a.get("mtbf_hours")), num(a.get("mttr_hours")),
                        pct(a.get("planned_share")));
            }
        }
        out.flush();
        return 0;
    }

    private static Instant earliest(SeriesData s, List<Event> events) {
        long t = s.size() > 0 ? s.time(0) : Long.MAX_VALUE;
        for (Event e : events) {
            t = Math.min(t, e.time().toEpochMilli());
        }
        return Instant.ofEpochMilli(t);
    }

    private static Instant latest(SeriesData s, List<Event> events) {
        long t = s.size() > 0 ? s.time(s.size() - 1) + Kpis.MAX_HOLD.toMillis() : Long.MIN_VALUE;
        for (Event e : events) {
            t = Math.max(t, e.time().toEpochMilli() + 1);
        }
        return Instant.ofEpochMilli(t);
    }

    private static void row(PrintWriter out, String name, Kpis.Totals k) {
        out.printf(Locale.ROOT, "  %-34s %8s %8s %6d %9s %8s %8s%n", name, pct(k.availability()), pct(k.utilisation()),
                k.failures(), num(k.mtbfHours()), num(k.mttrHours()), pct(k.plannedShare()));
    }

    private static String pct(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", ((Number) v).doubleValue() * 100);
    }

    private static String num(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.1f", ((Number) v).doubleValue());
    }

    private static List<Map<String, Object>> groups(String key, Map<String, Kpis.Totals> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        groups.forEach((name, k) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(key, name);
            m.putAll(figures(k));
            out.add(m);
        });
        return out;
    }

    static Map<String, Object> figures(Kpis.Totals k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availability", round(k.availability(), 4));
        m.put("utilisation", round(k.utilisation(), 4));
        m.put("mtbf_hours", round(k.mtbfHours(), 2));
        m.put("mttr_hours", round(k.mttrHours(), 2));
        m.put("failures", k.failures());
        m.put("repairs_timed", k.repairsTimed());
        m.put("planned_maintenance", k.planned());
        m.put("unplanned_maintenance", k.unplanned());
        m.put("planned_share", round(k.plannedShare(), 4));
        m.put("period_hours", round(k.periodHours(), 2));
        m.put("observed_hours", round(k.observedHours(), 2));
        m.put("running_hours", round(k.runningHours(), 2));
        m.put("idle_hours", round(k.idleHours(), 2));
        m.put("down_hours", round(k.downHours(), 2));
        m.put("maintenance_hours", round(k.maintenanceHours(), 2));
        return m;
    }

    private static Double round(Double v, int places) {
        if (v == null) {
            return null;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    private static Map<String, String> definitions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("observed_hours", "hours covered by machine.state samples; a sample holds until the next, at most 1 h");
        m.put("availability", "(running + idle hours) / observed hours");
        m.put("utilisation", "running hours / observed hours");
        m.put("mtbf_hours", "uptime (running + idle) hours / failure records; period hours when no state history");
        m.put("mttr_hours", "mean time to restore of the timed failures: a record's finish minus its start, else from"
                + " the failure until machine.state is next running or idle");
        m.put("planned_share", "planned (preventive, inspection, replacement) / all maintenance records; failure"
                + " repairs are unplanned");
        m.put("groups", "site, type and fleet figures come from summed hours and counts");
        return m;
    }
}
