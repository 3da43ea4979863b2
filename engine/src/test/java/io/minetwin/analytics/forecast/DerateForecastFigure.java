package io.minetwin.analytics.forecast;

import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.DutySpec;
import io.minetwin.model.LifeSpec;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.simulator.FleetSimulation;
import io.minetwin.simulator.Records;
import io.minetwin.simulator.SimulationPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * The derate loop measured on the demo fleet: two identical simulations of the fleet, in one the truck whose
 * engine is the most worn derated 30 % after a warm-up; the engine's duty-weighted prior forecast
 * ({@link DutyAge}, {@link LifePrior}) of that truck's engine made from each run's fuel-rate history each day.
 * Run from the repository root after {@code mvn -B -q test-compile -pl engine -am}:
 * {@code java -cp <classes> io.minetwin.analytics.forecast.DerateForecastFigure [days] [warm-up days] [age at start h | unknown]}.
 */
public final class DerateForecastFigure {

    private static final long HOUR = 3_600_000L;

    /** Hourly sums and counts of one series, read as hourly rollups. */
    static final class Hourly implements SeriesReader {
        final TreeMap<Long, double[]> buckets = new TreeMap<>();

        void add(long time, double value) {
            double[] b = buckets.computeIfAbsent(Math.floorDiv(time, HOUR) * HOUR, k -> new double[2]);
            b[0] += value;
            b[1]++;
        }

        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            return SeriesData.EMPTY;
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            var sub = buckets.subMap(from, true, to, false);
            int n = sub.size();
            long[] starts = new long[n];
            double[] sum = new double[n];
            long[] count = new long[n];
            double[] nan = new double[n];
            int i = 0;
            for (var e : sub.entrySet()) {
                starts[i] = e.getKey();
                sum[i] = e.getValue()[0];
                count[i] = (long) e.getValue()[1];
                nan[i] = Double.NaN;
                i++;
            }
            return new RollupData(Resolution.HOUR, starts, nan, nan, sum, count, n);
        }

