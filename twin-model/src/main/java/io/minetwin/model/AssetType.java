package io.minetwin.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A kind of equipment, e.g. {@code electric-shovel}: its components and their channels. Asset types
 * come from configuration, so a new kind of equipment needs no code.
 *
 * @param name        identifier, e.g. {@code haul-truck}
 * @param description free text; may be empty
 * @param components  at least one, with unique names, in display order
 */
public record AssetType(String name, String description, List<ComponentType> components) {

    public AssetType {
        if (name == null || !ChannelSpec.isIdentifier(name)) {
            throw new SpecException("name", "asset type name '" + name + "' is not valid: start with a letter, then"
                    + " letters, digits, '_' or '-' (at most 64), e.g. 'haul-truck'");
        }
        description = description == null ? "" : description;
        components = List.copyOf(components == null ? List.of() : components);
        if (components.isEmpty()) {
            throw new SpecException("components", "asset type '" + name
                    + "' has no components; declare at least one");
        }
        var seen = new HashSet<String>();
        for (ComponentType c : components) {
            if (!seen.add(c.name())) {
                throw new SpecException("components." + c.name(), "asset type '" + name + "' declares component '"
                        + c.name() + "' twice; give each component a distinct name");
            }
        }
        checkInterlocks(name, components);
    }

    /** The component and channel whose state a writable channel's {@code requires-state} names. */
    public static final String STATE_COMPONENT = "machine";
    public static final String STATE_CHANNEL = "state";

    /** Every state a writable channel requires must be a state of the type's {@code machine.state} channel. */
    private static void checkInterlocks(String type, List<ComponentType> components) {
        List<String> states = null;
        for (ComponentType c : components) {
            if (c.name().equals(STATE_COMPONENT)) {
                states = c.channel(STATE_CHANNEL).map(ChannelSpec::states).orElse(null);
            }
        }
        for (ComponentType c : components) {
            for (ChannelSpec ch : c.channels()) {
                if (ch.writable().isEmpty()) {
                    continue;
                }
                String field = "components." + c.name() + ".channels." + ch.name() + ".writable.requires-state";
                for (String s : ch.writable().get().requiresState()) {
                    if (states == null) {
                        throw new SpecException(field, field + ": asset type '" + type + "' has no machine.state"
                                + " channel to check '" + s + "' against; declare one or remove 'requires-state'");
                    }
                    if (!states.contains(s)) {
                        throw new SpecException(field, field + ": '" + s + "' is not a state of machine.state "
                                + states + "; use one of them");
                    }
                }
            }
        }
    }

    /** Every channel that may be written back, as {@code component.channel}, in declaration order. */
    public List<String> writableChannels() {
        return components.stream().flatMap(c -> c.channels().stream().filter(ch -> ch.writable().isPresent())
                .map(ch -> c.name() + "." + ch.name())).toList();
    }

    public Optional<ComponentType> component(String componentName) {
        for (ComponentType c : components) {
            if (c.name().equals(componentName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The spec of {@code component.channel}, if this type declares it. */
    public Optional<ChannelSpec> channel(String componentName, String channelName) {
        return component(componentName).flatMap(c -> c.channel(channelName));
    }

    public List<String> componentNames() {
        return components.stream().map(ComponentType::name).toList();
    }

    /** How many channels all components declare together. */
    public int channelCount() {
        return components.stream().mapToInt(c -> c.channels().size()).sum();
    }
}
