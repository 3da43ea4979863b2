package io.minetwin.simulator;

import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What to simulate: a fleet with its simulation settings, as a fleet file declares them.
 *
 * @param fleet    the twins and their asset types
 * @param settings fleet-wide settings
 * @param twins    per-twin settings; twins left out use {@link TwinSettings#DEFAULTS}
 * @param seed     the fleet file's seed, if it sets one (a command line seed wins)
 */
public record SimulationPlan(Fleet fleet, SimulationSettings settings, Map<TwinId, TwinSettings> twins,
                             OptionalLong seed) {

    public SimulationPlan {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(settings, "settings");
        twins = Collections.unmodifiableMap(new TreeMap<>(twins == null ? Map.of() : twins));
        seed = seed == null ? OptionalLong.empty() : seed;
        for (TwinId id : twins.keySet()) {
            if (!fleet.twins().containsKey(id)) {
                throw new IllegalArgumentException("simulation settings name twin " + id
                        + ", which the fleet does not declare");
            }
        }
    }

    /** A plan with default settings for every twin. */
    public static SimulationPlan of(Fleet fleet, SimulationSettings settings) {
        return new SimulationPlan(fleet, settings, Map.of(), OptionalLong.empty());
    }

    /** A new simulation of this plan with {@code seed}. */
    public FleetSimulation simulation(long seed, Records.Listener listener) {
        return new FleetSimulation(fleet, settings, twins, seed, listener);
    }
}