        @Override
        public Set<SeriesKey> series() {
            return Set.of();
        }
    }

    public static void main(String[] args) {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 28;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 14;
        // "unknown": no renewal on record and older than twice the type's life, as the demo's trucks are.
        boolean ageKnown = !(args.length > 2 && args[2].equals("unknown"));
        double ageAtStart = ageKnown && args.length > 2 ? Double.parseDouble(args[2]) : 45_000;
        var types = AssetTypeLoader.loadDirectory(Path.of("config/asset-types"));
        SimulationPlan plan = SimulationLoader.load(Path.of("config/fleets/demo.yaml"), types);
        long seed = plan.seed().orElse(42);
        FleetSimulation base = plan.simulation(seed, new Records.Listener() { });
        FleetSimulation derated = plan.simulation(seed, new Records.Listener() { });
        TwinDefinition truck = null;
        double worst = -1;
        for (TwinDefinition d : plan.fleet().twins().values()) {
            if (d.type().name().equals("haul-truck")) {
                double w = base.damage(d.id(), "engine", "engine-bearing-wear");
                if (w > worst) {
                    worst = w;
                    truck = d;
                }
            }
        }
        LifeSpec life = truck.type().component("engine").orElseThrow().life().orElseThrow();
        DutySpec duty = life.duty().orElseThrow(() -> new IllegalStateException("haul-truck engine declares no duty"));
        var prior = new LifePrior(life.shape(), life.scaleHours(java.util.Optional.ofNullable(
                truck.attributes().suppliers().get("engine"))), "declared in the asset type");
        SeriesKey fuel = new SeriesKey(truck.id(), "engine", duty.channel());
        int fuelIndex = base.series().indexOf(fuel);
        // Every truck's fuel rate over calendar time, for the nominal duty.
        List<SeriesKey> all = base.series();
        double[] fleetFuel = new double[2];
        Hourly baseHistory = new Hourly();
        Hourly deratedHistory = new Hourly();
        // The truck's numeric engine channels, for their live limit states at each forecast.
        java.util.Map<Integer, io.minetwin.model.ChannelSpec> engine = new java.util.HashMap<>();
        for (var spec : truck.type().component("engine").orElseThrow().channels()) {
            int i = all.indexOf(new SeriesKey(truck.id(), "engine", spec.name()));
            if (i >= 0 && spec.type() == io.minetwin.model.ValueType.NUMBER) {
                engine.put(i, spec);
            }
        }
        @SuppressWarnings("unchecked")
        java.util.Map<Integer, Double>[] last = new java.util.Map[] {new java.util.HashMap<>(), new java.util.HashMap<>()};
        long start = plan.settings().start().toEpochMilli();
        long renewed = start - (long) (ageAtStart * HOUR);
        long step = 60_000;
        long derateAt = start + warmUp * 24 * HOUR;
        System.out.printf(Locale.ROOT, "truck %s engine (engine-bearing-wear %.4f at the start, the fleet's most worn);"
                + " life Weibull %.2f / %.0f h, duty %s / %s ^%s; age at the start %.0f h (hours before the"
                + " simulation counted at nominal); warm-up %d d, then derate 30 %% in one run%n", truck.id(),
                worst, prior.shape(), prior.scaleHours(), duty.channel(), duty.nominal(), duty.exponent(),
                ageKnown ? ageAtStart : Double.NaN, warmUp);
        System.out.println("day | fuel L/h base | derated | RUL h base | derated | ratio | P(7d) base | derated"
                + " | alert/health base | derated | damage base | derated");
        for (int d = 1; d <= warmUp + days; d++) {
            for (long t = start + (d - 1) * 24 * HOUR + step; t <= start + d * 24 * HOUR; t += step) {
                if (t == derateAt + step) {
                    derated.setPoint(truck.id(), "engine.derate", 30);
                }
                base.step(t, (i, tt, v) -> {
                    if (i == fuelIndex) {
                        baseHistory.add(tt, v);
                    }
                    if (engine.containsKey(i)) {
                        last[0].put(i, v);
                    }
                    if (all.get(i).channel().equals(duty.channel()) && all.get(i).component().equals("engine")) {
                        fleetFuel[0] += v;
                        fleetFuel[1]++;
                    }
                });
                derated.step(t, (i, tt, v) -> {
                    if (i == fuelIndex) {
                        deratedHistory.add(tt, v);
                    }
                    if (engine.containsKey(i)) {
                        last[1].put(i, v);
                    }
                });
            }
            long now = start + d * 24 * HOUR;
            if (d < warmUp || (d - warmUp) % 7 != 0 && d != warmUp + 1) {
                continue;
            }
            ComponentHealth[] f = new ComponentHealth[2];
            double[] rate = new double[2];
            Hourly[] h = {baseHistory, deratedHistory};
            for (int k = 0; k < 2; k++) {
                DutyAge age = DutyAge.measure(h[k], fuel, duty, renewed, now, ageKnown);
                rate[k] = recentFuel(h[k], now);
                List<LifePrior.ChannelCondition> conditions = new java.util.ArrayList<>();
                final int run = k;
                engine.forEach((i, spec) -> {
                    Double v = last[run].get(i);
                    if (v != null) {
                        conditions.add(new LifePrior.ChannelCondition(spec.name(), spec.limitState(
                                new io.minetwin.model.Value.Num(v))));
                    }
                });
                f[k] = prior.forecast(Instant.ofEpochMilli(now), age, "the last renewal",
                        List.of(Horizon.parse("72h"), Horizon.parse("7d")), conditions, AlertLevel.OK,
                        AlertPolicy.defaults());
            }
            System.out.printf(Locale.ROOT, "%3d | %.1f | %.1f | %.0f | %.0f | %.2f | %.4f | %.4f | %s | %s | %.4f | %.4f%n",
                    d - warmUp, rate[0], rate[1], f[0].rul().orElseThrow().hours(), f[1].rul().orElseThrow().hours(),
                    f[1].rul().orElseThrow().hours() / f[0].rul().orElseThrow().hours(),
                    f[0].probability("7d").orElseThrow(), f[1].probability("7d").orElseThrow(),
                    f[0].alert() + "/" + f[0].score(), f[1].alert() + "/" + f[1].score(), base.damage(truck.id(), "engine", "engine-bearing-wear"),
                    derated.damage(truck.id(), "engine", "engine-bearing-wear"));
        }
        System.out.printf(Locale.ROOT, "fleet mean engine %s over calendar time (all trucks, base run, %d d): %.1f%n",
                duty.channel(), warmUp + days, fleetFuel[0] / fleetFuel[1]);
    }

    /** Mean of the last week's hourly means. */
    private static double recentFuel(Hourly h, long now) {
        var sub = h.buckets.subMap(now - 168 * HOUR, true, now, false);
        return sub.values().stream().mapToDouble(b -> b[0] / b[1]).average().orElse(Double.NaN);
    }
}
