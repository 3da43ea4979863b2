package io.minetwin.analytics.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.analytics.registry.Evaluation;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Live recall and false alarms from the alerts and failures in the event log. */
class LiveOutcomesTest {

    static final Instant SINCE = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant NOW = SINCE.plus(Duration.ofDays(60));
    static final TwinId A = new TwinId("test", "truck-1");
    static final TwinId B = new TwinId("test", "truck-2");
    static final ComponentHealth H = new ComponentHealth(SINCE, 40, Map.of("72h", 0.6), Optional.empty(),
            AlertLevel.WARNING, List.of(), "haul-truck.engine@2");

    static Event alert(TwinId twin, Instant at, AlertLevel before, AlertLevel after, Instant raised) {
        return AlertEvent.levelChanged(at, twin, "engine", raised, before, after, H).toEvent();
    }

    static Event failure(TwinId twin, Instant at) {
        return new Event(at, twin, "engine", EventKind.FAILURE, Map.of("action", "failure-repair"));
    }

    static Instant day(double d) {
        return SINCE.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
    }

    @Test
    void countsAFlaggedAndAMissedFailureWithTheLeadAndAFalseAlarm() {
        Map<TwinId, List<Event>> events = new LinkedHashMap<>();
        List<Event> a = new ArrayList<>();
        // A: a warning 100 h before the failure, cleared after it: flagged with 100 h of lead.
        Instant fa = day(20);
        Instant raisedA = fa.minus(Duration.ofHours(100));
        a.add(alert(A, raisedA, AlertLevel.OK, AlertLevel.WARNING, raisedA));
        a.add(failure(A, fa));
        a.add(alert(A, fa.plus(Duration.ofHours(1)), AlertLevel.WARNING, AlertLevel.OK, raisedA));
        // A watch only (below the warning flag) before A's second failure: not flagged.
        Instant wa = day(40);
        a.add(alert(A, wa, AlertLevel.OK, AlertLevel.WATCH, wa));
        a.add(failure(A, day(41)));
        // A failure before the model became active does not count.
        a.add(failure(A, SINCE.minus(Duration.ofDays(3))));
        events.put(A, a);
        List<Event> b = new ArrayList<>();
        // B: a warning on day 5, cleared 10 h later, no failure within 7 days: a false alarm.
        Instant rb = day(5);
        b.add(alert(B, rb, AlertLevel.OK, AlertLevel.WARNING, rb));
        b.add(alert(B, rb.plus(Duration.ofHours(10)), AlertLevel.WARNING, AlertLevel.OK, rb));
        // B: a warning still on now: open, not false.
        Instant open = day(58);
        b.add(alert(B, open, AlertLevel.OK, AlertLevel.CRITICAL, open));
        events.put(B, b);

        LiveOutcomes.Figures f = LiveOutcomes.compute("engine", events, SINCE, NOW, AlertLevel.WARNING,
                Duration.ofDays(7));
        assertEquals(2, f.failures().size(), f.toString());
        assertEquals(1, f.flagged());
        assertEquals(1, f.flagged72());
        assertEquals(0.5, f.recall72(), 1e-9);
        LiveOutcomes.Failure flagged = f.failures().stream().filter(LiveOutcomes.Failure::flagged).findFirst()
                .orElseThrow();
        assertEquals(A, flagged.twin());
        assertEquals(100, flagged.leadHours(), 1e-9);
        LiveOutcomes.Failure missed = f.failures().stream().filter(x -> !x.flagged()).findFirst().orElseThrow();
        assertEquals(day(41), missed.time());
        assertEquals(3, f.alerts(), "A's warning, B's false alarm and B's open alert");
        assertEquals(1, f.trueAlerts());
        assertEquals(1, f.falseAlarms());
        assertEquals(1, f.openAlerts());
        double years = 2 * 60 / 365.25;
        assertEquals(years, f.assetYears(), 1e-9);
        assertEquals(1 / years, f.falseAlarmsPerAssetYear(), 1e-9);
        Map<String, Object> json = f.toMap();
        assertEquals(0.5, json.get("recall_72h"));
        assertEquals(100.0, json.get("median_lead_hours"));
    }

    @Test
    void aFailureFlaggedLessThan72HoursAheadIsFlaggedButNotCountedAt72Hours() {
        Instant fail = day(10);
        Instant raised = fail.minus(Duration.ofHours(30));
        var f = LiveOutcomes.compute("engine", Map.of(A, List.of(alert(A, raised, AlertLevel.OK, AlertLevel.WARNING,
                raised), failure(A, fail))), SINCE, NOW, AlertLevel.WARNING, Duration.ofDays(7));
        assertEquals(1, f.flagged());
        assertEquals(0, f.flagged72());
        assertEquals(30, f.failures().get(0).leadHours(), 1e-9);
    }

    @Test
    void liveRecallFarBelowTheBacktestsIsAReasonToRetrain() {
        List<LiveOutcomes.Failure> failures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            failures.add(new LiveOutcomes.Failure(A, day(i), i < 2, i < 2 ? 80 : Double.NaN));
        }
        var live = new LiveOutcomes.Figures(failures, 2, 2, 0, 0, 0, 1.0);
        var backtest = new Evaluation("holdout", 10, 1, 6, Map.of(Evaluation.RECALL, 0.9, Evaluation.FALSE_ALARMS, 0.5));
        List<String> reasons = ModelMonitor.performance(live, Optional.of(backtest), MonitorPolicy.defaults());
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("live recall at 72 h 0.33"), reasons.get(0));
        var close = new Evaluation("holdout", 10, 1, 6, Map.of(Evaluation.RECALL, 0.45, Evaluation.FALSE_ALARMS, 0.5));
        assertFalse(!ModelMonitor.performance(live, Optional.of(close), MonitorPolicy.defaults()).isEmpty(),
                "0.33 live against 0.45 is within the margin");
    }
}
