package io.minetwin.engine.analytics;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.Point;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fleet's KPIs ({@link Kpis}) for a period, per asset and grouped by asset type, site, the whole fleet,
 * component supplier or week, from the history and the event log. {@code minetwin kpi} and
 * {@code GET /api/kpi} both answer from it, so the two agree.
 *
 * <p>Each asset's series are read once ({@link #load}); figures for any sub-period (a week of the trend) come
 * from what was read. A read can be bounded: the hour rollups count the raw points first, and a request for
 * more than the budget is refused ({@link TooLarge}) before anything is read.
 */
public final class KpiReport {

    /** How figures are grouped. */
    public enum Group {
        ASSET, TYPE, SITE, FLEET, SUPPLIER, WEEK;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses {@code asset}, {@code type}, {@code site}, {@code fleet}, {@code supplier} or {@code week}. */
        public static Group parse(String text) {
            for (Group g : values()) {
                if (g.id().equals(text)) {
                    return g;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a grouping; use asset, type, site, fleet,"
                    + " supplier or week");
        }
    }

    /**
     * What a failure of an asset type costs, for the downtime that alerts avoided.
     *
     * @param perHour         cost of an hour of downtime, or {@code null} when not configured
     * @param hoursPerFailure hours a failure stops the machine
     */
    public record Cost(Double perHour, double hoursPerFailure) {
    }

    /** Each type's {@link Cost} from the configuration's {@code costs}; a type without one has no cost per hour. */
    public static Function<String, Cost> costs(io.minetwin.engine.api.DowntimeCosts costs) {
        return type -> costs.of(type).map(c -> new Cost(c.downtimePerHour(), c.downtimeHours()))
                .orElse(new Cost(null, io.minetwin.engine.api.DowntimeCosts.DEFAULT_DOWNTIME_HOURS));
    }

    /** A read that would cost more than its budget. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** One asset's series over the period read, and its events. */
    public record AssetData(TwinDefinition twin, Instant from, Instant to, Kpis.StateCodes codes, SeriesData state,
                            SeriesData dipperPayload, SeriesData dipperEnergy, SeriesData cycles, SeriesData fuelRate,
                            SeriesData bodyPayload, SeriesData loadState, int loaded, List<Event> events) {
    }

    /** One asset's figures over a period. */
    public record AssetKpis(TwinDefinition twin, Instant from, Instant to, Kpis.Totals totals) {
    }

    private final List<AssetData> assets;
    private final Function<String, Cost> costs;

    private KpiReport(List<AssetData> assets, Function<String, Cost> costs) {
        this.assets = List.copyOf(assets);
        this.costs = costs;
    }

    /** The channels an asset's figures are read from. */
    private static final List<String[]> CHANNELS = List.of(new String[] {"machine", "state"},
            new String[] {"dipper", "payload"}, new String[] {"dipper", "energy-per-cycle"},
            new String[] {"machine", "cycles"}, new String[] {"engine", "fuel-rate"}, new String[] {"body", "payload"},
            new String[] {"body", "load-state"});

