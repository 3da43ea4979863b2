package io.minetwin.engine.config;

import io.minetwin.engine.config.YamlNode.Entry;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import io.minetwin.simulator.Climate;
import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.SimulationSettings;
import io.minetwin.simulator.TwinSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads a fleet file with its {@code simulation:} sections (schema in {@code config/README.md}) into a
 * {@link SimulationPlan}. The fleet itself is read by {@link FleetLoader}; every problem of the
 * simulation sections is reported with file, line, column and key path, like the rest of the config.
 *
 * <pre>
 * simulation:                      # fleet-wide, all keys optional
 *   seed: 42
 *   start: 2025-01-01              # date (UTC midnight) or ISO instant
 *   ageing: 25                     # wear-out lives divided by this
 *   random-faults-per-year: 0.3    # per machine
 *   sensor-faults-per-year: 1      # per machine
 *   preventive-interval: 500h      # operating hours between services
 *   initial-wear: 0.8              # components start with up to this share of life used
 *   climate: {mean: 2.5, seasonal-amplitude: 25, daily-amplitude: 6, weather-amplitude: 2, utc-offset: 8}
 *   supplier-life: {"CRRC Times Electric (domestic substitute)": 0.55}
 * twins:
 *   truck-01:
 *     simulation: {utilisation: 0.85, haul-km: 3.2, haul-grade: 9, life-factor: 1, initial-wear: 0.2}
 * </pre>
 */
public final class SimulationLoader {

    private static final List<String> FLEET_KEYS = List.of("seed", "start", "ageing", "random-faults-per-year",
            "sensor-faults-per-year", "preventive-interval", "initial-wear", "climate", "supplier-life");
    private static final List<String> CLIMATE_KEYS =
            List.of("mean", "seasonal-amplitude", "daily-amplitude", "weather-amplitude", "utc-offset");
    private static final List<String> TWIN_KEYS =
            List.of("utilisation", "haul-km", "haul-grade", "life-factor", "initial-wear");

    private SimulationLoader() {
    }

    /**
     * Loads {@code fleetFile} against {@code types}, with its simulation settings.
     *
     * @throws ConfigException listing every problem, each with file, line, column and key path
     */
    public static SimulationPlan load(Path fleetFile, Map<String, AssetType> types) {
        Fleet fleet = FleetLoader.load(fleetFile, types);
        var cf = new ConfigFile(fleetFile);
        Mapping root = (Mapping) YamlNode.read(fleetFile);
        SimulationSettings settings = SimulationSettings.DEFAULTS;
        OptionalLong seed = OptionalLong.empty();
        Entry sim = root.entries().get("simulation");
        if (sim != null) {
            Optional<Mapping> m = cf.mapping(sim.value(), "simulation");
            if (m.isPresent()) {
                seed = seed(cf, m.get());
                settings = settings(cf, m.get());
            }
        }
        var twins = new LinkedHashMap<TwinId, TwinSettings>();
        Entry twinsEntry = root.entries().get("twins");
        if (twinsEntry != null && twinsEntry.value() instanceof Mapping tm) {
            for (Entry e : tm.entries().values()) {
                if (e.value() instanceof Mapping t && t.entries().containsKey("simulation")) {
                    TwinId id = e.key().contains(":") ? TwinId.parse(e.key()) : new TwinId(fleet.namespace(), e.key());
                    twin(cf, "twins." + e.key() + ".simulation", t.entries().get("simulation"))
                            .ifPresent(s -> twins.put(id, s));
                }
            }
        }
        cf.throwIfProblems();
        return new SimulationPlan(fleet, settings, twins, seed);
    }

