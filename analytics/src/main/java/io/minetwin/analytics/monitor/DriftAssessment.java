package io.minetwin.analytics.monitor;

import io.minetwin.analytics.forecast.FeatureReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How far a model's recent inputs drifted from its training rows: the population stability index (PSI) of
 * every feature over the drift window, weighted by the feature's share of the model's importance. Inputs
 * have <b>drifted</b> when the features whose PSI exceeds {@link MonitorPolicy#psiThreshold()} carry at least
 * {@link MonitorPolicy#driftedImportance()} of the model's importance and the window holds at least
 * {@link MonitorPolicy#minRows()} rows (fewer rows make the PSI noise).
 *
 * @param rows             rows in the window
 * @param weightedPsi      the importance-weighted mean PSI (NaN without rows)
 * @param driftedShare     the share of importance carried by features above the threshold
 * @param top              the most drifted features, by importance-weighted PSI, at most {@link #TOP}
 * @param drifted          whether the inputs drifted, as defined above
 * @param reason           why they count as drifted, when they do
 */
public record DriftAssessment(long rows, double weightedPsi, double driftedShare, List<Feature> top, boolean drifted,
                              Optional<String> reason) {

    /** How many drifted features a report names. */
    public static final int TOP = 5;

    /** One feature's drift. */
    public record Feature(String name, double psi, double importance) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("feature", name);
            m.put("psi", Double.isFinite(psi) ? Math.round(psi * 1000) / 1000.0 : null);
            m.put("importance", Math.round(importance * 1000) / 1000.0);
            return m;
        }
    }

    public DriftAssessment {
        top = List.copyOf(top);
    }

    /** Assesses {@code window} at {@code now} with the model's feature {@code importance}. */
    public static DriftAssessment assess(DriftWindow window, double[] importance, Instant now, MonitorPolicy policy) {
        FeatureReference ref = window.reference();
        double[] psi = window.psi(now);
        long rows = window.rows(now);
        double weighted = 0;
        double weight = 0;
        double share = 0;
        List<Feature> features = new ArrayList<>();
        for (int i = 0; i < psi.length; i++) {
            double w = i < importance.length && Double.isFinite(importance[i]) ? Math.max(0, importance[i]) : 0;
            if (Double.isFinite(psi[i])) {
                weighted += w * psi[i];
                weight += w;
                if (psi[i] > policy.psiThreshold()) {
                    share += w;
                }
            }
            features.add(new Feature(ref.names().get(i), psi[i], w));
        }
        features.sort((a, b) -> Double.compare(score(b), score(a)));
        List<Feature> top = features.stream().filter(f -> Double.isFinite(f.psi()) && f.psi() > 0)
                .limit(TOP).toList();
        boolean drifted = rows >= policy.minRows() && share >= policy.driftedImportance();
        Optional<String> reason = Optional.empty();
        if (drifted) {
            List<Feature> over = features.stream().filter(f -> f.psi() > policy.psiThreshold() && f.importance() > 0)
                    .limit(3).toList();
            reason = Optional.of(String.format(Locale.ROOT, "inputs drifted: features carrying %.0f%% of the model's"
                            + " importance have PSI > %.2f over the last %d scored rows (%s)", share * 100,
                    policy.psiThreshold(), rows, String.join(", ", over.stream().map(f -> String.format(Locale.ROOT,
                            "%s %.2f", f.name(), f.psi())).toList())));
        }
        return new DriftAssessment(rows, weight > 0 ? weighted / weight : Double.NaN, share, top, drifted, reason);
    }

    /** No rows counted yet (or a model without a reference). */
    public static DriftAssessment none() {
        return new DriftAssessment(0, Double.NaN, 0, List.of(), false, Optional.empty());
    }

    private static double score(Feature f) {
        return Double.isFinite(f.psi()) ? f.psi() * Math.max(f.importance(), 1e-3) : Double.NEGATIVE_INFINITY;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("weighted_psi", Double.isFinite(weightedPsi) ? Math.round(weightedPsi * 1000) / 1000.0 : null);
        m.put("drifted_importance_share", Math.round(driftedShare * 1000) / 1000.0);
        m.put("drifted", drifted);
        m.put("top", top.stream().map(Feature::toMap).toList());
        return m;
    }
}
