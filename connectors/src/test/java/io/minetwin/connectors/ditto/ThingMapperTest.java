package io.minetwin.connectors.ditto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.testkit.TwinFixtures;
import io.minetwin.model.TwinId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.ditto.json.JsonObject;
import org.junit.jupiter.api.Test;

class ThingMapperTest {

    private final InMemoryTwinRepository repo = TwinFixtures.repository(
            new TwinFixtures.ManualClock(TwinFixtures.T0.plusSeconds(60)));

    private static ThingMapper mapper(List<String> twins, List<String> components) {
        return new ThingMapper(DittoSettings.of(URI.create("ws://localhost:8080"),
                        new DittoSettings.Auth.Basic("u", "p")).withNamespaces(Map.of("baiyun", "org.baiyun"))
                .withPolicyId("org.baiyun:minetwin").withFilters(twins, components));
    }

    @Test
    void globsSelectTwinsAndComponents() {
        ThingMapper m = mapper(List.of("baiyun:shovel-*"), List.of("hoist-*", "machine"));
        assertTrue(m.mirrors(TwinFixtures.SHOVEL));
        assertTrue(m.mirrors(TwinFixtures.HOIST_INVERTER));
        assertFalse(m.mirrors(TwinId.parse("baiyun:truck-01")));
        assertFalse(m.mirrors(TwinId.parse("other:shovel-01")));
        assertTrue(m.mirrorsComponent("hoist-motor") && m.mirrorsComponent("machine"));
        assertFalse(m.mirrorsComponent("igbt"));
        assertTrue(ThingMapper.glob("a.b*").matcher("a.bcd").matches());
        assertFalse(ThingMapper.glob("a.b*").matcher("axbcd").matches(), "only * is special");
    }

    @Test
    void aThingCarriesMappedIdsPolicyAndTheSelectedFeatures() {
        ThingMapper m = mapper(List.of(), List.of("hoist-motor", "igbt"));
        JsonObject inverter = m.thing(repo.twin(TwinFixtures.HOIST_INVERTER).orElseThrow());
        assertEquals("org.baiyun:shovel-01-hoist-inverter", inverter.getValue("thingId").orElseThrow().asString());
        assertEquals("org.baiyun:minetwin", inverter.getValue("policyId").orElseThrow().asString());
        assertEquals("org.baiyun:shovel-01", inverter.getValue("attributes/parent/thingId").orElseThrow().asString());
        JsonObject shovel = m.thing(repo.twin(TwinFixtures.SHOVEL).orElseThrow());
        assertEquals(Set.of("hoist-motor"), Set.copyOf(shovel.getValue("features").orElseThrow().asObject()
                .getKeys().stream().map(Object::toString).toList()));
    }

    @Test
    void aPatchDeletesOptionalKeysTheNewValueLacks() {
        ThingMapper m = mapper(List.of(), List.of());
        repo.apply(List.of(Sample.bad(TwinFixtures.WINDING_TEMP, TwinFixtures.T0, "sensor open circuit")));
        JsonObject patch = m.patch(repo.twin(TwinFixtures.SHOVEL).orElseThrow(),
                Map.of("hoist-motor", Set.of("winding-temp", "health")));
        JsonObject temp = patch.getValue("features/hoist-motor/properties/winding-temp").orElseThrow().asObject();
        assertTrue(temp.getValue("limitState").orElseThrow().isNull(), "a bad reading has no limit state: " + temp);
        assertTrue(temp.getValue("lastGood").orElseThrow().isNull(), temp.toString());
        assertEquals("degC", temp.getValue("unit").orElseThrow().asString());
        assertTrue(patch.getValue("features/hoist-motor/properties/health").orElseThrow().isNull(),
                "no forecast yet: the property is deleted");
    }

    @Test
    void anIdDittoRefusesIsExplained() {
        var m = new ThingMapper(DittoSettings.of(URI.create("ws://localhost:8080"), new DittoSettings.Auth.Basic("u",
                "p")).withNamespaces(Map.of("baiyun", "com.example.a.rather.long.namespace")));
        var e = assertThrows(IllegalArgumentException.class, () -> m.thingId(new TwinId("baiyun", "x".repeat(240))));
        assertTrue(e.getMessage().contains("Ditto does not accept"), e.getMessage());
    }
}