    private static OptionalLong seed(ConfigFile cf, Mapping m) {
        Entry e = m.entries().get("seed");
        if (e == null) {
            return OptionalLong.empty();
        }
        return cf.text(e, "simulation.seed").map(text -> {
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException ex) {
                cf.problem(e.value().location(), "simulation.seed", "'" + text
                        + "' is not a whole number; give a seed such as 42");
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }

    private static SimulationSettings settings(ConfigFile cf, Mapping m) {
        String p = "simulation";
        cf.checkKeys(m, p, FLEET_KEYS, List.of());
        SimulationSettings d = SimulationSettings.DEFAULTS;
        Instant start = d.start();
        Entry startEntry = m.entries().get("start");
        if (startEntry != null) {
            Optional<String> text = cf.text(startEntry, p + ".start");
            if (text.isPresent()) {
                try {
                    start = text.get().contains("T") ? Instant.parse(text.get())
                            : LocalDate.parse(text.get()).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException ex) {
                    cf.problem(startEntry.value().location(), p + ".start", "'" + text.get()
                            + "' is not a date or instant; write 2025-01-01 or 2025-01-01T00:00:00Z");
                }
            }
        }
        double ageing = number(cf, m, p, "ageing", 0.001, 1e6, "e.g. 25 so a year holds dozens of failures")
                .orElse(d.ageing());
        double random = number(cf, m, p, "random-faults-per-year", 0, 1000, "per machine, e.g. 0.3; 0 for none")
                .orElse(d.randomFaultsPerYear());
        double sensor = number(cf, m, p, "sensor-faults-per-year", 0, 1000, "per machine, e.g. 1; 0 for none")
                .orElse(d.sensorFaultsPerYear());
        double initial = number(cf, m, p, "initial-wear", 0, 0.95, "the share of life components may have used"
                + " at the start, e.g. 0.8").orElse(d.initialWear());
        double interval = d.preventiveIntervalHours();
        Entry pe = m.entries().get("preventive-interval");
        if (pe != null) {
            Optional<Duration> dur = cf.duration(pe, p + ".preventive-interval", false);
            if (dur.isPresent()) {
                if (dur.get().toMinutes() < 60) {
                    cf.problem(pe.value().location(), p + ".preventive-interval", Durations.format(dur.get())
                            + " is shorter than an hour; give operating hours between services, e.g. 500h");
                } else {
                    interval = dur.get().toMinutes() / 60.0;
                }
            }
        }
        Climate climate = d.climate();
        Entry ce = m.entries().get("climate");
        if (ce != null) {
            Optional<Mapping> cm = cf.mapping(ce.value(), p + ".climate");
            if (cm.isPresent()) {
                String cp = p + ".climate";
                cf.checkKeys(cm.get(), cp, CLIMATE_KEYS, List.of());
                Climate c0 = climate;
                double mean = number(cf, cm.get(), cp, "mean", -60, 60, "degC, e.g. 2.5").orElse(c0.meanC());
                double seasonal = number(cf, cm.get(), cp, "seasonal-amplitude", 0, 60, "K, e.g. 25")
                        .orElse(c0.seasonalAmplitude());
                double daily = number(cf, cm.get(), cp, "daily-amplitude", 0, 30, "K, e.g. 6.5")
                        .orElse(c0.dailyAmplitude());
                double weather = number(cf, cm.get(), cp, "weather-amplitude", 0, 30, "K, e.g. 2.5")
                        .orElse(c0.weatherAmplitude());
                double offset = number(cf, cm.get(), cp, "utc-offset", -12, 14, "hours, e.g. 8")
                        .orElse(c0.utcOffsetHours());
                if (offset != Math.rint(offset)) {
                    cf.problem(cm.get().entries().get("utc-offset").value().location(), cp + ".utc-offset",
                            "give whole hours, e.g. 8");
                } else {
                    climate = new Climate(mean, seasonal, daily, weather, (int) offset);
                }
            }
        }
        var suppliers = new LinkedHashMap<String, Double>();
        Entry se = m.entries().get("supplier-life");
        if (se != null) {
            cf.mapping(se.value(), p + ".supplier-life").ifPresent(sm -> {
                for (Entry s : sm.entries().values()) {
                    String sp = p + ".supplier-life." + s.key();
                    cf.number(s, sp).ifPresent(f -> {
                        if (f <= 0 || f > 100) {
                            cf.problem(s.value().location(), sp, formatNumber(f) + " is not a life factor; give a"
                                    + " number above 0, e.g. 0.6 for parts that last 60 % as long");
                        } else {
                            suppliers.put(s.key(), f);
                        }
                    });
                }
            });
        }
        if (cf.hasProblems()) {
            return d;
        }
        return new SimulationSettings(start, ageing, random, sensor, interval, initial, climate, suppliers);
    }

    private static Optional<TwinSettings> twin(ConfigFile cf, String path, Entry e) {
        Optional<Mapping> m = cf.mapping(e.value(), path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        cf.checkKeys(m.get(), path, TWIN_KEYS, List.of());
        TwinSettings d = TwinSettings.DEFAULTS;
        int before = cf.problems().size();
        double utilisation = number(cf, m.get(), path, "utilisation", 0, 1, "the share of scheduled time at work,"
                + " e.g. 0.85").orElse(d.utilisation());
        double haulKm = number(cf, m.get(), path, "haul-km", 0.1, 50, "one-way haul in km, e.g. 3.2")
                .orElse(d.haulKm());
        double grade = number(cf, m.get(), path, "haul-grade", 0, 20, "% uphill when loaded, e.g. 9")
                .orElse(d.haulGrade());
        double life = number(cf, m.get(), path, "life-factor", 0.001, 100, "e.g. 0.8 for a unit worked harder")
                .orElse(d.lifeFactor());
        OptionalDouble initial = number(cf, m.get(), path, "initial-wear", 0, 0.99, "the share of life used at"
                + " the start, e.g. 0.3");
        if (cf.problems().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TwinSettings(utilisation, haulKm, grade, life, initial));
    }

    /** An optional number in {@code [min, max]}; a problem at its location otherwise. */
    private static OptionalDouble number(ConfigFile cf, Mapping m, String path, String key, double min, double max,
                                         String hint) {
        Entry e = m.entries().get(key);
        if (e == null) {
            return OptionalDouble.empty();
        }
        String p = ConfigFile.child(path, key);
        OptionalDouble v = cf.number(e, p);
        if (v.isEmpty()) {
            return v;
        }
        double x = v.getAsDouble();
        if (x < min || x > max) {
            cf.problem(e.value().location(), p, formatNumber(x) + (x < 0 && min >= 0 ? " is negative" : " is out of range")
                    + "; give a number from " + formatNumber(min) + " to " + formatNumber(max) + ", " + hint);
            return OptionalDouble.empty();
        }
        return v;
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
