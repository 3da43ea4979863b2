package io.minetwin.analytics.reliability;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The reliability statistics of a fleet, one {@link Group} per pool of components.
 *
 * @param units               component histories analysed
 * @param outsideRecords      failure and replacement records outside their component's observed period
 * @param zeroLengthIntervals intervals of zero length dropped (two renewals of a component at one instant)
 */
public record ReliabilityReport(ReliabilityAnalysis.GroupBy by, double confidence, List<Group> groups, int units,
                                int outsideRecords, int zeroLengthIntervals) {

    public ReliabilityReport {
        Objects.requireNonNull(by, "by");
        groups = List.copyOf(groups);
    }

    /**
     * One pool: its counts and, with enough failures, its Weibull fit.
     *
     * @param supplier      present when pooled by supplier
     * @param units         twin components in the pool
     * @param failures      intervals that ended in a failure
     * @param censored      intervals that did not (replaced without failing, or still running)
     * @param exposureHours observed component-hours in the pool
     * @param fit           the fit, when there were enough failures and they bound it
     * @param note          why there is no fit; empty with a fit
     */
    public record Group(String assetType, String component, Optional<String> supplier, int units, int failures,
                        int censored, double exposureHours, Optional<WeibullFit> fit, String note) {
        public Group {
            Objects.requireNonNull(assetType, "assetType");
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(supplier, "supplier");
            Objects.requireNonNull(fit, "fit");
            Objects.requireNonNull(note, "note");
        }

        /** Observed component-hours per failure, the crude MTBF; empty without failures. */
        public OptionalDouble observedMtbfHours() {
            return failures == 0 ? OptionalDouble.empty() : OptionalDouble.of(exposureHours / failures);
        }
    }
}
