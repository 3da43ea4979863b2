package io.minetwin.analytics.forecast;

import io.minetwin.analytics.reliability.Observation;
import io.minetwin.analytics.reliability.Renewals;
import io.minetwin.analytics.reliability.UnitHistory;
import io.minetwin.analytics.reliability.WeibullFit;
import io.minetwin.analytics.reliability.WeibullMle;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Event;
import io.minetwin.model.LifeSpec;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The life priors of a fleet's components: for each asset type and component, a Weibull fit of the fleet's own
 * failure and renewal records where they hold at least {@link #MIN_FAILURES} failures, else the life declared in
 * the asset type ({@code life:}, per supplier where declared), else none.
 *
 * <p>A component's records count from its twin's commissioning day (or its first record when the twin has no
 * commissioning day); the time since its last renewal is a censored life, so components that have not failed
 * keep the fit from understating life.
 */
public final class LifePriors {

    /** Failures of a component type in the fleet's records before they replace its declared life. */
    public static final int MIN_FAILURES = 3;

    private final Map<String, LifePrior> fitted;

    private LifePriors(Map<String, LifePrior> fitted) {
        this.fitted = fitted;
    }

    /**
     * Fits every component type of {@code twins} that has enough failures in {@code records} (a twin's maintenance
     * and failure events up to {@code now}).
     */
    public static LifePriors fit(List<Twin> twins, Function<TwinId, List<Event>> records, Instant now) {
        Map<String, List<Observation>> pools = new HashMap<>();
        for (Twin twin : twins) {
            List<Event> events = records.apply(twin.id());
            for (ComponentType c : twin.type().components()) {
                List<Event> own = events.stream().filter(e -> c.name().equals(e.component())
                        && Renewals.effect(e) != Renewals.Effect.NONE && !e.time().isAfter(now)).toList();
                Optional<Instant> from = twin.attributes().commissioned()
                        .map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant())
                        .or(() -> own.stream().map(Event::time).min(Instant::compareTo));
                if (from.isEmpty() || from.get().isAfter(now)) {
                    continue;
                }
                var unit = new UnitHistory(twin.id(), twin.type().name(), c.name(), Optional.empty(), from.get(), now,
                        own);
                pools.computeIfAbsent(key(twin.type().name(), c.name()), k -> new ArrayList<>())
                        .addAll(unit.intervals().observations());
            }
        }
        Map<String, LifePrior> out = new HashMap<>();
        pools.forEach((key, observations) -> {
            long failures = observations.stream().filter(Observation::failure).count();
            if (failures < MIN_FAILURES) {
                return;
            }
            try {
                WeibullFit fit = WeibullMle.fit(observations, WeibullMle.DEFAULT_CONFIDENCE);
                out.put(key, new LifePrior(fit.shape().value(), fit.scale().value(), String.format(Locale.ROOT,
                        "fitted to %d failures and %d censored lives in the fleet's records", fit.failures(),
                        fit.censored())));
            } catch (RuntimeException e) {
                // No fit (e.g. every failure at the same age): the declared life serves.
            }
        });
        return new LifePriors(out);
    }

    /** The prior of {@code component} of {@code twin}: the fleet's fit, else the declared life, else empty. */
    public Optional<LifePrior> prior(Twin twin, String component) {
        LifePrior fit = fitted.get(key(twin.type().name(), component));
        if (fit != null) {
            return Optional.of(fit);
        }
        Optional<LifeSpec> declared = twin.type().component(component).flatMap(ComponentType::life);
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        LifeSpec life = declared.get();
        Optional<String> supplier = Optional.ofNullable(twin.attributes().suppliers().get(component));
        boolean own = supplier.isPresent() && life.supplierScaleHours().containsKey(supplier.get());
        return Optional.of(new LifePrior(life.shape(), life.scaleHours(supplier), own
                ? "declared in the asset type for " + supplier.get() : "declared in the asset type"));
    }

    /** How many component types have a prior fitted to the fleet's records. */
    public int fittedCount() {
        return fitted.size();
    }

    static String key(String type, String component) {
        return type + "." + component;
    }
}
