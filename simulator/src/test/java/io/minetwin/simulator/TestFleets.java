package io.minetwin.simulator;

import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Fleet;
import io.minetwin.model.Limits;
import io.minetwin.model.ParentLink;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Small asset types in the shape of the shipped ones, and fleets of them, for simulator tests. */
final class TestFleets {

    private TestFleets() {
    }

    static ChannelSpec num(String name, String unit, double min, double max) {
        return ChannelSpec.number(name, unit).withPhysical(min, max);
    }

    static ChannelSpec state() {
        return ChannelSpec.state("state", List.of("running", "idle", "down", "maintenance"));
    }

    static ComponentType component(String name, ChannelSpec... channels) {
        return new ComponentType(name, "", List.of(channels));
    }

    static AssetType shovel() {
        return new AssetType("electric-shovel", "", List.of(
                component("hoist-motor",
                        num("winding-temp", "degC", -50, 250).withNormal(80, 120)
                                .withLimits(Limits.high(140, 155)),
                        num("current", "A", -4000, 4000),
                        num("power", "kW", -3000, 3000),
                        num("de-bearing-vibration", "mm/s", 0, 100).withLimits(Limits.high(4.5, 7.1)),
                        num("bearing-temp", "degC", -50, 250)),
                component("hoist-gearbox",
                        num("oil-temp", "degC", -50, 200).withNormal(50, 80),
                        num("gear-mesh-vibration", "mm/s", 0, 100)),
                component("hoist-rope", num("tonnage", "kt", 0, 100_000)),
                component("dipper",
                        num("payload", "t", 0, 200).withNormal(90, 110),
                        num("cycle-time", "s", 0, 3600)),
                component("machine", state(), num("operating-hours", "h", 0, 1_000_000),
                        num("cycles", "", 0, 1e9).withType(ValueType.INTEGER))));
    }

    static AssetType truck() {
        return new AssetType("haul-truck", "", List.of(
                component("engine",
                        num("coolant-temp", "degC", -50, 150).withNormal(80, 95).withLimits(Limits.high(102, 107)),
                        num("oil-pressure", "kPa", 0, 1500).withNormal(300, 550)
                                .withLimits(Limits.NONE.withLowAlarm(200).withLowWarning(250)),
                        num("exhaust-temp-left", "degC", -50, 1000),
                        num("exhaust-temp-right", "degC", -50, 1000),
                        num("boost-pressure", "kPa", 0, 500),
                        num("speed", "rpm", 0, 3000),
                        num("blow-by", "kPa", 0, 20)),
                component("wheel-motor-left",
                        num("stator-temp", "degC", -50, 300),
                        num("bearing-temp", "degC", -50, 250)),
                component("tyre-1", num("pressure", "kPa", 0, 1500), num("temperature", "degC", -60, 200)),
                component("body", num("payload", "t", -10, 500), num("speed", "km/h", 0, 80),
                        num("grade", "%", -30, 30), ChannelSpec.state("load-state", List.of("empty", "loaded"))),
                component("machine", state(), num("operating-hours", "h", 0, 1_000_000))));
    }

    static AssetType inverter() {
        return new AssetType("drive-inverter", "", List.of(
                component("igbt",
                        num("heatsink-temp", "degC", -50, 200),
                        num("junction-temp", "degC", -50, 250),
                        num("vce-on", "V", 0, 10)),
                component("dc-link",
                        num("voltage", "V", 0, 3000),
                        num("ripple", "V", 0, 1000),
                        num("esr", "mOhm", 0, 1000),
                        num("capacitance", "uF", 0, 1_000_000)),
                component("cooling",
                        num("fan-speed", "rpm", 0, 6000),
                        num("inlet-temp", "degC", -60, 150),
                        num("outlet-temp", "degC", -60, 200)),
                component("output",
                        num("current", "A", -5000, 5000),
                        num("frequency", "Hz", -200, 200),
                        num("power", "kW", -3000, 3000)),
                component("machine", state(), new ChannelSpec("fault", "", ValueType.BOOLEAN, null, null, null,
                        List.of(), ""))));
    }

