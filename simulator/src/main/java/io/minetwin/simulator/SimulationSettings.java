package io.minetwin.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Fleet-wide simulation settings, the {@code simulation:} section at the top of a fleet file.
 *
 * @param start                  when simulated time begins
 * @param ageing                 ageing acceleration: wear-out lives are divided by it, so that a simulated
 *                               year holds many failures while each keeps its physical shape
 * @param randomFaultsPerYear    random failures without precursor, per machine and calendar year
 * @param sensorFaultsPerYear    sensor faults (stuck, spikes, dropout, drift), per machine and year
 * @param preventiveIntervalHours operating hours between scheduled services of a machine
 * @param initialWear            upper bound of the wear each component has at the start, 0 to 0.95;
 *                               each draws uniformly below it (a fleet of mixed ages)
 * @param climate                ambient temperature model
 * @param supplierLife           life factor per supplier name (0.5 halves lives), for substitutes
 */
public record SimulationSettings(Instant start, double ageing, double randomFaultsPerYear, double sensorFaultsPerYear,
                                 double preventiveIntervalHours, double initialWear, Climate climate,
                                 Map<String, Double> supplierLife) {

    public static final Instant DEFAULT_START = Instant.parse("2025-01-01T00:00:00Z");

    /** One real year per year: no acceleration, a few random and sensor faults, 500 h services. */
    public static final SimulationSettings DEFAULTS = new SimulationSettings(DEFAULT_START, 1, 0.2, 1, 500, 0.8,
            Climate.INNER_MONGOLIA, Map.of());

    public SimulationSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(climate, "climate");
        requireAtLeast("ageing", ageing, 1e-3, "e.g. 1 for real time or 25 for a busy demo");
        requireAtLeast("random-faults-per-year", randomFaultsPerYear, 0, "use 0 for none");
        requireAtLeast("sensor-faults-per-year", sensorFaultsPerYear, 0, "use 0 for none");
        requireAtLeast("preventive-interval", preventiveIntervalHours, 1, "e.g. 500 operating hours");
        if (!(initialWear >= 0 && initialWear <= 0.95)) {
            throw new IllegalArgumentException("initial-wear " + initialWear + " must lie between 0 and 0.95");
        }
        supplierLife = Collections.unmodifiableMap(new TreeMap<>(supplierLife == null ? Map.of() : supplierLife));
        supplierLife.forEach((supplier, f) -> requireAtLeast("supplier life factor of '" + supplier + "'", f, 1e-3,
                "e.g. 0.6 for a substitute whose parts last 60 % as long"));
    }

    private static void requireAtLeast(String what, double v, double min, String hint) {
        if (!(v >= min) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " is " + v + "; it must be a number of at least " + min
                    + ", " + hint);
        }
    }

    public SimulationSettings withStart(Instant value) {
        return new SimulationSettings(value, ageing, randomFaultsPerYear, sensorFaultsPerYear, preventiveIntervalHours,
                initialWear, climate, supplierLife);
    }

    public SimulationSettings withAgeing(double value) {
        return new SimulationSettings(start, value, randomFaultsPerYear, sensorFaultsPerYear, preventiveIntervalHours,
                initialWear, climate, supplierLife);
    }

    public SimulationSettings withFaultRates(double random, double sensor) {
        return new SimulationSettings(start, ageing, random, sensor, preventiveIntervalHours, initialWear, climate,
                supplierLife);
    }

    public SimulationSettings withInitialWear(double value) {
        return new SimulationSettings(start, ageing, randomFaultsPerYear, sensorFaultsPerYear, preventiveIntervalHours,
                value, climate, supplierLife);
    }

    public SimulationSettings withClimate(Climate value) {
        return new SimulationSettings(start, ageing, randomFaultsPerYear, sensorFaultsPerYear, preventiveIntervalHours,
                initialWear, value, supplierLife);
    }

    public SimulationSettings withPreventiveInterval(double hours) {
        return new SimulationSettings(start, ageing, randomFaultsPerYear, sensorFaultsPerYear, hours, initialWear,
                climate, supplierLife);
    }

    public SimulationSettings withSupplierLife(Map<String, Double> value) {
        return new SimulationSettings(start, ageing, randomFaultsPerYear, sensorFaultsPerYear, preventiveIntervalHours,
                initialWear, climate, value);
    }

    /** The life factor of parts from {@code supplier}; 1 when none is set. */
    double lifeFactor(String supplier) {
        return supplier == null ? 1 : supplierLife.getOrDefault(supplier, 1.0);
    }
}
