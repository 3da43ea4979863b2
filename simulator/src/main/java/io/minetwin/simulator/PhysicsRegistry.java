package io.minetwin.simulator;

import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ValueType;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link ChannelPhysics} makes a channel, looked up by the channel's name in its asset type's YAML
 * ({@code winding-temp}, {@code esr}, {@code filter-dp}, ...), so asset types declared only in configuration
 * get physics too. A new physics is a new class registered here under the channel name it serves (see
 * {@link #builtIn()}); the simulator's stepping code does not change.
 *
 * <p>Lookup: state channels are the machine state (or a truck body's {@code load-state}), boolean channels
 * the fault flag; then the name; then a channel whose name contains {@code vibration} is bearing vibration,
 * one in degC a generic temperature, anything else follows the load.
 */
final class PhysicsRegistry {

    /** Chooses the physics of a channel by its component where a name means different things. */
    @FunctionalInterface
    interface Chooser {
        ChannelPhysics choose(String component, ChannelSpec channel);
    }

    private final Map<String, Chooser> byName = new HashMap<>();

    /** Registers {@code physics} for every channel named {@code channel}, replacing any earlier entry. */
    PhysicsRegistry register(String channel, ChannelPhysics physics) {
        Objects.requireNonNull(physics, "physics");
        return register(channel, (component, spec) -> physics);
    }

    /** Registers a choice of physics for channels named {@code channel}, replacing any earlier entry. */
    PhysicsRegistry register(String channel, Chooser chooser) {
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a physics is registered under a channel name, e.g. 'belt-tension'");
        }
        byName.put(channel, Objects.requireNonNull(chooser, "chooser"));
        return this;
    }

    /** Whether a physics is registered under {@code channel}. */
    boolean knows(String channel) {
        return byName.containsKey(channel);
    }

    /** The physics of {@code channel} of {@code component}. */
    ChannelPhysics physicsOf(String component, ChannelSpec channel) {
        String name = channel.name();
        if (channel.type() == ValueType.STATE) {
            return name.equals("load-state") ? HaulChannels.LOAD_STATE : OperationChannels.STATE;
        }
        if (channel.type() == ValueType.BOOLEAN) {
            return OperationChannels.FAULT;
        }
        Chooser chooser = byName.get(name);
        if (chooser != null) {
            return chooser.choose(component, channel);
        }
        return name.contains("vibration") ? BearingWear.VIBRATION
                : "degC".equals(channel.unit()) ? GenericChannels.TEMPERATURE : GenericChannels.LOAD_FOLLOWING;
    }

    /** The physics the simulator ships, by channel name. */
    static PhysicsRegistry builtIn() {
        PhysicsRegistry r = new PhysicsRegistry();
        r.register("operating-hours", OperationChannels.OPERATING_HOURS);
        r.register("cycles", OperationChannels.CYCLES);
        for (String winding : new String[] {"winding-temp", "stator-temp", "motor-temp"}) {
            r.register(winding, InsulationAgeing.WINDING_TEMP);
        }
        r.register("bearing-temp", BearingWear.TEMPERATURE);
        r.register("gear-mesh-vibration", GearPitting.GEAR_MESH);
        r.register("coolant-temp", CoolingFouling.COOLANT_TEMP);
        r.register("oil-pressure", EngineBearingWear.OIL_PRESSURE);
        r.register("blow-by", EngineBearingWear.BLOW_BY);
        r.register("exhaust-temp-left", TurboWear.EXHAUST);
        r.register("exhaust-temp-right", TurboWear.EXHAUST);
        r.register("boost-pressure", TurboWear.BOOST);
        r.register("fuel-rate", HaulChannels.FUEL_RATE);
        r.register("retarder-grid-temp", HaulChannels.RETARDER_TEMP);
        r.register("grade", HaulChannels.GRADE);
        r.register("cycle-time", DigChannels.CYCLE_TIME);
        r.register("energy-per-cycle", DigChannels.ENERGY);
        r.register("tonnage", RopeWear.TONNAGE);
        r.register("heatsink-temp", FanWear.HEATSINK);
        r.register("junction-temp", BondWireLiftOff.JUNCTION);
        r.register("vce-on", BondWireLiftOff.VCE);
        r.register("ripple", CapacitorAgeing.RIPPLE);
        r.register("esr", CapacitorAgeing.ESR);
        r.register("capacitance", CapacitorAgeing.CAPACITANCE);
        r.register("fan-speed", FanWear.FAN_SPEED);
        r.register("inlet-temp", DriveChannels.INLET);
        r.register("outlet-temp", FanWear.OUTLET);
        r.register("frequency", DriveChannels.FREQUENCY);
        r.register("css", LinerWear.CSS);
        r.register("filter-dp", FilterClogging.FILTER_DP);
        r.register("current", DriveChannels.CURRENT);
        r.register("power", DriveChannels.POWER);
        r.register("voltage", (component, s) -> component.equals("dc-link") ? DriveChannels.DC_VOLTAGE
                : GenericChannels.LOAD_FOLLOWING);
        r.register("pressure", (component, s) -> component.startsWith("tyre") ? HaulChannels.TYRE_PRESSURE
                : GenericChannels.LOAD_FOLLOWING);
        r.register("temperature", (component, s) -> component.startsWith("tyre") ? HaulChannels.TYRE_TEMP
                : component.contains("bearing") ? BearingWear.TEMPERATURE : GenericChannels.TEMPERATURE);
        r.register("payload", (component, s) -> component.equals("body") ? HaulChannels.PAYLOAD
                : DigChannels.DIPPER_PAYLOAD);
        r.register("speed", (component, s) -> "rpm".equals(s.unit()) && component.contains("engine")
                ? HaulChannels.ENGINE_SPEED : "km/h".equals(s.unit()) ? HaulChannels.SPEED
                : GenericChannels.LOAD_FOLLOWING);
        r.register("speed-limit", SetPoints.SPEED_LIMIT);
        r.register("derate", SetPoints.DERATE);
        r.register("wear", (component, s) -> "%".equals(s.unit()) ? LinerWear.WEAR : GenericChannels.LOAD_FOLLOWING);
        return r;
    }
}
