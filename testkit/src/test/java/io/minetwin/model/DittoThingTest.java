package io.minetwin.model;

import io.minetwin.testkit.TwinFixtures;

import static io.minetwin.testkit.TwinFixtures.BRAKE_SET;
import static io.minetwin.testkit.TwinFixtures.CYCLES;
import static io.minetwin.testkit.TwinFixtures.HOIST_INVERTER;
import static io.minetwin.testkit.TwinFixtures.MACHINE_STATE;
import static io.minetwin.testkit.TwinFixtures.SHOVEL;
import static io.minetwin.testkit.TwinFixtures.T0;
import static io.minetwin.testkit.TwinFixtures.VIBRATION;
import static io.minetwin.testkit.TwinFixtures.WINDING_TEMP;
import static io.minetwin.testkit.TwinFixtures.good;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DittoThingTest {

    private final TwinFixtures.ManualClock clock = new TwinFixtures.ManualClock(T0.plusSeconds(1));
    private final InMemoryTwinRepository repo = TwinFixtures.repository(clock);
    private final Map<String, AssetType> types = Map.of("electric-shovel", TwinFixtures.shovelType(),
            "drive-inverter", TwinFixtures.inverterType());

    private Twin shovelWithEveryKindOfReading() {
        repo.apply(List.of(good(WINDING_TEMP, T0, 96.5), good(VIBRATION, T0, 5.0),
                Sample.good(MACHINE_STATE, T0, Value.of("running")), Sample.good(BRAKE_SET, T0, Value.of(false)),
                good(CYCLES, T0, 1200)));
        repo.apply(List.of(good(WINDING_TEMP, T0.plusSeconds(1), Double.NaN)));
        return repo.twin(SHOVEL).orElseThrow();
    }

    @Test
    void viewHasDittoShapeInStableOrder() {
        Map<String, Object> thing = DittoThing.toMap(shovelWithEveryKindOfReading());
        assertEquals(List.of("thingId", "attributes", "features"), List.copyOf(thing.keySet()));
        assertEquals("baiyun:shovel-01", thing.get("thingId"));
        @SuppressWarnings("unchecked")
        var attributes = (Map<String, Object>) thing.get("attributes");
        assertEquals(List.of("assetType", "model", "site", "serial", "commissioned", "suppliers"),
                List.copyOf(attributes.keySet()));
        assertEquals("2019-06-14", attributes.get("commissioned"));
        @SuppressWarnings("unchecked")
        var features = (Map<String, Map<String, Map<String, Map<String, Object>>>>) thing.get("features");
        assertEquals(List.of("hoist-motor", "hoist-brake", "machine"), List.copyOf(features.keySet()));
        var vibration = features.get("hoist-motor").get("properties").get("de-bearing-vibration");
        assertEquals(List.of("value", "unit", "sourceTime", "receiveTime", "quality", "limitState"),
                List.copyOf(vibration.keySet()));
        assertEquals(5.0, vibration.get("value"));
        assertEquals("2026-01-05T08:00:00Z", vibration.get("sourceTime"));
        assertEquals("good", vibration.get("quality"));
        assertEquals("high-warning", vibration.get("limitState"));
        assertEquals(1200L, features.get("machine").get("properties").get("cycles").get("value"));
    }

    @Test
    void badReadingShowsNullValueTheReasonAndTheLastGoodValue() {
        Map<String, Object> thing = DittoThing.toMap(shovelWithEveryKindOfReading());
        @SuppressWarnings("unchecked")
        var winding = ((Map<String, Map<String, Map<String, Map<String, Object>>>>) thing.get("features"))
                .get("hoist-motor").get("properties").get("winding-temp");
        assertEquals(null, winding.get("value"));
        assertEquals(Map.of("level", "bad", "reason", "not a finite number: NaN"), winding.get("quality"));
        assertFalse(winding.containsKey("limitState"));
        @SuppressWarnings("unchecked")
        var lastGood = (Map<String, Object>) winding.get("lastGood");
        assertEquals(96.5, lastGood.get("value"));
    }

    @Test
    void readingTheViewBackGivesTheSameTwin() {
        Twin twin = shovelWithEveryKindOfReading();
        DittoThing.Read read = DittoThing.fromMap(DittoThing.toMap(twin), name -> Optional.ofNullable(types.get(name)));
        assertEquals(List.of(), read.skipped());
        assertEquals(twin, read.twin());
    }

    @Test
    void serverTimestampIsKeptBesideTheSourceTimeAndRoundTrips() {
        java.time.Instant server = T0.plusMillis(250);
        repo.apply(List.of(new Sample(WINDING_TEMP, T0, Value.of(97.0), Quality.GOOD, Optional.of(server))));
        Twin twin = repo.twin(SHOVEL).orElseThrow();
        assertEquals(Optional.of(server), twin.channel(WINDING_TEMP).orElseThrow().latest().serverTime());
        @SuppressWarnings("unchecked")
        var winding = ((Map<String, Map<String, Map<String, Map<String, Object>>>>) DittoThing.toMap(twin)
                .get("features")).get("hoist-motor").get("properties").get("winding-temp");
        assertEquals(T0.toString(), winding.get("sourceTime"));
        assertEquals(server.toString(), winding.get("serverTime"));
        assertEquals(twin, DittoThing.fromMap(DittoThing.toMap(twin), name -> Optional.ofNullable(types.get(name))).twin());
    }

    @Test
    void parentLinkRoundTrips() {
        repo.apply(List.of(good(TwinFixtures.HEATSINK_TEMP, T0, 55)));
        Twin twin = repo.twin(HOIST_INVERTER).orElseThrow();
        Map<String, Object> thing = DittoThing.toMap(twin);
        @SuppressWarnings("unchecked")
        var parent = (Map<String, Object>) ((Map<String, Object>) thing.get("attributes")).get("parent");
        assertEquals(Map.of("thingId", "baiyun:shovel-01", "component", "hoist-motor", "position", "hoist"), parent);
        assertEquals(twin, DittoThing.fromMap(thing, name -> Optional.ofNullable(types.get(name))).twin());
    }

    @Test
    void channelsTheTypeNoLongerHasAreSkippedNotFatal() {
        Map<String, Object> thing = DittoThing.toMap(shovelWithEveryKindOfReading());
        var smaller = new AssetType("electric-shovel", "", List.of(
                TwinFixtures.shovelType().component("machine").orElseThrow(),
                TwinFixtures.shovelType().component("hoist-motor").orElseThrow()));
        var read = DittoThing.fromMap(thing, name -> Optional.of(smaller));
        assertTrue(read.skipped().contains("hoist-brake.set: asset type 'electric-shovel' has no such channel"),
                read.skipped().toString());
        assertFalse(read.skipped().stream().anyMatch(n -> n.startsWith("suppliers.")), read.skipped().toString());
        assertEquals(Value.of("running"), read.twin().channel(MACHINE_STATE).orElseThrow().latest().value());
    }

    @Test
    void malformedThingNamesTheJsonPath() {
        Map<String, Object> thing = new LinkedHashMap<>(DittoThing.toMap(shovelWithEveryKindOfReading()));
        thing.put("thingId", "no-namespace");
        var e = assertThrows(IllegalArgumentException.class,
                () -> DittoThing.fromMap(thing, name -> Optional.ofNullable(types.get(name))));
        assertTrue(e.getMessage().startsWith("$.thingId: twin id 'no-namespace' must have the form namespace:name"),
                e.getMessage());
        thing.put("thingId", "baiyun:shovel-01");
        thing.put("attributes", Map.of("assetType", "dragline"));
        e = assertThrows(IllegalArgumentException.class,
                () -> DittoThing.fromMap(thing, name -> Optional.ofNullable(types.get(name))));
        assertTrue(e.getMessage().startsWith("$.attributes.assetType: asset type 'dragline'"), e.getMessage());
    }

    @Test
    void healthAppearsUnderTheComponentsPropertiesAndRoundTrips() {
        shovelWithEveryKindOfReading();
        repo.updateHealth(SHOVEL, "hoist-motor", TwinFixtures.health(T0, 72.5, AlertLevel.WATCH));
        Twin twin = repo.twin(SHOVEL).orElseThrow();
        @SuppressWarnings("unchecked")
        var health = ((Map<String, Map<String, Map<String, Map<String, Object>>>>) DittoThing.toMap(twin)
                .get("features")).get("hoist-motor").get("properties").get("health");
        assertEquals(72.5, health.get("score"));
        assertEquals("watch", health.get("alertLevel"));
        assertEquals(Map.of("72h", 0.05, "7d", 0.25), health.get("failureProbability"));
        DittoThing.Read read = DittoThing.fromMap(DittoThing.toMap(twin), name -> Optional.ofNullable(types.get(name)));
        assertEquals(twin, read.twin());
    }

    @Test
    void malformedHealthNamesItsPath() {
        shovelWithEveryKindOfReading();
        repo.updateHealth(SHOVEL, "hoist-motor", TwinFixtures.health(T0, 72.5, AlertLevel.WATCH));
        var map = DittoThing.toMap(repo.twin(SHOVEL).orElseThrow());
        @SuppressWarnings("unchecked")
        var health = ((Map<String, Map<String, Map<String, Map<String, Object>>>>) map.get("features"))
                .get("hoist-motor").get("properties").get("health");
        health.put("alertLevel", "purple");
        var e = assertThrows(IllegalArgumentException.class,
                () -> DittoThing.fromMap(map, name -> Optional.ofNullable(types.get(name))));
        assertTrue(e.getMessage().contains("$.features.hoist-motor.properties.health.alertLevel"), e.getMessage());
    }

    @Test
    void aChannelCannotTakeTheReservedNameHealth() {
        var e = assertThrows(SpecException.class,
                () -> new ChannelSpec("health", "", ValueType.NUMBER, null, null, null, List.of(), ""));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }
}