    /** A type only configuration knows: a conveyor with a drive, a gearbox and a belt. */
    static AssetType conveyor() {
        return new AssetType("conveyor", "", List.of(
                component("drive",
                        num("motor-temp", "degC", -50, 250).withNormal(40, 90),
                        num("vibration", "mm/s", 0, 100).withNormal(0, 2.8),
                        num("current", "A", 0, 1500)),
                component("belt", num("speed", "m/s", 0, 10).withNormal(3, 5)),
                component("machine", state())));
    }

    static TwinId id(String name) {
        return new TwinId("test", name);
    }

    /** A shovel with its hoist inverter, a truck with its left traction inverter, and a conveyor. */
    static Fleet fleet() {
        var types = new LinkedHashMap<String, AssetType>();
        for (AssetType t : List.of(shovel(), truck(), inverter(), conveyor())) {
            types.put(t.name(), t);
        }
        var twins = new TreeMap<TwinId, TwinDefinition>();
        add(twins, "shovel-01", types.get("electric-shovel"), Map.of(), null);
        add(twins, "shovel-01-hoist-inverter", types.get("drive-inverter"), Map.of("igbt", "Infineon"),
                new ParentLink(id("shovel-01"), "hoist-motor", "hoist"));
        add(twins, "truck-01", types.get("haul-truck"), Map.of(), null);
        add(twins, "truck-01-left-inverter", types.get("drive-inverter"), Map.of("igbt", "Substitute"),
                new ParentLink(id("truck-01"), "wheel-motor-left", "left"));
        add(twins, "conveyor-01", types.get("conveyor"), Map.of(), null);
        return new Fleet("test", "Test pit", types, twins);
    }

    /** {@link #fleet()} with a hoist speed limit on the shovel and an engine derate on the truck. */
    static Fleet writableFleet() {
        Fleet f = fleet();
        var types = new LinkedHashMap<String, AssetType>(f.types());
        types.put("electric-shovel", withChannel(f.types().get("electric-shovel"), "hoist-motor",
                num("speed-limit", "%", 0, 100).withWritable(new io.minetwin.model.Writable(50, 100, 5,
                        List.of("idle", "running"), io.minetwin.model.Writable.Confirm.NONE))));
        types.put("haul-truck", withChannel(f.types().get("haul-truck"), "engine",
                num("derate", "%", 0, 100).withWritable(new io.minetwin.model.Writable(0, 30, 5, List.of(),
                        io.minetwin.model.Writable.Confirm.NONE))));
        var twins = new TreeMap<TwinId, TwinDefinition>();
        f.twins().forEach((id, d) -> twins.put(id, new TwinDefinition(id, types.get(d.type().name()), d.attributes())));
        return new Fleet(f.namespace(), f.site(), types, twins);
    }

    private static AssetType withChannel(AssetType t, String component, ChannelSpec channel) {
        var components = new java.util.ArrayList<ComponentType>();
        for (ComponentType c : t.components()) {
            if (c.name().equals(component)) {
                var channels = new java.util.ArrayList<>(c.channels());
                channels.add(channel);
                components.add(new ComponentType(c.name(), c.description(), channels, c.life()));
            } else {
                components.add(c);
            }
        }
        return new AssetType(t.name(), t.description(), components);
    }

    private static void add(Map<TwinId, TwinDefinition> twins, String name, AssetType type, Map<String, String> suppliers,
                            ParentLink parent) {
        var attributes = new TwinAttributes("M-1", "Test pit", "SN-" + name, Optional.of(LocalDate.of(2020, 1, 1)),
                suppliers, Optional.ofNullable(parent));
        twins.put(id(name), new TwinDefinition(id(name), type, attributes));
    }
}
