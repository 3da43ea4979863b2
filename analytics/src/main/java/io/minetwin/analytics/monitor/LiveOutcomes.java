package io.minetwin.analytics.monitor;

import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's forecasts turned out in the field, from the event log: the alerts the engine raised on a
 * component (at the model's flag level, warning by default) and the failures and renewals recorded for it,
 * by the rules the backtest uses, so the two compare.
 *
 * <ul>
 *   <li>A failure recorded since the model became active is <b>flagged</b> when an alert at the flag level
 *       was on within {@code horizon} (the model's longest horizon, 7 days by default) before it; its lead
 *       runs from the start of the earliest such alert. Recall at 72 h counts flagged failures with at least
 *       72 h of lead.</li>
 *   <li>An alert that started since the model became active is <b>true</b> when the component failed within
 *       {@code horizon} after it ended, <b>renewed</b> when maintenance renewed the component in that time,
 *       <b>open</b> while it is on or its {@code horizon} after the end has not passed, and a <b>false
 *       alarm</b> otherwise.</li>
 * </ul>
 */
public final class LiveOutcomes {

    private LiveOutcomes() {
    }

    /** One failure and whether an alert announced it. */
    public record Failure(TwinId twin, Instant time, boolean flagged, double leadHours) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("twin", twin.toString());
            m.put("time", time.toString());
            m.put("flagged", flagged);
            m.put("lead_hours", flagged ? Math.round(leadHours * 10) / 10.0 : null);
            return m;
        }
    }

    /**
     * The live figures.
     *
     * @param assetYears twins of the asset type times the years since the model became active
     */
    public record Figures(List<Failure> failures, long alerts, long trueAlerts, long renewedAlerts, long falseAlarms,
                          long openAlerts, double assetYears) {

        public Figures {
            failures = List.copyOf(failures);
        }

        public long flagged() {
            return failures.stream().filter(Failure::flagged).count();
        }

        public long flagged72() {
            return failures.stream().filter(f -> f.flagged() && f.leadHours() >= 72).count();
        }

        /** Share of failures flagged at least 72 h ahead; NaN with no failure. */
        public double recall72() {
            return failures.isEmpty() ? Double.NaN : flagged72() / (double) failures.size();
        }

        /** False alarms per asset-year; NaN before any time has passed. */
        public double falseAlarmsPerAssetYear() {
            return assetYears > 0 ? falseAlarms / assetYears : Double.NaN;
        }

        /** As JSON, with the names the backtest's figures use. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("failures", failures.size());
            m.put("flagged", flagged());
            m.put("flagged_72h", flagged72());
            m.put("recall_72h", finite(recall72()));
            List<Double> leads = new ArrayList<>(failures.stream().filter(Failure::flagged)
                    .map(Failure::leadHours).toList());
            Collections.sort(leads);
            m.put("median_lead_hours", leads.isEmpty() ? null : round(leads.get(leads.size() / 2)));
            m.put("alerts", alerts);
            m.put("false_alarms", falseAlarms);
            m.put("open_alerts", openAlerts);
            m.put("false_alarms_per_asset_year", finite(falseAlarmsPerAssetYear()));
            m.put("asset_years", round(assetYears));
            m.put("failure_list", failures.stream().map(Failure::toMap).toList());
            return m;
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? round(v) : null;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    /**
     * The figures of {@code component} on {@code twins} from {@code since} (when the model became active) to
     * {@code now}.
     *
     * @param events  each twin's events from at least {@code horizon} before {@code since} up to {@code now}
     * @param flag    the alert level that counts as a warning
     * @param horizon how long before a failure an alert announces it
     */
    public static Figures compute(String component, Map<TwinId, List<Event>> events, Instant since, Instant now,
                                  AlertLevel flag, Duration horizon) {
        long from = since.toEpochMilli();
        long to = now.toEpochMilli();
        long h = horizon.toMillis();
        List<Failure> failures = new ArrayList<>();
        long alerts = 0;
        long trueAlerts = 0;
        long renewed = 0;
        long falseAlarms = 0;
        long open = 0;
        for (var entry : events.entrySet()) {
            List<Event> own = entry.getValue().stream().filter(e -> component.equals(e.component()))
                    .sorted(java.util.Comparator.comparing(Event::time)).toList();
            List<long[]> episodes = episodes(own, flag, to);
            List<long[]> renewals = new ArrayList<>(); // {time, 1 for a failure}
            for (Event e : own) {
                if (e.kind() == EventKind.FAILURE) {
                    renewals.add(new long[] {e.time().toEpochMilli(), 1});
                } else if (e.kind() == EventKind.MAINTENANCE
                        && RulPipeline.RESET_ACTIONS.contains(e.details().getOrDefault("action", ""))) {
                    renewals.add(new long[] {e.time().toEpochMilli(), 0});
                }
            }
            for (long[] r : renewals) {
                if (r[1] == 1 && r[0] >= from && r[0] <= to) {
                    long first = Long.MAX_VALUE;
                    for (long[] ep : episodes) {
                        if (ep[1] >= r[0] - h && ep[0] <= r[0]) {
                            first = Math.min(first, ep[0]);
                        }
                    }
                    boolean flagged = first != Long.MAX_VALUE;
                    failures.add(new Failure(entry.getKey(), Instant.ofEpochMilli(r[0]), flagged,
                            flagged ? (r[0] - first) / 3_600_000.0 : Double.NaN));
                }
            }
            for (long[] ep : episodes) {
                if (ep[0] < from) {
                    continue; // raised before this model was active
                }
                alerts++;
                long[] ending = null;
                for (long[] r : renewals) {
                    if (r[0] >= ep[0] && r[0] <= ep[1] + h && (ending == null || r[0] < ending[0])) {
                        ending = r;
                    }
                }
                if (ending != null) {
                    if (ending[1] == 1) {
                        trueAlerts++;
                    } else {
                        renewed++;
                    }
                } else if (ep[2] == 1 || ep[1] + h > to) {
                    open++;
                } else {
                    falseAlarms++;
                }
            }
        }
        double years = events.size() * Math.max(0, to - from) / (365.25 * 86_400_000.0);
        failures.sort(java.util.Comparator.comparing(Failure::time));
        return new Figures(failures, alerts, trueAlerts, renewed, falseAlarms, open, years);
    }

    /** Spans where the alert level was at least {@code flag}: {start, end, 1 if still on at {@code now}}. */
    private static List<long[]> episodes(List<Event> own, AlertLevel flag, long now) {
        List<long[]> out = new ArrayList<>();
        long start = -1;
        for (Event e : own) {
            var alert = AlertEvent.from(e);
            if (alert.isEmpty() || alert.get().action() == AlertEvent.Action.ACKNOWLEDGED) {
                continue;
            }
            long t = e.time().toEpochMilli();
            boolean on = alert.get().level().atLeast(flag);
            if (on && start < 0) {
                start = t;
            } else if (!on && start >= 0) {
                out.add(new long[] {start, t, 0});
                start = -1;
            }
        }
        if (start >= 0) {
            out.add(new long[] {start, now, 1});
        }
        return out;
    }
}
