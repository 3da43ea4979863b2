package io.minetwin.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertEventTest {

    private static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void levelChangesNameTheirAction() {
        assertEquals(AlertEvent.Action.RAISED, AlertEvent.Action.between(AlertLevel.OK, AlertLevel.WATCH));
        assertEquals(AlertEvent.Action.ESCALATED, AlertEvent.Action.between(AlertLevel.WATCH, AlertLevel.CRITICAL));
        assertEquals(AlertEvent.Action.EASED, AlertEvent.Action.between(AlertLevel.CRITICAL, AlertLevel.WARNING));
        assertEquals(AlertEvent.Action.CLEARED, AlertEvent.Action.between(AlertLevel.WARNING, AlertLevel.OK));
    }

    @Test
    void aLevelChangeIsStoredWithTheForecastAndReadBackAsItWas() {
        var health = new ComponentHealth(T, 61.04, Map.of("7d", 0.25), Optional.of(new ComponentHealth.Rul(120, 80, 160)),
                AlertLevel.WARNING, List.of(), "electric-shovel/hoist-motor@1");
        AlertEvent a = AlertEvent.levelChanged(T.plusSeconds(60), SHOVEL, "hoist-motor", T, AlertLevel.WATCH,
                AlertLevel.WARNING, health);
        Event e = a.toEvent();
        assertEquals(EventKind.ALERT, e.kind());
        assertEquals(Map.of("alert", "baiyun:shovel-07.hoist-motor." + T.toEpochMilli(), "action", "escalated",
                "level", "warning", "previous", "watch", "health", "61.04", "p.7d", "0.2500", "rulHours", "120.0",
                "signals", "", "modelVersion", "electric-shovel/hoist-motor@1"), e.details());
        assertEquals(Optional.of(a), AlertEvent.from(e));
        assertEquals(new AlertEvent.Id(SHOVEL, "hoist-motor", T), AlertEvent.parseId(a.alert()).orElseThrow());
    }

    @Test
    void anAcknowledgementKeepsTheLevelAndNamesTheUser() {
        AlertEvent ack = AlertEvent.acknowledged(T, SHOVEL, "hoist-motor", "baiyun:shovel-07.hoist-motor.1",
                AlertLevel.WARNING, "planner", "work order 4711");
        AlertEvent back = AlertEvent.from(ack.toEvent()).orElseThrow();
        assertEquals(ack, back);
        assertEquals(Optional.of("planner"), back.user());
        assertEquals(AlertLevel.WARNING, back.previous());
    }

    @Test
    void eventsThatAreNotReadableAlertEventsAreSkipped() {
        assertTrue(AlertEvent.from(new Event(T, SHOVEL, null, EventKind.GAP, Map.of())).isEmpty());
        assertTrue(AlertEvent.from(new Event(T, SHOVEL, "hoist-motor", EventKind.ALERT, Map.of("action", "raised")))
                .isEmpty());
        assertTrue(AlertEvent.from(new Event(T, SHOVEL, "hoist-motor", EventKind.ALERT,
                Map.of("alert", "x", "action", "raised", "level", "apocalyptic"))).isEmpty());
    }
}
