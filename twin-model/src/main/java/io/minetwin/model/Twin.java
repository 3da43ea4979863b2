package io.minetwin.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable view of a twin: its definition and the state of every channel that has received a sample.
 *
 * @param definition what the twin is
 * @param channels   state per component name, then per channel name; channels without a sample are absent
 * @param health     the latest forecast per component name; components without one are absent
 */
public record Twin(TwinDefinition definition, Map<String, Map<String, ChannelState>> channels,
                   Map<String, ComponentHealth> health) {

    public Twin {
        Objects.requireNonNull(definition, "definition");
        var copy = new LinkedHashMap<String, Map<String, ChannelState>>();
        (channels == null ? Map.<String, Map<String, ChannelState>>of() : channels).forEach((component, states) -> {
            var ct = definition.type().component(component).orElseThrow(() -> new SpecException(component,
                    "twin " + definition.id() + " has state for component '" + component + "', which asset type '"
                            + definition.type().name() + "' does not have"));
            for (String channel : states.keySet()) {
                if (ct.channel(channel).isEmpty()) {
                    throw new SpecException(component + "." + channel, "twin " + definition.id()
                            + " has state for channel '" + component + "." + channel + "', which asset type '"
                            + definition.type().name() + "' does not have");
                }
            }
            if (!states.isEmpty()) {
                copy.put(component, Map.copyOf(states));
            }
        });
        channels = java.util.Collections.unmodifiableMap(copy);
        var healthCopy = new LinkedHashMap<String, ComponentHealth>();
        (health == null ? Map.<String, ComponentHealth>of() : health).forEach((component, h) -> {
            if (definition.type().component(component).isEmpty()) {
                throw new SpecException(component, "twin " + definition.id() + " has health for component '"
                        + component + "', which asset type '" + definition.type().name() + "' does not have");
            }
            healthCopy.put(component, Objects.requireNonNull(h, "health of " + component));
        });
        health = java.util.Collections.unmodifiableMap(healthCopy);
    }

    /** A twin with channel state and no forecasts. */
    public Twin(TwinDefinition definition, Map<String, Map<String, ChannelState>> channels) {
        this(definition, channels, Map.of());
    }

    /** A twin without any channel state. */
    public static Twin empty(TwinDefinition definition) {
        return new Twin(definition, Map.of());
    }

    /** The latest forecast of {@code component}, if one was made. */
    public Optional<ComponentHealth> health(String component) {
        return Optional.ofNullable(health.get(component));
    }

    /** This twin with {@code component}'s forecast replaced. */
    public Twin withHealth(String component, ComponentHealth h) {
        var m = new LinkedHashMap<>(health);
        m.put(component, h);
        return new Twin(definition, channels, m);
    }

    public TwinId id() {
        return definition.id();
    }

    public AssetType type() {
        return definition.type();
    }

    public TwinAttributes attributes() {
        return definition.attributes();
    }

    public Optional<ChannelState> channel(String component, String channel) {
        return Optional.ofNullable(channels.getOrDefault(component, Map.of()).get(channel));
    }

    /** The state of {@code series}, which must name this twin. */
    public Optional<ChannelState> channel(SeriesKey series) {
        if (!series.twin().equals(id())) {
            throw new IllegalArgumentException("series " + series + " belongs to another twin than " + id());
        }
        return channel(series.component(), series.channel());
    }

    /**
     * Where the latest reading stands against the channel's limits; {@link LimitState#NOT_APPLICABLE}
     * without a reading, for bad-quality readings and for non-numeric channels.
     */
    public LimitState limitState(String component, String channel) {
        var spec = type().channel(component, channel);
        var state = channel(component, channel);
        if (spec.isEmpty() || state.isEmpty() || state.get().latest().quality().level() == QualityLevel.BAD) {
            return LimitState.NOT_APPLICABLE;
        }
        return spec.get().limitState(state.get().latest().value());
    }
}