    /**
     * Reads what the figures of {@code twins} over {@code [from, to)} need.
     *
     * @param from      start, or {@code null} for each asset's first data
     * @param to        end, or {@code null} for each asset's last data
     * @param maxPoints the most raw points to read; {@link Long#MAX_VALUE} for no check
     * @throws TooLarge when the series hold more than {@code maxPoints} in the period
     */
    public static KpiReport load(Collection<TwinDefinition> twins, SeriesReader history, EventLog events,
                                 Function<String, Cost> costs, Instant from, Instant to, long maxPoints) {
        long f = from != null ? from.toEpochMilli() : Point.MIN_TIME;
        long t = to != null ? to.toEpochMilli() : Point.MAX_TIME;
        if (maxPoints != Long.MAX_VALUE) {
            long total = 0;
            for (TwinDefinition d : twins) {
                for (String[] c : CHANNELS) {
                    if (d.type().channel(c[0], c[1]).isEmpty()) {
                        continue;
                    }
                    RollupData hours = history.readRollup(new SeriesKey(d.id(), c[0], c[1]), Resolution.HOUR, f, t);
                    for (int i = 0; i < hours.size(); i++) {
                        total += hours.count()[i];
                    }
                }
                if (total > maxPoints) {
                    throw new TooLarge(String.format(Locale.ROOT, "the period holds more than %,d samples of the"
                            + " channels the figures are read from (machine.state, dipper, truck body and fuel);"
                            + " ask for a shorter period, or filter by twin, type or site", maxPoints));
                }
            }
        }
        Set<TwinId> wanted = new java.util.HashSet<>();
        twins.forEach(d -> wanted.add(d.id()));
        Map<TwinId, List<Event>> byTwin = new HashMap<>();
        for (Event e : events.query(Optional.empty(), Instant.ofEpochMilli(Point.MIN_TIME),
                Instant.ofEpochMilli(Point.MAX_TIME))) {
            if (wanted.contains(e.twin()) && (e.kind() == EventKind.MAINTENANCE || e.kind() == EventKind.FAILURE
                    || e.kind() == EventKind.ALERT)) {
                byTwin.computeIfAbsent(e.twin(), k -> new ArrayList<>()).add(e);
            }
        }
        List<AssetData> out = new ArrayList<>();
        for (TwinDefinition d : twins) {
            Optional<ChannelSpec> state = d.type().channel("machine", "state");
            Kpis.StateCodes codes = state.map(s -> new Kpis.StateCodes(s.states().indexOf("running"),
                    s.states().indexOf("idle"), s.states().indexOf("down"), s.states().indexOf("maintenance")))
                    .orElse(new Kpis.StateCodes(-1, -1, -1, -1));
            int loaded = d.type().channel("body", "load-state").map(s -> s.states().indexOf("loaded")).orElse(-1);
            SeriesData s = read(history, d, "machine", "state", f, t);
            List<Event> own = byTwin.getOrDefault(d.id(), List.of());
            List<Event> inPeriod = own.stream().filter(e -> e.kind() != EventKind.ALERT
                    && e.time().toEpochMilli() >= f && e.time().toEpochMilli() < t).toList();
            if (s.size() == 0 && inPeriod.isEmpty()) {
                continue;
            }
            Instant start = from != null ? from : earliest(s, inPeriod);
            Instant end = to != null ? to : latest(s, inPeriod);
            if (!start.isBefore(end)) {
                continue;
            }
            out.add(new AssetData(d, start, end, codes, s, read(history, d, "dipper", "payload", f, t),
                    read(history, d, "dipper", "energy-per-cycle", f, t), read(history, d, "machine", "cycles", f, t),
                    read(history, d, "engine", "fuel-rate", f, t), read(history, d, "body", "payload", f, t),
                    read(history, d, "body", "load-state", f, t), loaded, own));
        }
        return new KpiReport(out, costs);
    }

