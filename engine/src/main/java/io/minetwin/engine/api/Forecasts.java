package io.minetwin.engine.api;

import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Twin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fleet's component forecasts ranked by risk: by expected cost of failure within a horizon where the
 * asset type has a downtime cost, else by failure probability within it.
 *
 * <p>Ranking: when costs are configured and ranking by cost is asked for, components with a cost come first
 * by expected cost (probability x cost of a failure), then the rest by probability; otherwise all by
 * probability. Ties go to the higher alert level, then the lower health score, then twin and component in
 * id order, so the order is stable from one request to the next.
 */
final class Forecasts {

    private static final Pattern HORIZON = Pattern.compile("(\\d+)\\s*([smhdw])");

    /** One component's forecast with its risk figures for the chosen horizon. */
    record Ranked(Twin twin, String component, ComponentHealth health, Double probability, Double expectedCost) {
    }

    /** How the list was ranked. */
    enum By { EXPECTED_COST, PROBABILITY }

    private Forecasts() {
    }

    /** Every forecast horizon in the fleet, shortest first (unparseable ones last, by name). */
    static List<String> horizons(List<Twin> twins) {
        Set<String> all = new LinkedHashSet<>();
        for (Twin t : twins) {
            for (ComponentHealth h : t.health().values()) {
                all.addAll(h.failureProbability().keySet());
            }
        }
        return all.stream().sorted(Comparator.comparing(Forecasts::horizonLength).thenComparing(s -> s)).toList();
    }

    /** Whether {@code text} is a horizon in the form forecasts name them, e.g. {@code 72h} or {@code 7d}. */
    static boolean isHorizon(String text) {
        return HORIZON.matcher(text.trim()).matches();
    }

    /** A horizon such as {@code 72h} or {@code 7d} as a duration; very long when it is not in that form. */
    static Duration horizonLength(String horizon) {
        Matcher m = HORIZON.matcher(horizon.trim());
        if (!m.matches()) {
            return Duration.ofDays(365_000);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    static List<Ranked> rank(List<Twin> twins, String horizon, DowntimeCosts costs, By by,
                             Predicate<Ranked> filter) {
        List<Ranked> out = new ArrayList<>();
        for (Twin t : twins) {
            Optional<DowntimeCosts.Cost> cost = costs.of(t.type().name());
            for (Map.Entry<String, ComponentHealth> e : t.health().entrySet()) {
                Double p = horizon == null ? null : e.getValue().failureProbability().get(horizon);
                Double expected = p == null || cost.isEmpty() ? null : p * cost.get().perFailure();
                Ranked r = new Ranked(t, e.getKey(), e.getValue(), p, expected);
                if (filter.test(r)) {
                    out.add(r);
                }
            }
        }
        Comparator<Ranked> order = Comparator.comparing(Ranked::probability,
                Comparator.nullsLast(Comparator.reverseOrder()));
        if (by == By.EXPECTED_COST) {
            order = Comparator.comparing(Ranked::expectedCost, Comparator.nullsLast(Comparator.<Double>reverseOrder()))
                    .thenComparing(order);
        }
        order = order.thenComparing((Ranked r) -> r.health().alert(), Comparator.reverseOrder())
                .thenComparingDouble(r -> r.health().score())
                .thenComparing(r -> r.twin().id())
                .thenComparing(Ranked::component);
        out.sort(order);
        return out;
    }

    /** The highest alert level among a twin's components; OK without forecasts. */
    static AlertLevel alert(Twin t) {
        AlertLevel worst = AlertLevel.OK;
        for (ComponentHealth h : t.health().values()) {
            if (h.alert().compareTo(worst) > 0) {
                worst = h.alert();
            }
        }
        return worst;
    }

    static Map<String, Object> json(Ranked r, int rank, String horizon, DowntimeCosts costs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("thingId", r.twin().id().toString());
        m.put("type", r.twin().type().name());
        m.put("site", r.twin().attributes().site());
        m.put("model", r.twin().attributes().model());
        m.put("component", r.component());
        ComponentHealth h = r.health();
        m.put("alertLevel", h.alert().id());
        m.put("health", h.score());
        m.put("time", h.time().toString());
        m.put("horizon", horizon);
        m.put("probability", r.probability());
        m.put("failureProbability", new LinkedHashMap<>(h.failureProbability()));
        if (r.expectedCost() != null) {
            m.put("expectedCost", Math.round(r.expectedCost() * 100) / 100.0);
            m.put("currency", costs.currency());
        }
        h.rul().ifPresent(rul -> {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("hours", rul.hours());
            rm.put("lowerHours", rul.lowerHours());
            rm.put("upperHours", rul.upperHours());
            m.put("rul", rm);
        });
        List<Map<String, Object>> signals = new ArrayList<>();
        for (ComponentHealth.Signal s : h.topSignals()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("feature", s.feature());
            sm.put("label", s.label());
            sm.put("weight", s.weight());
            signals.add(sm);
        }
        m.put("topSignals", signals);
        m.put("modelVersion", h.modelVersion());
        m.put("basis", h.basis().id());
        return m;
    }
}
