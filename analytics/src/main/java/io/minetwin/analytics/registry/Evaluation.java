package io.minetwin.analytics.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a model version did on a holdout.
 *
 * @param holdout what it was evaluated on, e.g. {@code C-MAPSS FD001 test}; versions are only compared
 *                on the same holdout
 * @param rmse    RUL root mean square error, in steps (lower is better)
 * @param score   PHM08 score (lower is better)
 * @param units   holdout units evaluated
 * @param metrics further figures by name, e.g. {@code recall_72h}, {@code false_alarms_per_asset_year},
 *                {@code precision}, {@code brier_7d}; finite numbers only
 */
public record Evaluation(String holdout, double rmse, double score, int units, Map<String, Double> metrics) {

    /** The figure that decides, for component forecasts: the share of failures flagged 72 h ahead. */
    public static final String RECALL = "recall_72h";
    /** The tie-breaker for component forecasts (lower is better). */
    public static final String FALSE_ALARMS = "false_alarms_per_asset_year";

    public Evaluation {
        Objects.requireNonNull(holdout, "holdout");
        if (holdout.isBlank() || holdout.contains("\n")) {
            throw new IllegalArgumentException("holdout must be a one-line description, got '" + holdout + "'");
        }
        if (!Double.isFinite(rmse) || rmse < 0) {
            throw new IllegalArgumentException("rmse must be a finite non-negative number, got " + rmse);
        }
        var copy = new LinkedHashMap<String, Double>();
        (metrics == null ? Map.<String, Double>of() : metrics).forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException("evaluation figure " + k + " must be a finite number, got " + v);
            }
            copy.put(k, v);
        });
        metrics = java.util.Collections.unmodifiableMap(copy);
    }

    /** An evaluation with RUL figures only. */
    public Evaluation(String holdout, double rmse, double score, int units) {
        this(holdout, rmse, score, units, Map.of());
    }

    public Optional<Double> metric(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    /**
     * True when this evaluation is worse than {@code other}: by recall at 72 h when both have it (then by
     * false alarms per asset-year, then RUL RMSE), else by RUL RMSE.
     */
    public boolean worseThan(Evaluation other) {
        if (metrics.containsKey(RECALL) && other.metrics.containsKey(RECALL)) {
            int c = Double.compare(round(metrics.get(RECALL)), round(other.metrics.get(RECALL)));
            if (c != 0) {
                return c < 0;
            }
            double fa = metrics.getOrDefault(FALSE_ALARMS, 0.0);
            double ofa = other.metrics.getOrDefault(FALSE_ALARMS, 0.0);
            if (round(fa) != round(ofa)) {
                return fa > ofa;
            }
        }
        return rmse > other.rmse;
    }

    /** A one-line comparison figure for messages. */
    public String headline() {
        if (metrics.containsKey(RECALL)) {
            return String.format(java.util.Locale.ROOT, "recall_72h %.3f, false alarms/asset-year %.3f, RUL RMSE %.1f",
                    metrics.get(RECALL), metrics.getOrDefault(FALSE_ALARMS, Double.NaN), rmse);
        }
        return String.format(java.util.Locale.ROOT, "RMSE %.3f", rmse);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
