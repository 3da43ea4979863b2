package io.minetwin.analytics.reliability;

import io.minetwin.model.Event;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was observed of one component of one twin: its records over the period {@code [from, to]} in
 * which it was watched.
 *
 * <p>{@code from} is when the component's first interval starts: its commissioning, or the start of its
 * history when it was in service before; a component already in service then is counted as new from
 * that moment, as nothing tells its age. {@code to} is the end of the observed period: the last interval
 * is censored there.
 *
 * @param supplier the component's supplier, when known
 * @param events   the component's records, in any order; only those in {@code [from, to]} count
 */
public record UnitHistory(TwinId twin, String assetType, String component, Optional<String> supplier,
                          Instant from, Instant to, List<Event> events) {

    public UnitHistory {
        Objects.requireNonNull(twin, "twin");
        Objects.requireNonNull(assetType, "assetType");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException(twin + " " + component + ": the observed period ends (" + to
                    + ") before it starts (" + from + ")");
        }
        events = List.copyOf(events);
    }

    /**
     * The component's intervals and what was left out of them.
     *
     * @param observations   its times between renewals, in time order, the last one censored at {@code to}
     * @param outside        records outside the observed period, not used
     * @param zeroLength     intervals of zero length dropped (two renewals at the same instant)
     */
    public record Intervals(List<Observation> observations, int outside, int zeroLength) {
        public Intervals {
            observations = List.copyOf(observations);
        }
    }

    /** Cuts the observed period into intervals at each failure and replacement. */
    public Intervals intervals() {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(Event::time));
        List<Observation> out = new ArrayList<>();
        int outside = 0;
        int zero = 0;
        Instant start = from;
        for (Event e : sorted) {
            Renewals.Effect effect = Renewals.effect(e);
            if (effect == Renewals.Effect.NONE) {
                continue;
            }
            if (e.time().isBefore(from) || e.time().isAfter(to)) {
                outside++;
                continue;
            }
            double hours = hours(start, e.time());
            if (hours > 0) {
                out.add(new Observation(hours, effect == Renewals.Effect.FAILURE));
            } else {
                zero++;
            }
            start = e.time();
        }
        double tail = hours(start, to);
        if (tail > 0) {
            out.add(Observation.censored(tail));
        }
        return new Intervals(out, outside, zero);
    }

    /** Hours in the observed period. */
    public double exposureHours() {
        return hours(from, to);
    }

    private static double hours(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 3_600_000.0;
    }
}
