package io.minetwin.analytics.registry;

import java.util.Objects;

/**
 * How a model version did on a holdout.
 *
 * @param holdout what it was evaluated on, e.g. {@code C-MAPSS FD001 test}; versions are only compared
 *                on the same holdout
 * @param rmse    RUL root mean square error, in steps (lower is better)
 * @param score   PHM08 score (lower is better)
 * @param units   holdout units evaluated
 */
public record Evaluation(String holdout, double rmse, double score, int units) {
    public Evaluation {
        Objects.requireNonNull(holdout, "holdout");
        if (holdout.isBlank() || holdout.contains("\n")) {
            throw new IllegalArgumentException("holdout must be a one-line description, got '" + holdout + "'");
        }
        if (!Double.isFinite(rmse) || rmse < 0) {
            throw new IllegalArgumentException("rmse must be a finite non-negative number, got " + rmse);
        }
    }

    /** True when this evaluation is worse than {@code other} on the primary figure (RMSE). */
    public boolean worseThan(Evaluation other) {
        return rmse > other.rmse;
    }
}
