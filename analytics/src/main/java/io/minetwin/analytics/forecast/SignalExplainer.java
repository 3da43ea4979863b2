package io.minetwin.analytics.forecast;

import io.minetwin.analytics.features.FeatureSpec;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.features.SpectralSpec;
import io.minetwin.model.ComponentHealth;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The signals behind a forecast, worded as physical evidence a planner can check on the machine.
 *
 * <p>A model sees many features of one physical signal (its level, trend, variability and spectrum over
 * several windows); a planner sees the signal. Features are therefore grouped by the signal they are built
 * from (a channel, a channel against its peers, or the component's running time since its renewal), each
 * group weighted by the sum of its features' contributions (classifier importance times the distance from
 * the healthy baseline) and worded by its strongest feature. Duty counters (hour meters, cycle counters)
 * only ever speak as the component's running time since its renewal or, for their rate over a window, its
 * recent duty: a counter's "trend" is an artefact of how the feature was built, not evidence.
 */
final class SignalExplainer {

    /** The group of every feature built from a duty counter or the life's age. */
    static final String AGE = "age";
    /** Statistics that describe how far a counter has run, as opposed to how fast it ran in a window. */
    private static final Set<String> LEVELS = Set.of("last", "mean", "min", "max", "ewma", "median");

    private final String component;
    private final Inputs inputs;
    private final Duration step;
    private final FeatureSpec features;
    private final List<String> featureNames;
    private final double[] importance;
    private final double[] baselineMean;
    private final double[] baselineSd;

    SignalExplainer(String component, Inputs inputs, Duration step, FeatureSpec features, List<String> featureNames,
                    double[] importance, double[] baselineMean, double[] baselineSd) {
        this.component = component;
        this.inputs = inputs;
        this.step = step;
        this.features = features;
        this.featureNames = featureNames;
        this.importance = importance;
        this.baselineMean = baselineMean;
        this.baselineSd = baselineSd;
    }

    /**
     * The {@code top} strongest signals behind the feature row {@code x}, strongest first, with weights that
     * sum to at most 1; each signal's {@code feature} names its strongest feature.
     */
    List<ComponentHealth.Signal> explain(double[] x, int top) {
        Map<String, Group> groups = new LinkedHashMap<>();
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && importance[i] > 0) {
                double z = Math.abs(x[i] - baselineMean[i]) / Math.max(baselineSd[i], 1e-6);
                double c = importance[i] * Math.min(z, 50);
                if (c > 0) {
                    groups.computeIfAbsent(group(featureNames.get(i)), k -> new Group()).add(i, c);
                    total += c;
                }
            }
        }
        List<Group> order = new ArrayList<>(groups.values());
        order.sort((a, b) -> Double.compare(b.weight, a.weight));
        List<ComponentHealth.Signal> out = new ArrayList<>();
        for (Group g : order.subList(0, Math.min(top, order.size()))) {
            int i = g.strongest;
            out.add(new ComponentHealth.Signal(component + "." + featureNames.get(i),
                    label(featureNames.get(i), x[i] >= baselineMean[i]), Math.min(1, g.weight / total)));
        }
        return out;
    }

    /** The physical signal a feature is built from: {@link #AGE} for counters and age, else the signal's name. */
    static String group(String feature) {
        if (feature.equals(AGE)) {
            return AGE;
        }
        int dot = feature.lastIndexOf('.');
        String signal = dot < 0 ? feature : feature.substring(0, dot);
        return signal.endsWith(Inputs.SINCE_RENEWAL) ? AGE : signal;
    }

    /** A feature as a planner reads it, e.g. {@code hoist-motor de-bearing-vibration: trend over 24 h, above normal}. */
    String label(String feature, boolean above) {
        String direction = above ? "above normal" : "below normal";
        if (feature.equals(AGE)) {
            return runningTime(above);
        }
        int dot = feature.lastIndexOf('.');
        if (dot < 0) {
            return component + " " + feature;
        }
        String signal = feature.substring(0, dot);
        String stat = feature.substring(dot + 1);
        int us = stat.lastIndexOf('_');
        String kind = us < 0 ? stat : stat.substring(0, us);
        if (signal.endsWith(Inputs.SINCE_RENEWAL)) {
            if (LEVELS.contains(kind) || us < 0) {
                return runningTime(above);
            }
            String counter = signal.substring(0, signal.length() - Inputs.SINCE_RENEWAL.length());
            String span = us < 0 ? "recently" : "over the last " + span(step.multipliedBy(
                    Long.parseLong(stat.substring(us + 1))));
            return component + ": duty " + span + " (" + counter + " accrued), " + (above ? "busier" : "quieter")
                    + " than usual";
        }
        String channel = signal(signal);
        if (stat.equals("last")) {
            return component + " " + channel + ": level, " + direction;
        }
        if (us < 0) {
            return component + " " + channel + ": " + stat + ", " + direction;
        }
        if (stat.startsWith("band_")) {
            return component + " " + channel + ": cycle energy at " + SpectralSpec.Band.describe(stat.substring(5))
                    + ", " + direction;
        }
        String what = switch (kind) {
            case "mean" -> "mean";
            case "std" -> "variability";
            case "min" -> "minimum";
            case "max" -> "peak";
            case "slope" -> "trend";
            case "ewma" -> "smoothed level";
            case "rms" -> "RMS";
            case "kurtosis" -> "spikiness (kurtosis)";
            case "drift" -> "drift from its own baseline";
            case "cycles" -> "cycles of at least " + features.cycles().map(c -> BigDecimal.valueOf(
                    c.range()).stripTrailingZeros().toPlainString()).orElse("the set range");
            default -> kind;
        };
        long rows = Long.parseLong(stat.substring(us + 1));
        return component + " " + channel + ": " + what + " over " + span(step.multipliedBy(rows)) + ", " + direction;
    }

    private String runningTime(boolean longer) {
        return component + ": running time since the last renewal, " + (longer ? "longer" : "shorter")
                + " than usual for this component";
    }

    /** A derived signal's name as a planner reads it, e.g. {@code bearing-temp against wheel-motor-right}. */
    private String signal(String name) {
        if (name.endsWith(Inputs.VS_PEERS) && !inputs.peers().isEmpty()) {
            return name.substring(0, name.length() - Inputs.VS_PEERS.length()) + " against "
                    + (inputs.peers().size() == 1 ? inputs.peers().get(0) : "the mean of " + String.join(", ",
                    inputs.peers()));
        }
        return name;
    }

    private static String span(Duration d) {
        if (d.toHours() >= 48 && d.toHours() % 24 == 0) {
            return d.toDays() + " days";
        }
        if (d.toMinutes() >= 60 && d.toMinutes() % 60 == 0) {
            return d.toHours() + " h";
        }
        return String.format(Locale.ROOT, "%d min", d.toMinutes());
    }

    /** The features of one physical signal: their summed contribution and the strongest of them. */
    private static final class Group {
        double weight;
        int strongest = -1;
        double best;

        void add(int feature, double contribution) {
            weight += contribution;
            if (contribution > best) {
                best = contribution;
                strongest = feature;
            }
        }
    }
}
