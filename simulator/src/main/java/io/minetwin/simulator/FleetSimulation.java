package io.minetwin.simulator;

import io.minetwin.model.Fleet;
import io.minetwin.model.ParentLink;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole fleet simulated in lock-step on a simulated clock: the entry point of the simulator core.
 *
 * <p>Deterministic: the same fleet, settings, seed and sequence of steps give the same samples and
 * records. Every twin draws from its own random streams derived from the seed and its id, so adding a
 * twin does not change the others. Not thread-safe: one thread calls {@link #step}.
 */
public final class FleetSimulation {

    private final Fleet fleet;
    private final SimulationSettings settings;
    private final List<TwinSim> order;
    private final Map<TwinId, TwinSim> byId = new HashMap<>();
    private final List<SeriesKey> series;
    private long time;

    /**
     * @param twinSettings per-twin settings; twins not in the map use {@link TwinSettings#DEFAULTS}
     * @param listener     receives maintenance records, failures and sensor faults as they happen
     */
    public FleetSimulation(Fleet fleet, SimulationSettings settings, Map<TwinId, TwinSettings> twinSettings, long seed,
                           Records.Listener listener) {
        this(fleet, settings, twinSettings, seed, listener, PhysicsRegistry.builtIn());
    }

    /** As above, with the channel physics looked up in {@code physics} instead of the built-in ones. */
    FleetSimulation(Fleet fleet, SimulationSettings settings, Map<TwinId, TwinSettings> twinSettings, long seed,
                    Records.Listener listener, PhysicsRegistry physics) {
        this.fleet = Objects.requireNonNull(fleet, "fleet");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(twinSettings, "twinSettings");
        Objects.requireNonNull(listener, "listener");
        var keys = new ArrayList<SeriesKey>();
        var sims = new ArrayList<TwinSim>();
        for (TwinDefinition d : fleet.twins().values()) {
            TwinSim sim = new TwinSim(d, keys.size(), settings, twinSettings.getOrDefault(d.id(), TwinSettings.DEFAULTS),
                    seed, listener, Objects.requireNonNull(physics, "physics"));
            for (int k = 0; k < sim.channelCount(); k++) {
                keys.add(new SeriesKey(d.id(), sim.componentOf(k), sim.spec(k).name()));
            }
            sims.add(sim);
            byId.put(d.id(), sim);
        }
        for (TwinSim sim : sims) {
            sim.def.attributes().parent().ifPresent(link -> {
                TwinSim host = byId.get(link.twin());
                sim.host = host;
                sim.hostComponent = host.def.type().componentNames().indexOf(link.component());
                host.children.add(sim);
            });
        }
        // Hosts before the equipment installed in them.
        sims.sort((a, b) -> Integer.compare(depth(a), depth(b)));
        this.order = List.copyOf(sims);
        this.series = Collections.unmodifiableList(keys);
        this.time = settings.start().toEpochMilli();
    }

    private static int depth(TwinSim s) {
        int d = 0;
        for (TwinSim h = s.host; h != null; h = h.host) {
            d++;
        }
        return d;
    }

    public Fleet fleet() {
        return fleet;
    }

    public SimulationSettings settings() {
        return settings;
    }

    /** Every series the simulation writes, indexed as {@link SampleSink} receives them. */
    public List<SeriesKey> series() {
        return series;
    }

    /** The simulated time of the last step (the start before the first). */
    public long time() {
        return time;
    }

    /**
     * Advances every twin to {@code timeMs} and writes one sample per channel (fewer while a sensor drops
     * out) at that time.
     *
     * @throws IllegalArgumentException if {@code timeMs} is not after the previous step
     */
    public void step(long timeMs, SampleSink sink) {
        if (timeMs <= time && !(timeMs == time && time == settings.start().toEpochMilli())) {
            throw new IllegalArgumentException("step to " + timeMs + " is not after the current time " + time
                    + "; simulated time only moves forward");
        }
        double dt = Math.max(1, timeMs - time) / 1000.0;
        time = timeMs;
        for (TwinSim sim : order) {
            sim.step(timeMs, dt, sink);
        }
    }

    /** The wear of {@code mode} on a twin's component, 0 new to 1 failed; NaN if it has no such mode. */
    public double damage(TwinId twin, String component, String mode) {
        TwinSim s = byId.get(twin);
        return s == null ? Double.NaN : s.damage(component, mode);
    }

    /** {@code component.channel -> failure mode} of a twin: which channel shows which wear coming. */
    public Map<String, String> precursors(TwinId twin) {
        TwinSim s = byId.get(twin);
        return s == null ? Map.of() : s.precursors();
    }

    /**
     * Whether {@code twin}'s {@code component.channel} is a set point the machine accepts (a channel whose physics
     * is a set point, such as a hoist {@code speed-limit} or an engine {@code derate}).
     */
    public boolean isSetPoint(TwinId twin, String channel) {
        TwinSim s = byId.get(twin);
        int k = s == null ? -1 : s.channelIndex(channel);
        return k >= 0 && s.isSetPoint(k);
    }

    /**
     * Writes a set point: from the next step the channel reports {@code value} and the machine's load, heat and
     * wear follow it. Call it from the thread that steps the simulation.
     *
     * @throws IllegalArgumentException if the channel is not a set point of the twin
     */
    public void setPoint(TwinId twin, String channel, double value) {
        TwinSim s = byId.get(twin);
        int k = s == null ? -1 : s.channelIndex(channel);
        if (k < 0) {
            throw new IllegalArgumentException(twin + " has no channel " + channel);
        }
        s.setPoint(k, value);
    }

    /** The current set point of {@code twin}'s {@code component.channel}, NaN if it is not one. */
    public double setPoint(TwinId twin, String channel) {
        TwinSim s = byId.get(twin);
        int k = s == null ? -1 : s.channelIndex(channel);
        return k < 0 ? Double.NaN : s.setPoint(k);
    }

    /** Where {@code twin} is installed, if anywhere. */
    public java.util.Optional<ParentLink> parent(TwinId twin) {
        return fleet.twin(twin).flatMap(d -> d.attributes().parent());
    }
}
