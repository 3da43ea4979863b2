package io.minetwin.analytics.reliability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reliability statistics of a fleet: the times between failures of every component, pooled per
 * (asset type, component) or per (asset type, component, supplier), each pool fitted with a Weibull
 * distribution by {@link WeibullMle}.
 *
 * <p>Entry point: {@link #analyse(List)} with one {@link UnitHistory} per twin component. Every
 * observed component contributes its intervals, those without any failure too: their censored time
 * is what keeps the fit from understating life. A pool with fewer than {@link WeibullMle#MIN_FAILURES}
 * failures gets a row that says so instead of a fit.
 */
public final class ReliabilityAnalysis {

    /** How components are pooled. */
    public enum GroupBy {
        /** One pool per asset type and component. */
        COMPONENT,
        /** One pool per asset type, component and supplier. */
        SUPPLIER
    }

    /** The supplier of a component whose twin does not name one. */
    public static final String UNSPECIFIED_SUPPLIER = "unspecified";

    private final GroupBy by;
    private final double confidence;
    private final WeibullMle.IntervalMethod method;

    /** Intervals from the observed Fisher information. */
    public ReliabilityAnalysis(GroupBy by, double confidence) {
        this(by, confidence, WeibullMle.IntervalMethod.FISHER);
    }

    /**
     * @param confidence two-sided level of the intervals, in (0, 1)
     * @param method     how the intervals are computed
     */
    public ReliabilityAnalysis(GroupBy by, double confidence, WeibullMle.IntervalMethod method) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence " + confidence + " must lie strictly between 0 and 1,"
                    + " e.g. 0.90 for 90 %");
        }
        this.by = java.util.Objects.requireNonNull(by, "by");
        this.confidence = confidence;
        this.method = java.util.Objects.requireNonNull(method, "method");
    }

    /** Pools and fits {@code units}; the groups come sorted by asset type, component and supplier. */
    public ReliabilityReport analyse(List<UnitHistory> units) {
        Map<GroupKey, List<UnitHistory>> pools = new TreeMap<>(Comparator.comparing(GroupKey::assetType)
                .thenComparing(GroupKey::component)
                .thenComparing(k -> k.supplier().orElse("")));
        for (UnitHistory u : units) {
            Optional<String> supplier = by == GroupBy.SUPPLIER
                    ? Optional.of(u.supplier().orElse(UNSPECIFIED_SUPPLIER)) : Optional.empty();
            pools.computeIfAbsent(new GroupKey(u.assetType(), u.component(), supplier), k -> new ArrayList<>()).add(u);
        }
        List<ReliabilityReport.Group> groups = new ArrayList<>();
        int outside = 0;
        int zero = 0;
        for (var pool : pools.entrySet()) {
            List<Observation> observations = new ArrayList<>();
            double exposure = 0;
            for (UnitHistory u : pool.getValue()) {
                UnitHistory.Intervals intervals = u.intervals();
                observations.addAll(intervals.observations());
                outside += intervals.outside();
                zero += intervals.zeroLength();
                exposure += u.exposureHours();
            }
            groups.add(group(pool.getKey(), pool.getValue().size(), observations, exposure));
        }
        return new ReliabilityReport(by, confidence, groups, units.size(), outside, zero);
    }

    private ReliabilityReport.Group group(GroupKey key, int units, List<Observation> observations, double exposure) {
        int failures = (int) observations.stream().filter(Observation::failure).count();
        int censored = observations.size() - failures;
        Optional<WeibullFit> fit = Optional.empty();
        String note;
        if (failures == 0) {
            note = String.format(java.util.Locale.ROOT, "no failures in %,.0f h observed; no fit", exposure);
        } else if (failures < WeibullMle.MIN_FAILURES) {
            note = String.format(java.util.Locale.ROOT, "too few failures for a fit (%d; at least %d needed)",
                    failures, WeibullMle.MIN_FAILURES);
        } else {
            try {
                fit = Optional.of(WeibullMle.fit(observations, confidence, method));
                note = "";
            } catch (IllegalArgumentException e) {
                note = "no fit: " + e.getMessage();
            }
        }
        return new ReliabilityReport.Group(key.assetType(), key.component(), key.supplier(), units, failures,
                censored, exposure, fit, note);
    }

    private record GroupKey(String assetType, String component, Optional<String> supplier) {
    }
}