    private static SeriesData read(SeriesReader history, TwinDefinition d, String component, String channel, long f,
                                   long t) {
        if (d.type().channel(component, channel).isEmpty()) {
            return SeriesData.EMPTY;
        }
        return history.read(new SeriesKey(d.id(), component, channel), f, t).good();
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

    /** Whether any asset had data in the period. */
    public boolean isEmpty() {
        return assets.isEmpty();
    }

    /** The earliest start of the assets' periods. */
    public Instant from() {
        return assets.stream().map(AssetData::from).min(Instant::compareTo).orElseThrow();
    }

    /** The latest end of the assets' periods. */
    public Instant to() {
        return assets.stream().map(AssetData::to).max(Instant::compareTo).orElseThrow();
    }

    /** Every asset's figures over its period. */
    public List<AssetKpis> assets() {
        List<AssetKpis> out = new ArrayList<>();
        for (AssetData a : assets) {
            out.add(new AssetKpis(a.twin(), a.from(), a.to(), totals(a, a.from(), a.to(), null)));
        }
        return out;
    }

    /** One asset's totals over {@code [from, to)}, counting only {@code component}'s records when it is given. */
    Kpis.Totals totals(AssetData a, Instant from, Instant to, String component) {
        List<Event> events = component == null ? a.events()
                : a.events().stream().filter(e -> component.equals(e.component())).toList();
        List<Event> records = events.stream().filter(e -> e.kind() != EventKind.ALERT).toList();
        Kpis.Totals k = Kpis.asset(a.state().times(), a.state().values(), a.state().size(), a.codes(), records, from,
                to);
        Cost cost = costs.apply(a.twin().type().name());
        k = k.withAvoided(Kpis.avoided(events, from, to, cost.hoursPerFailure(), cost.perHour()));
        if (component != null) {
            return k;
        }
        Kpis.Energy energy = Kpis.Energy.ZERO;
        if (a.dipperPayload().size() > 0 && a.dipperEnergy().size() > 0) {
            energy = energy.plus(Kpis.loading(a.dipperPayload(), a.dipperEnergy(), a.cycles(), from, to));
        }
        if (a.fuelRate().size() > 0 || a.loadState().size() > 0) {
            energy = energy.plus(Kpis.haulage(a.fuelRate(), a.bodyPayload(), a.loadState(), a.loaded(), from, to));
        }
        return k.withEnergy(energy);
    }

    /**
     * Summed figures per group name, in name order ({@link Group#WEEK}: per ISO week named by its Monday, 00:00 UTC,
     * leaving out weeks in which nothing was observed or recorded).
     */
    public Map<String, Kpis.Totals> grouped(Group group) {
        Map<String, Kpis.Totals> out = new TreeMap<>();
        switch (group) {
            case ASSET -> assets.forEach(a -> out.put(a.twin().id().toString(), totals(a, a.from(), a.to(), null)));
            case TYPE -> assets.forEach(a -> out.merge(a.twin().type().name(), totals(a, a.from(), a.to(), null),
                    Kpis.Totals::plus));
            case SITE -> assets.forEach(a -> out.merge(a.twin().attributes().site(), totals(a, a.from(), a.to(), null),
                    Kpis.Totals::plus));
            case FLEET -> assets.forEach(a -> out.merge("fleet", totals(a, a.from(), a.to(), null), Kpis.Totals::plus));
            case SUPPLIER -> {
                Map<String, Set<String>> suppliers = new HashMap<>();
                for (AssetData a : assets) {
                    a.twin().attributes().suppliers().forEach((c, s) -> suppliers.computeIfAbsent(
                            a.twin().type().name() + "/" + c, k -> new TreeSet<>()).add(s));
                }
                for (AssetData a : assets) {
                    a.twin().attributes().suppliers().forEach((c, s) -> {
                        if (suppliers.get(a.twin().type().name() + "/" + c).size() > 1) {
                            out.merge(supplierKey(a.twin().type().name(), c, s), totals(a, a.from(), a.to(), c),
                                    Kpis.Totals::plus);
                        }
                    });
                }
            }
            case WEEK -> {
                for (AssetData a : assets) {
                    Instant week = a.from().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS)
                            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
                    for (; week.isBefore(a.to()); week = week.plus(7, ChronoUnit.DAYS)) {
                        Instant start = week.isBefore(a.from()) ? a.from() : week;
                        Instant next = week.plus(7, ChronoUnit.DAYS);
                        Instant end = next.isAfter(a.to()) ? a.to() : next;
                        out.merge(week.toString().substring(0, 10), totals(a, start, end, null), Kpis.Totals::plus);
                    }
                }
                out.values().removeIf(KpiReport::empty); // weeks before the data starts or after it ends
            }
            default -> throw new IllegalStateException(group.toString());
        }
        return out;
    }

