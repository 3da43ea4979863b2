package io.minetwin.analytics.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.EventKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceRecordsTest {

    @Test
    void failureRepairsAreFailuresAndOtherActionsMaintenance() {
        var parsed = MaintenanceRecords.parse("m.csv", """
                time,twin,component,action,mode,notes
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,failure-repair,bearing-wear,"DE bearing, replaced"
                2026-03-02T08:00:00Z,baiyun:shovel-07,hoist-motor,inspection,,
                """);
        assertEquals(2, parsed.rows());
        assertEquals(0, parsed.badRows());
        var failure = parsed.events().get(0);
        assertEquals(EventKind.FAILURE, failure.kind());
        assertEquals(Map.of("action", "failure-repair", "mode", "bearing-wear", "notes", "DE bearing, replaced"),
                failure.details());
        assertEquals(EventKind.MAINTENANCE, parsed.events().get(1).kind());
        assertEquals(Map.of("action", "inspection"), parsed.events().get(1).details());
    }

    @Test
    void badRowsAreListedAtTheLineTheyStartOn() {
        var parsed = MaintenanceRecords.parse("m.csv", """
                time,twin,component,action,mode,notes
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,preventive,,"two
                lines"
                yesterday,baiyun:shovel-07,hoist-motor,preventive,,
                2026-03-01T08:00:00Z,shovel-07,hoist-motor,preventive,,
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,painted,,
                """);
        assertEquals(4, parsed.rows());
        assertEquals(3, parsed.badRows());
        assertEquals(4, parsed.problems().get(0).line());
        assertTrue(parsed.problems().get(0).message().contains("ISO-8601"));
        assertEquals(5, parsed.problems().get(1).line());
        assertTrue(parsed.problems().get(1).message().contains("namespace:name"));
        assertEquals(6, parsed.problems().get(2).line());
        assertTrue(parsed.problems().get(2).message().contains("not one of failure-repair"));
    }

    @Test
    void timesOutsideTheStoresRangeAreRowErrorsWithTheirLine() {
        var parsed = MaintenanceRecords.parse("m.csv", """
                time,twin,component,action,mode,notes
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,preventive,,
                +200000000-01-01T00:00:00Z,baiyun:shovel-07,hoist-motor,preventive,,
                """);
        assertEquals(1, parsed.badRows());
        assertEquals(3, parsed.problems().get(0).line());
        assertTrue(parsed.problems().get(0).message().contains("outside the times minetwin keeps"),
                parsed.problems().get(0).message());
    }

    @Test
    void aWrongHeaderIsNamedWithTheExpectedOne() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> MaintenanceRecords.parse("m.csv", "when,twin,component,action\n"));
        assertTrue(e.getMessage().contains("time,twin,component,action,mode,notes"), e.getMessage());
    }
}
