package io.minetwin.engine.discover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.AddressSpaceScan.Kind;
import io.minetwin.connectors.opcua.AddressSpaceScan.Variable;
import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.model.AssetType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Matching names, units and ranges of a site's variables to the shipped asset types. */
class DiscoveryTest {

    private static final Map<String, AssetType> TYPES =
            AssetTypeLoader.loadDirectory(Path.of("..", "config", "asset-types"));

    private static Variable v(String path, Kind kind, String unit, double low, double high) {
        return new Variable(List.of(path.split("/")), "ns=2;s=" + path, kind == Kind.NUMBER ? "Double" : "String",
                kind, Optional.ofNullable(unit), low, high);
    }

    private static Variable v(String path, String unit) {
        return v(path, Kind.NUMBER, unit, Double.NaN, Double.NaN);
    }

    @Test
    void namesAreComparedAsWordsWithAbbreviationsSpeltOut() {
        assertEquals("hoist-motor", Names.kebab("HoistMotor"));
        assertEquals("shovel-01", Names.kebab("Shovel-01"));
        assertEquals(List.of("de", "bearing", "vibration"), Names.terms("DEBearingVib"));
        assertEquals(List.of("hoist", "motor", "2"), Names.terms("HoistMotorB"));
        assertEquals(1.0, Names.similarity(Names.terms("OilTemperature"), Names.terms("oil-temp")));
        assertTrue(Names.similarity(Names.terms("Temperature"), Names.terms("winding-temp")) > 0.6);
        assertEquals(0.0, Names.similarity(Names.terms("Operator"), Names.terms("payload")));
    }

    @Test
    void unitsAndRangesRuleChannelsOutAndEachChannelTakesOneNode() {
        var vars = new ArrayList<Variable>(List.of(
                v("Truck-03/Engine/CoolantTemp", "degF"),
                v("Truck-03/Engine/CoolantTemperature", "degC"),      // a second node for the same channel
                v("Truck-03/Engine/OilPressure", "psi"),
                v("Truck-03/Engine/OilTemp", "kPa"),                   // wrong dimension: not oil-temp
                v("Truck-03/Engine/Speed", Kind.NUMBER, "rpm", 0, 100_000),  // EURange beyond physical 0..3000 rpm? overlaps
                v("Truck-03/Engine/Cabin", Kind.TEXT, null, Double.NaN, Double.NaN)));
        Discovery.Draft d = new Discovery(TYPES).match(vars);
        assertEquals(1, d.assets().size());
        assertEquals(Optional.of("haul-truck"), d.assets().get(0).type());
        var byNode = new java.util.HashMap<String, String>();
        d.guesses().forEach(g -> byNode.put(g.variable().nodeId(), g.component() + "." + g.channel()));
        assertEquals("engine.oil-pressure", byNode.get("ns=2;s=Truck-03/Engine/OilPressure"));
        assertEquals("engine.speed", byNode.get("ns=2;s=Truck-03/Engine/Speed"));
        // Both coolant nodes fit coolant-temp equally by name: one gets it, the other is listed with the reason.
        long coolant = byNode.values().stream().filter("engine.coolant-temp"::equals).count();
        assertEquals(1, coolant, byNode.toString());
        assertTrue(d.unmatched().stream().anyMatch(u -> u.reason().contains("went to")), d.unmatched().toString());
        assertTrue(!"engine.oil-temp".equals(byNode.get("ns=2;s=Truck-03/Engine/OilTemp")), byNode.toString());
        assertTrue(d.unmatched().stream().anyMatch(u -> u.variable().path().contains("Cabin")));
        String config = DraftWriter.config(d, new DraftWriter.Settings("opc.tcp://h:4840", "site", "None",
                Optional.empty(), "X", "site", "", "../config/asset-types", "test"));
        assertTrue(config.contains("- node: \"ns=2;s=Truck-03/Engine/OilPressure\"\n          twin: \"site:truck-03\"\n"
                + "          channel: engine.oil-pressure\n"), config);
    }

    @Test
    void aRangeWhollyOutsideTheChannelsPhysicalRangeRulesItOut() {
        var hot = v("Truck-03/Engine/CoolantTemp", Kind.NUMBER, "degC", 2000, 3000);
        var channel = TYPES.get("haul-truck").channel("engine", "coolant-temp").orElseThrow();
        assertTrue(Discovery.refuse(hot, channel).orElseThrow().contains("outside the physical range"));
        var fine = v("Truck-03/Engine/CoolantTemp", Kind.NUMBER, "degF", 0, 300);
        assertEquals(Optional.empty(), Discovery.refuse(fine, channel));
    }
}