    /** Whether {@code k} saw nothing: no state history, no records, no work. */
    private static boolean empty(Kpis.Totals k) {
        return k.observedHours() == 0 && k.failures() == 0 && k.planned() == 0 && k.unplanned() == 0
                && k.energy().equals(Kpis.Energy.ZERO) && k.avoided().alerts() == 0;
    }

    /** A supplier group's name: {@code <type>/<component>: <supplier>}. */
    public static String supplierKey(String type, String component, String supplier) {
        return type + "/" + component + ": " + supplier;
    }

    /** The figures of {@code k} as JSON-ready fields, ratios to 4 places and hours to 2. */
    public static Map<String, Object> figures(Kpis.Totals k) {
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
        Kpis.Energy e = k.energy();
        m.put("energy_kwh_per_tonne", round(e.kwhPerTonne(), 4));
        m.put("tonnes_loaded", round(e.loadingTonnes(), 1));
        m.put("dig_cycles", e.cycles());
        m.put("loading_kwh", round(e.loadingKwh(), 1));
        m.put("loading_kwh_per_tonne", round(e.loadingKwhPerTonne(), 4));
        m.put("tonnes_hauled", round(e.haulTonnes(), 1));
        m.put("haul_trips", e.trips());
        m.put("diesel_litres", round(e.haulLitres(), 1));
        m.put("haul_litres_per_tonne", round(e.haulLitresPerTonne(), 4));
        m.put("haul_kwh_per_tonne", round(e.haulKwhPerTonne(), 4));
        Kpis.Avoided a = k.avoided();
        m.put("alerts_to_planned_work", a.alerts());
        m.put("downtime_hours_avoided", round(a.downtimeHours(), 2));
        m.put("downtime_cost_avoided", round(a.costOrNull(), 0));
        return m;
    }

    private static Double round(Double v, int places) {
        if (v == null || !Double.isFinite(v)) {
            return null;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    /** What each figure means, for the JSON answers. */
    public static Map<String, String> definitions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("observed_hours", "hours covered by machine.state samples; a sample holds until the next, at most 1 h");
        m.put("availability", "(running + idle hours) / observed hours");
        m.put("utilisation", "running hours / observed hours");
        m.put("mtbf_hours", "uptime (running + idle) hours / failure records; period hours when no state history");
        m.put("mttr_hours", "mean time to restore of the timed failures: a record's finish minus its start, else from"
                + " the failure until machine.state is next running or idle");
        m.put("planned_share", "planned (preventive, inspection, replacement) / all maintenance records; failure"
                + " repairs are unplanned");
        m.put("loading_kwh_per_tonne", "shovels: dipper.energy-per-cycle / dipper.payload, each sampled cycle standing"
                + " for the machine.cycles counted since the previous sample");
        m.put("haul_litres_per_tonne", "trucks: diesel (engine.fuel-rate over time) / tonnes hauled (loaded runs of"
                + " body.load-state ending in a dump, each with its mean body.payload)");
        m.put("haul_kwh_per_tonne", "haul_litres_per_tonne x " + Kpis.DIESEL_KWH_PER_LITRE + " kWh per litre of diesel");
        m.put("energy_kwh_per_tonne", "loading kWh per tonne + haulage kWh per tonne, each where the group has it: the"
                + " energy to dig and haul a tonne");
        m.put("alerts_to_planned_work", "alerts followed, while open or within 24 h of clearing, by planned work on"
                + " their component with no failure of it in between");
        m.put("downtime_cost_avoided", "those alerts x the type's downtime per failure x its cost per hour (config"
                + " 'costs'); null where no cost is configured");
        m.put("groups", "type, site, supplier, week and fleet figures come from summed hours, energy and counts;"
                + " supplier groups count only that component's records");
        return m;
    }
}
