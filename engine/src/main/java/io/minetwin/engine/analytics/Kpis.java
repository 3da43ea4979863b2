package io.minetwin.engine.analytics;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The reliability figures managers ask for, per asset and summed over any group of assets: availability,
 * utilisation, MTBF, MTTR, the planned share of maintenance, energy per tonne moved and the downtime that
 * alerts avoided by leading to planned work.
 *
 * <p>Each figure and what it is computed from:
 * <ul>
 *   <li><b>observed hours</b>: the period's time covered by {@code machine.state} samples; a sample holds
 *       until the next one, at most {@link #MAX_HOLD} (a longer gap is unobserved, not guessed).</li>
 *   <li><b>availability</b> = (running + idle) / observed hours: the share of observed time the machine
 *       could work. Down and maintenance states (breakdowns, repairs and planned services) count against it.</li>
 *   <li><b>utilisation</b> = running / observed hours.</li>
 *   <li><b>MTBF</b> = uptime (running + idle hours) / failures, failures being the failure records
 *       ({@code failure-repair}) in the period; without state history, the period's hours / failures.</li>
 *   <li><b>MTTR</b>: the mean time to restore of the period's failures. A failure record with a finish time
 *       (from a CMMS) counts finish minus start; otherwise the time from the failure until {@code machine.state}
 *       is next running or idle after going down or into maintenance within {@link #MAX_HOLD} of the failure.
 *       Failures with neither are left out ({@code repairs_timed} says how many counted).</li>
 *   <li><b>planned share</b> = planned / (planned + unplanned) maintenance records: preventive, inspection and
 *       replacement records are planned, failure repairs unplanned.</li>
 *   <li><b>energy per tonne</b>: loading kWh per tonne ({@link #loading}) plus haulage diesel kWh per tonne
 *       ({@link #haulage}); see {@link Energy#kwhPerTonne()}.</li>
 *   <li><b>downtime avoided</b>: see {@link #avoided}.</li>
 * </ul>
 * Group figures are computed from summed hours and counts, never by averaging the assets' ratios.
 */
public final class Kpis {

    /** How long a state sample holds at most when no later sample follows. */
    public static final Duration MAX_HOLD = Duration.ofHours(1);

    /** The state indices of {@code running}, {@code idle}, {@code down} and {@code maintenance} in a type's list. */
    public record StateCodes(int running, int idle, int down, int maintenance) {
    }

    /** Litres of diesel to kWh: its lower heating value, about 36 MJ per litre. */
    public static final double DIESEL_KWH_PER_LITRE = 10.0;

    /** How long after an alert cleared planned work on its component still counts as the alert's doing. */
    public static final Duration ALERT_GRACE = Duration.ofHours(24);

    /**
     * Energy and tonnes of an asset's work in the period: loading (shovels) and haulage (trucks).
     *
     * @param loadingKwh    electric energy of the dig cycles, kWh
     * @param loadingTonnes tonnes dug and loaded in those cycles
     * @param cycles        dig cycles counted
     * @param haulLitres    diesel burned, litres
     * @param haulTonnes    tonnes hauled (loaded trips that ended with a dump)
     * @param trips         loaded trips counted
     */
    public record Energy(double loadingKwh, double loadingTonnes, long cycles, double haulLitres, double haulTonnes,
                         long trips) {

        public static final Energy ZERO = new Energy(0, 0, 0, 0, 0, 0);

        public Energy plus(Energy o) {
            return new Energy(loadingKwh + o.loadingKwh, loadingTonnes + o.loadingTonnes, cycles + o.cycles,
                    haulLitres + o.haulLitres, haulTonnes + o.haulTonnes, trips + o.trips);
        }

        /** Electric kWh per tonne loaded, or {@code null} without loading. */
        public Double loadingKwhPerTonne() {
            return loadingTonnes > 0 ? loadingKwh / loadingTonnes : null;
        }

        /** Diesel litres per tonne hauled, or {@code null} without haulage. */
        public Double haulLitresPerTonne() {
            return haulTonnes > 0 ? haulLitres / haulTonnes : null;
        }

        /** Diesel kWh (at {@link #DIESEL_KWH_PER_LITRE}) per tonne hauled, or {@code null} without haulage. */
        public Double haulKwhPerTonne() {
            return haulTonnes > 0 ? haulLitres * DIESEL_KWH_PER_LITRE / haulTonnes : null;
        }

        /**
         * Energy to move a tonne: loading kWh per tonne plus haulage kWh per tonne, each where known (a tonne
         * is dug by a shovel and then hauled by a truck, so the two add up); {@code null} with neither.
         */
        public Double kwhPerTonne() {
            Double l = loadingKwhPerTonne();
            Double h = haulKwhPerTonne();
            if (l == null && h == null) {
                return null;
            }
            return (l == null ? 0 : l) + (h == null ? 0 : h);
        }
    }

    /**
     * Failures that alerts let the planners turn into planned work, and the downtime that saved.
     *
     * @param alerts        alerts followed by planned work on their component, with no failure of it in between
     * @param downtimeHours the downtime the failures would have caused (the type's hours per failure)
     * @param cost          that downtime's cost, summed over the alerts whose asset type has a cost
     * @param costed        how many of the alerts had a cost
     */
    public record Avoided(long alerts, double downtimeHours, double cost, long costed) {

        public static final Avoided ZERO = new Avoided(0, 0, 0, 0);

        public Avoided plus(Avoided o) {
            return new Avoided(alerts + o.alerts, downtimeHours + o.downtimeHours, cost + o.cost, costed + o.costed);
        }

        /** The cost avoided, or {@code null} when no alert's type has a cost. */
        public Double costOrNull() {
            return costed > 0 ? cost : null;
        }
    }

    /**
     * Summed hours and counts; the figures are derived from them.
     *
     * @param periodHours      calendar hours of the period (summed over assets)
     * @param observedHours    hours covered by state samples
     * @param runningHours     hours running
     * @param idleHours        hours idle
     * @param downHours        hours down
     * @param maintenanceHours hours in maintenance
     * @param failures         failure records
     * @param repairHours      summed times to restore of the timed failures
     * @param repairsTimed     failures whose time to restore is known
     * @param planned          planned maintenance records
     * @param unplanned        unplanned maintenance records (failure repairs)
     * @param energy           energy and tonnes of the work done
     * @param avoided          downtime avoided by alerts that led to planned work
     */
    public record Totals(double periodHours, double observedHours, double runningHours, double idleHours,
                         double downHours, double maintenanceHours, long failures, double repairHours,
                         long repairsTimed, long planned, long unplanned, Energy energy, Avoided avoided) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Energy.ZERO, Avoided.ZERO);

        public Totals plus(Totals o) {
            return new Totals(periodHours + o.periodHours, observedHours + o.observedHours,
                    runningHours + o.runningHours, idleHours + o.idleHours, downHours + o.downHours,
                    maintenanceHours + o.maintenanceHours, failures + o.failures, repairHours + o.repairHours,
                    repairsTimed + o.repairsTimed, planned + o.planned, unplanned + o.unplanned,
                    energy.plus(o.energy), avoided.plus(o.avoided));
        }

        public Totals withEnergy(Energy value) {
            return new Totals(periodHours, observedHours, runningHours, idleHours, downHours, maintenanceHours,
                    failures, repairHours, repairsTimed, planned, unplanned, value, avoided);
        }

        public Totals withAvoided(Avoided value) {
            return new Totals(periodHours, observedHours, runningHours, idleHours, downHours, maintenanceHours,
                    failures, repairHours, repairsTimed, planned, unplanned, energy, value);
        }

        public double uptimeHours() {
            return runningHours + idleHours;
        }

        /** (running + idle) / observed, or {@code null} without state history. */
        public Double availability() {
            return observedHours > 0 ? uptimeHours() / observedHours : null;
        }

        /** running / observed, or {@code null} without state history. */
        public Double utilisation() {
            return observedHours > 0 ? runningHours / observedHours : null;
        }

        /** Uptime (else calendar) hours per failure, or {@code null} without failures. */
        public Double mtbfHours() {
            if (failures == 0) {
                return null;
            }
            return (observedHours > 0 ? uptimeHours() : periodHours) / failures;
        }

        /** Mean time to restore of the timed failures, or {@code null} if none is timed. */
        public Double mttrHours() {
            return repairsTimed > 0 ? repairHours / repairsTimed : null;
        }

        /** planned / (planned + unplanned), or {@code null} without maintenance records. */
        public Double plannedShare() {
            return planned + unplanned > 0 ? (double) planned / (planned + unplanned) : null;
        }
    }

    private Kpis() {
    }

    /**
     * One asset's totals over {@code [from, to)}.
     *
     * @param times  {@code machine.state} sample times (epoch ms, ascending), possibly empty
     * @param states the samples' state indices
     * @param codes  which index is which state
     * @param events the asset's events (others than maintenance and failures are ignored)
     */
    public static Totals asset(long[] times, double[] states, int size, StateCodes codes, List<Event> events,
                               Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long hold = MAX_HOLD.toMillis();
        double[] byState = new double[4];
        for (int i = 0; i < size; i++) {
            long start = Math.max(times[i], f);
            long end = Math.min(Math.min(i + 1 < size ? times[i + 1] : Long.MAX_VALUE, times[i] + hold), t);
            if (end <= start) {
                continue;
            }
            int slot = slot(codes, (int) states[i]);
            if (slot >= 0) {
                byState[slot] += (end - start) / 3_600_000.0;
            }
        }
        double observed = byState[0] + byState[1] + byState[2] + byState[3];
        long failures = 0;
        long planned = 0;
        long unplanned = 0;
        double repairHours = 0;
        long timed = 0;
        for (Event e : events) {
            if (e.time().isBefore(from) || !e.time().isBefore(to)) {
                continue;
            }
            boolean failure = e.kind() == EventKind.FAILURE || "failure-repair".equals(e.details().get("action"));
            if (failure) {
                failures++;
                unplanned++;
                Double hours = restoreHours(e, times, states, size, codes);
                if (hours != null) {
                    repairHours += hours;
                    timed++;
                }
            } else if (e.kind() == EventKind.MAINTENANCE) {
                planned++;
            }
        }
        return new Totals((t - f) / 3_600_000.0, observed, byState[0], byState[1], byState[2], byState[3], failures,
                repairHours, timed, planned, unplanned, Energy.ZERO, Avoided.ZERO);
    }

    /**
     * A shovel's loading energy over {@code [from, to)} from its {@code dipper.payload} and
     * {@code dipper.energy-per-cycle} samples (each the last cycle's) and its {@code machine.cycles} counter.
     *
     * <p>The counter's rise between two samples is the number of cycles in between; each is counted with the
     * payload and energy of the cycle sampled at the later one (the samples stand for the cycles since the
     * previous sample). A counter that falls (reset) or a sample without a payload counts nothing. Without a
     * counter, every sampled cycle with a payload counts once: the kWh per tonne holds, the tonnes are those
     * of the sampled cycles only.
     */
    public static Energy loading(SeriesData payload, SeriesData energy, SeriesData cycles, Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        double kwh = 0;
        double tonnes = 0;
        long counted = 0;
        if (cycles.size() > 0) {
            for (int i = 1; i < cycles.size(); i++) {
                long at = cycles.time(i);
                if (at < f || at >= t || at - cycles.time(i - 1) > MAX_HOLD.toMillis()) {
                    continue;
                }
                double rise = cycles.value(i) - cycles.value(i - 1);
                int p = latestAtOrBefore(payload, at);
                int e = latestAtOrBefore(energy, at);
                if (!(rise > 0) || p < 0 || e < 0 || at - payload.time(p) > MAX_HOLD.toMillis()
                        || at - energy.time(e) > MAX_HOLD.toMillis() || !(payload.value(p) > 0)
                        || !(energy.value(e) >= 0) || !Double.isFinite(payload.value(p))
                        || !Double.isFinite(energy.value(e))) {
                    continue;
                }
                long n = Math.round(rise);
                counted += n;
                tonnes += n * payload.value(p);
                kwh += n * energy.value(e);
            }
        } else {
            for (int i = 0; i < payload.size(); i++) {
                long at = payload.time(i);
                int e = latestAtOrBefore(energy, at);
                if (at < f || at >= t || e < 0 || energy.time(e) != at || !(payload.value(i) > 0)
                        || !(energy.value(e) >= 0) || !Double.isFinite(payload.value(i))
                        || !Double.isFinite(energy.value(e))) {
                    continue;
                }
                counted++;
                tonnes += payload.value(i);
                kwh += energy.value(e);
            }
        }
        return new Energy(kwh, tonnes, counted, 0, 0, 0);
    }

    /**
     * A truck's haulage over {@code [from, to)}: diesel from {@code engine.fuel-rate} (L/h, each sample held
     * until the next, at most {@link #MAX_HOLD}), and tonnes from {@code body.load-state} and
     * {@code body.payload}: a run of loaded samples that ends with an empty one is a trip that dumped, and
     * carried the mean payload of its loaded samples. A trip whose loaded haul falls between two samples is
     * not seen, so samples farther apart than a loaded haul undercount the tonnes.
     *
     * @param loaded the index of {@code loaded} in the load state's list
     */
    public static Energy haulage(SeriesData fuelRate, SeriesData payload, SeriesData loadState, int loaded,
                                 Instant from, Instant to) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        double litres = 0;
        for (int i = 0; i < fuelRate.size(); i++) {
            long start = Math.max(fuelRate.time(i), f);
            long end = Math.min(Math.min(i + 1 < fuelRate.size() ? fuelRate.time(i + 1) : Long.MAX_VALUE,
                    fuelRate.time(i) + MAX_HOLD.toMillis()), t);
            double rate = fuelRate.value(i);
            if (end > start && rate > 0 && Double.isFinite(rate)) {
                litres += rate * (end - start) / 3_600_000.0;
            }
        }
        double tonnes = 0;
        long trips = 0;
        double sum = 0;
        int n = 0;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < loadState.size(); i++) {
            long at = loadState.time(i);
            if (at < f || at >= t) {
                continue;
            }
            if (n > 0 && at - last > MAX_HOLD.toMillis()) {
                sum = 0; // the data stops mid-trip: where the load went is not known
                n = 0;
            }
            last = at;
            if ((int) loadState.value(i) == loaded) {
                int p = latestAtOrBefore(payload, at);
                if (p >= 0 && payload.time(p) == at && Double.isFinite(payload.value(p)) && payload.value(p) > 0) {
                    sum += payload.value(p);
                    n++;
                }
            } else if (n > 0) {
                tonnes += sum / n;
                trips++;
                sum = 0;
                n = 0;
            }
        }
        return new Energy(0, 0, 0, litres, tonnes, trips);
    }

    /**
     * Alerts of one asset that led to planned work: an alert on a component followed, while it was open or
     * within {@link #ALERT_GRACE} after it cleared, by planned maintenance of that component (preventive,
     * inspection, replacement) with no failure of it in between. Each such alert is a failure turned into
     * planned work, worth {@code downtimeHours} of downtime and, where the type has a cost,
     * {@code downtimeHours x costPerHour}. Counted in the period of the planned work; each alert and each
     * maintenance record counts once.
     *
     * @param events      the asset's events over all time (alerts, maintenance, failures)
     * @param costPerHour the type's downtime cost per hour, or {@code null} when not configured
     */
    public static Avoided avoided(List<Event> events, Instant from, Instant to, double downtimeHours,
                                  Double costPerHour) {
        record Alert(String component, Instant raised, Instant cleared) {
        }
        java.util.Map<String, Instant> raised = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> components = new java.util.HashMap<>();
        java.util.Map<String, Instant> cleared = new java.util.HashMap<>();
        for (Event e : events) {
            AlertEvent.from(e).ifPresent(a -> {
                if (a.component() == null) {
                    return;
                }
                Instant r = AlertEvent.parseId(a.alert()).map(AlertEvent.Id::raised).orElse(a.time());
                raised.putIfAbsent(a.alert(), r);
                components.putIfAbsent(a.alert(), a.component());
                if (a.action() == AlertEvent.Action.CLEARED) {
                    cleared.merge(a.alert(), a.time(), (x, y) -> x.isBefore(y) ? x : y);
                }
            });
        }
        List<Alert> alerts = new java.util.ArrayList<>();
        raised.forEach((id, r) -> alerts.add(new Alert(components.get(id), r, cleared.get(id))));
        alerts.sort(java.util.Comparator.comparing(Alert::raised));
        List<Event> sorted = events.stream().sorted(java.util.Comparator.comparing(Event::time)).toList();
        java.util.Set<Alert> used = new java.util.HashSet<>();
        long count = 0;
        for (Event m : sorted) {
            boolean failure = m.kind() == EventKind.FAILURE || "failure-repair".equals(m.details().get("action"));
            if (m.kind() != EventKind.MAINTENANCE || failure || m.component() == null
                    || m.time().isBefore(from) || !m.time().isBefore(to)) {
                continue;
            }
            for (Alert a : alerts) {
                if (used.contains(a) || !a.component().equals(m.component()) || m.time().isBefore(a.raised())
                        || (a.cleared() != null && m.time().isAfter(a.cleared().plus(ALERT_GRACE)))) {
                    continue;
                }
                boolean failedFirst = sorted.stream().anyMatch(e -> m.component().equals(e.component())
                        && (e.kind() == EventKind.FAILURE || "failure-repair".equals(e.details().get("action")))
                        && !e.time().isBefore(a.raised()) && !e.time().isAfter(m.time()));
                if (!failedFirst) {
                    used.add(a);
                    count++;
                    break;
                }
            }
        }
        return new Avoided(count, count * downtimeHours, costPerHour == null ? 0 : count * downtimeHours * costPerHour,
                costPerHour == null ? 0 : count);
    }

    /** The index of the last sample at or before {@code at}, or -1. */
    static int latestAtOrBefore(SeriesData s, long at) {
        int i = firstAtOrAfter(s.times(), s.size(), at);
        if (i < s.size() && s.time(i) == at) {
            return i;
        }
        return i - 1;
    }

    /** 0 running, 1 idle, 2 down, 3 maintenance, -1 another state. */
    private static int slot(StateCodes codes, int state) {
        if (state == codes.running()) {
            return 0;
        }
        if (state == codes.idle()) {
            return 1;
        }
        if (state == codes.down()) {
            return 2;
        }
        return state == codes.maintenance() ? 3 : -1;
    }

    /** A failure's time to restore: from its finish, else from the state history, else {@code null}. */
    static Double restoreHours(Event e, long[] times, double[] states, int size, StateCodes codes) {
        String finish = e.details().get("finish");
        if (finish != null) {
            try {
                return Duration.between(e.time(), Instant.parse(finish)).toMillis() / 3_600_000.0;
            } catch (RuntimeException ignored) {
                // an unreadable finish falls back to the state history
            }
        }
        long at = e.time().toEpochMilli();
        // the machine goes down within the hold of the failure (a sample at the failure's own time may still
        // show it running: the state was taken before the failure in that step)
        int i = firstAtOrAfter(times, size, at);
        while (i < size && times[i] - at <= MAX_HOLD.toMillis()
                && (int) states[i] != codes.down() && (int) states[i] != codes.maintenance()) {
            i++;
        }
        if (i >= size || times[i] - at > MAX_HOLD.toMillis()) {
            return null;
        }
        for (int j = i + 1; j < size; j++) {
            if (times[j] - times[j - 1] > MAX_HOLD.toMillis()) {
                return null; // the history stops before the machine is back
            }
            int sj = (int) states[j];
            if (sj == codes.running() || sj == codes.idle()) {
                return (times[j] - at) / 3_600_000.0;
            }
        }
        return null;
    }

    private static int firstAtOrAfter(long[] times, int size, long at) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
