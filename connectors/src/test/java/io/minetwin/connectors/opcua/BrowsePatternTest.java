package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrowsePatternTest {

    @Test
    void matchesAndCapturesSegments() {
        var p = BrowsePattern.parse("Objects/{site}/*/{asset}/{component}/{channel}");
        assertEquals(List.of("site", "asset", "component", "channel"), p.captures());
        assertEquals(Optional.of(Map.of("site", "baiyun", "asset", "truck-01", "component", "engine",
                "channel", "coolant-temp")), p.match(List.of("baiyun", "Trucks", "truck-01", "engine", "coolant-temp")));
        assertTrue(p.matchesPrefix(List.of("baiyun", "Trucks")));
        assertEquals(Optional.empty(), p.match(List.of("baiyun", "Trucks", "truck-01", "engine")));
        assertEquals("baiyun:truck-01", BrowsePattern.fill("baiyun:{asset}", Map.of("asset", "truck-01")));
    }

    @Test
    void malformedPatternsSayHowToWriteThem() {
        for (String bad : List.of("Root/{a}", "Objects//{a}", "Objects/{a}/{a}", "Objects/pre{a}", "Objects")) {
            var e = assertThrows(IllegalArgumentException.class, () -> BrowsePattern.parse(bad), bad);
            assertTrue(e.getMessage().contains("browse pattern"), e.getMessage());
        }
    }

    @Test
    void templatesMayOnlyUseCaptures() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MappingRule.ByPattern(
                BrowsePattern.parse("Objects/{asset}/{channel}"), "baiyun:{asset}", "{component}.{channel}",
                Optional.empty(), Sampling.DEFAULT, "here"));
        assertTrue(e.getMessage().contains("{component}"), e.getMessage());
    }
}
