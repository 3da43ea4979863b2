package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DowntimeCostsTest {

    @Test
    void readsCostsPerAssetTypeWithTheDefaultDowntime() {
        DowntimeCosts costs = DowntimeCosts.from(Map.of("currency", "AUD",
                "electric-shovel", Map.of("downtimePerHour", 12000, "downtimeHours", "36"),
                "haul-truck", Map.of("downtimePerHour", "2500")), "minetwin.yaml");

        assertEquals("AUD", costs.currency());
        assertEquals(12000 * 36, costs.of("electric-shovel").orElseThrow().perFailure());
        assertEquals(2500 * DowntimeCosts.DEFAULT_DOWNTIME_HOURS, costs.of("haul-truck").orElseThrow().perFailure());
        assertTrue(costs.of("crusher").isEmpty());
        assertTrue(DowntimeCosts.from(null, "x").isEmpty());
    }

    @Test
    void badEntriesNameTheKeyAndTheFix() {
        assertEquals("minetwin.yaml: costs.crusher.downtimePerHour: 'lots' is not a number; write e.g. 12000",
                assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(
                        Map.of("crusher", Map.of("downtimePerHour", "lots")), "minetwin.yaml")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(
                Map.of("crusher", Map.of("downtimeHours", 4)), "minetwin.yaml")).getMessage()
                .startsWith("minetwin.yaml: costs.crusher.downtimePerHour is missing"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(
                Map.of("crusher", Map.of("downtimePerHour", 1, "perDay", 4)), "minetwin.yaml")).getMessage()
                .contains("costs.crusher.perDay is not a setting"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(
                Map.of("crusher", Map.of("downtimePerHour", -1)), "minetwin.yaml")).getMessage()
                .startsWith("minetwin.yaml: costs.crusher: downtimePerHour must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(
                Map.of("crusher", 5), "minetwin.yaml")).getMessage().contains("costs.crusher must be a mapping"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DowntimeCosts.from(List.of(), "m.yaml"))
                .getMessage().startsWith("m.yaml: costs must be a mapping"));
    }
}
