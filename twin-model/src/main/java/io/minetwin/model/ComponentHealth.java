package io.minetwin.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The latest forecast for one component of a twin: how healthy it is, how likely it is to fail within
 * each horizon, how long it has left, how urgent that is, and the signals behind it.
 *
 * @param time               when the forecast was made (the time of the newest data it used)
 * @param score              health from 0 (failed) to 100 (as new)
 * @param failureProbability probability of failure per horizon, keyed by the horizon as written in
 *                           config, e.g. {@code "72h"}, {@code "7d"}; in iteration order of the horizons
 * @param rul                remaining useful life, where a model for it exists
 * @param alert              the alert level, after hysteresis
 * @param topSignals         the signals that contributed most, strongest first
 * @param modelVersion       the model version(s) that made the forecast, e.g. {@code "electric-shovel/hoist-motor@3"},
 *                           or for a prior the life it assumed, e.g. {@code "prior: Weibull shape 1.5, scale 40000 h
 *                           (declared in the asset type)"}
 * @param basis              what the forecast rests on: a trained model, or a reliability prior for a component
 *                           with too few failures to train on
 */
public record ComponentHealth(Instant time, double score, Map<String, Double> failureProbability,
                              Optional<Rul> rul, AlertLevel alert, List<Signal> topSignals, String modelVersion,
                              Basis basis) {

    /** What a forecast rests on. */
    public enum Basis {
        /** Trained models of the component (health, failure probability and remaining life). */
        MODEL,
        /**
         * A reliability prior: the component type's life distribution (fitted to the fleet's failure records, or
         * declared in the asset type) conditioned on the component's age since its last renewal and adjusted by
         * its live limit states. Used where a component has too few failures to train on.
         */
        PRIOR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Reads {@link #id()}. */
        public static Basis parse(String id) {
            for (Basis b : values()) {
                if (b.id().equals(id)) {
                    return b;
                }
            }
            throw new IllegalArgumentException("basis '" + id + "' is not one of model, prior");
        }
    }

    /** A forecast made by trained models. */
    public ComponentHealth(Instant time, double score, Map<String, Double> failureProbability, Optional<Rul> rul,
                           AlertLevel alert, List<Signal> topSignals, String modelVersion) {
        this(time, score, failureProbability, rul, alert, topSignals, modelVersion, Basis.MODEL);
    }

    public ComponentHealth {
        Objects.requireNonNull(time, "time");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("health score " + score + " is not within 0..100");
        }
        var probabilities = new LinkedHashMap<String, Double>();
        Objects.requireNonNull(failureProbability, "failureProbability").forEach((horizon, p) -> {
            if (p == null || !(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("failure probability " + p + " for horizon " + horizon
                        + " is not within 0..1");
            }
            probabilities.put(Objects.requireNonNull(horizon, "horizon"), p);
        });
        failureProbability = java.util.Collections.unmodifiableMap(probabilities);
        Objects.requireNonNull(rul, "rul");
        Objects.requireNonNull(alert, "alert");
        topSignals = List.copyOf(topSignals);
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(basis, "basis");
    }

    /** The failure probability for {@code horizon} (e.g. {@code "7d"}), if forecast. */
    public Optional<Double> probability(String horizon) {
        return Optional.ofNullable(failureProbability.get(horizon));
    }

    /**
     * Remaining useful life in hours with an interval.
     *
     * @param hours      the estimate
     * @param lowerHours the lower bound of the interval
     * @param upperHours the upper bound of the interval
     */
    public record Rul(double hours, double lowerHours, double upperHours) {
        public Rul {
            if (!(hours >= 0 && lowerHours >= 0 && lowerHours <= hours && hours <= upperHours)
                    || !Double.isFinite(upperHours)) {
                throw new IllegalArgumentException("RUL " + hours + " h with interval [" + lowerHours + ", "
                        + upperHours + "] h is not ordered lower <= estimate <= upper, all finite and >= 0");
            }
        }
    }

    /**
     * A signal behind a forecast.
     *
     * @param feature the model's feature name, e.g. {@code "hoist-motor.bearing-vib.slope.24h"}
     * @param label   the same for a planner, e.g. {@code "hoist-motor bearing-vib: slope over 24 h"}
     * @param weight  its share of the forecast, 0..1; the weights of a forecast's signals sum to at most 1
     */
    public record Signal(String feature, String label, double weight) {
        public Signal {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(label, "label");
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("signal weight " + weight + " is not within 0..1");
            }
        }
    }
}
