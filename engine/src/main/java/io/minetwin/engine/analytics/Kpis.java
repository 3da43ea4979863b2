package io.minetwin.engine.analytics;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The reliability figures managers ask for, per asset and summed over any group of assets: availability,
 * utilisation, MTBF, MTTR and the planned share of maintenance.
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
 * </ul>
 * Group figures are computed from summed hours and counts, never by averaging the assets' ratios.
 */
public final class Kpis {

    /** How long a state sample holds at most when no later sample follows. */
    public static final Duration MAX_HOLD = Duration.ofHours(1);

    /** The state indices of {@code running}, {@code idle}, {@code down} and {@code maintenance} in a type's list. */
    public record StateCodes(int running, int idle, int down, int maintenance) {
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
     */
    public record Totals(double periodHours, double observedHours, double runningHours, double idleHours,
                         double downHours, double maintenanceHours, long failures, double repairHours,
                         long repairsTimed, long planned, long unplanned) {

        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(periodHours + o.periodHours, observedHours + o.observedHours,
                    runningHours + o.runningHours, idleHours + o.idleHours, downHours + o.downHours,
                    maintenanceHours + o.maintenanceHours, failures + o.failures, repairHours + o.repairHours,
                    repairsTimed + o.repairsTimed, planned + o.planned, unplanned + o.unplanned);
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
                repairHours, timed, planned, unplanned);
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
