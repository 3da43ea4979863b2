package io.minetwin.engine.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.model.Point;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report over the demo fleet's traction inverters: an original (Infineon IGBTs) and a domestic substitute
 * (CRRC), two weeks running, with failures of known components on known days.
 */
class KpiReportTest {

    static final Instant MONDAY = Instant.parse("2025-03-03T00:00:00Z");
    static final TwinId ORIGINAL = TwinId.parse("baiyun:truck-01-left-inverter");
    static final TwinId SUBSTITUTE = TwinId.parse("baiyun:truck-13-left-inverter");

    private Store store;
    private List<TwinDefinition> twins;

    @BeforeEach
    void fill() {
        Fleet fleet = EngineConfig.load(Path.of("..", "config", "minetwin.yaml")).loadFleet();
        twins = List.of(fleet.twin(ORIGINAL).orElseThrow(), fleet.twin(SUBSTITUTE).orElseThrow());
        store = Store.inMemory(StoreOptions.defaults());
        List<Point> points = new ArrayList<>();
        for (TwinId id : List.of(ORIGINAL, SUBSTITUTE)) {
            for (Instant t = MONDAY; t.isBefore(MONDAY.plus(Duration.ofDays(14))); t = t.plus(Duration.ofMinutes(10))) {
                points.add(Point.good(new SeriesKey(id, "machine", "state"), t.toEpochMilli(), 0));
            }
        }
        store.history().append(points);
        store.events().append(List.of(
                failure(SUBSTITUTE, "igbt", 3), failure(SUBSTITUTE, "igbt", 9), failure(ORIGINAL, "dc-link", 5)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Event failure(TwinId twin, String component, int day) {
        return new Event(MONDAY.plus(Duration.ofDays(day)), twin, component, EventKind.FAILURE,
                Map.of("action", "failure-repair"));
    }

    private KpiReport report(long maxPoints) {
        return KpiReport.load(twins, store.history(), store.events(), type -> new KpiReport.Cost(null, 24), MONDAY,
                MONDAY.plus(Duration.ofDays(14)), maxPoints);
    }

    @Test
    void suppliersOfAComponentAreComparedOnThatComponentsFailuresOnly() {
        Map<String, Kpis.Totals> bySupplier = report(Long.MAX_VALUE).grouped(KpiReport.Group.SUPPLIER);
        Kpis.Totals crrc = bySupplier.get(KpiReport.supplierKey("drive-inverter", "igbt",
                "CRRC Times Electric (domestic substitute)"));
        Kpis.Totals infineon = bySupplier.get(KpiReport.supplierKey("drive-inverter", "igbt", "Infineon"));
        assertEquals(2, crrc.failures());
        assertEquals(14 * 24 / 2.0, crrc.mtbfHours(), 1e-9);
        assertEquals(0, infineon.failures(), "the original's dc-link failure is not an IGBT failure");
        assertNull(infineon.mtbfHours());
        assertEquals(1, bySupplier.get(KpiReport.supplierKey("drive-inverter", "dc-link", "TDK Electronics")).failures());
        assertFalse(bySupplier.keySet().stream().anyMatch(k -> k.startsWith("drive-inverter/cooling")),
                "both have the same cooling supplier: nothing to compare " + bySupplier.keySet());
    }

    @Test
    void weeksSplitThePeriodAndAddUpToIt() {
        KpiReport r = report(Long.MAX_VALUE);
        Map<String, Kpis.Totals> weeks = r.grouped(KpiReport.Group.WEEK);
        assertEquals(List.of("2025-03-03", "2025-03-10"), List.copyOf(weeks.keySet()));
        assertEquals(2, weeks.get("2025-03-03").failures());
        assertEquals(1, weeks.get("2025-03-10").failures());
        Kpis.Totals fleet = r.grouped(KpiReport.Group.FLEET).get("fleet");
        assertEquals(fleet.observedHours(), weeks.values().stream().mapToDouble(Kpis.Totals::observedHours).sum(), 1e-6);
        assertEquals(2 * 14 * 24, fleet.observedHours(), 1e-6);
        assertEquals(3, fleet.failures());
        KpiReport wider = KpiReport.load(twins, store.history(), store.events(), type -> new KpiReport.Cost(null, 24),
                MONDAY.minus(Duration.ofDays(14)), MONDAY.plus(Duration.ofDays(14)), Long.MAX_VALUE);
        assertEquals(List.of("2025-03-03", "2025-03-10"), List.copyOf(wider.grouped(KpiReport.Group.WEEK).keySet()),
                "weeks before the data are left out");
    }

    @Test
    void aReadOverItsBudgetIsRefusedBeforeReading() {
        KpiReport.TooLarge e = assertThrows(KpiReport.TooLarge.class, () -> report(1000));
        assertTrue(e.getMessage().contains("more than 1,000 samples"), e.getMessage());
        assertFalse(report(2 * 14 * 144).isEmpty(), "exactly the points there are fit");
    }
}
