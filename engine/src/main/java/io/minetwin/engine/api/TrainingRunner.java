package io.minetwin.engine.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains models for {@code POST /api/train}. The API runs it on its own background thread, one job at a
 * time, and reports the progress it is given on {@code GET /api/jobs/{id}}.
 *
 * <p>An engine without a runner answers {@code POST /api/train} with 503; the analytics module supplies
 * the real one. A runner throws {@link IllegalArgumentException} for a request it cannot serve (the job
 * fails with that message) and may throw anything else for a failed run.
 */
@FunctionalInterface
public interface TrainingRunner {

    /**
     * Trains and registers model versions.
     *
     * @return a JSON-ready summary, e.g. the versions registered and their evaluations
     */
    Map<String, Object> train(Request request, Progress progress) throws Exception;

    /**
     * What to train.
     *
     * @param assetType the asset type, e.g. {@code electric-shovel}
     * @param component one component of it, or empty for all its components
     * @param trainer   the trainer to use, or empty for the runner's default
     * @param horizons  the failure horizons to forecast, e.g. {@code 72h}, {@code 7d}; empty for the default
     * @param user      who asked for it
     * @param challenge true for champion/challenger: the trained candidate is promoted only if it beats the active
     *                  version on the same recent holdout, and the comparison is written to the event log
     */
    record Request(String assetType, Optional<String> component, Optional<String> trainer, List<String> horizons,
                   String user, boolean challenge) {
        public Request {
            Objects.requireNonNull(assetType, "assetType");
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(trainer, "trainer");
            horizons = List.copyOf(horizons);
            Objects.requireNonNull(user, "user");
        }

        /** A plain training request (no champion/challenger). */
        public Request(String assetType, Optional<String> component, Optional<String> trainer, List<String> horizons,
                       String user) {
            this(assetType, component, trainer, horizons, user, false);
        }
    }

    /** Where a runner reports how far it is. */
    @FunctionalInterface
    interface Progress {
        /**
         * @param fraction how much is done, 0 to 1
         * @param message  what it is doing, e.g. {@code "extracting features for hoist-motor"}
         */
        void report(double fraction, String message);
    }
}
