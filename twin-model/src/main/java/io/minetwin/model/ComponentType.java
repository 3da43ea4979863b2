package io.minetwin.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * A component of an asset type, e.g. a shovel's {@code hoist-motor}: a named set of channels.
 *
 * @param name        identifier, unique within the asset type
 * @param description free text; may be empty
 * @param channels    at least one, with unique names, in display order
 */
public record ComponentType(String name, String description, List<ChannelSpec> channels, Optional<LifeSpec> life) {

    /** A component type with no declared typical life. */
    public ComponentType(String name, String description, List<ChannelSpec> channels) {
        this(name, description, channels, Optional.empty());
    }

    public ComponentType {
        if (name == null || !ChannelSpec.isIdentifier(name)) {
            throw new SpecException("name", "component name '" + name + "' is not valid: start with a letter, then"
                    + " letters, digits, '_' or '-' (at most 64), e.g. 'hoist-motor'");
        }
        description = description == null ? "" : description;
        life = life == null ? Optional.empty() : life;
        channels = List.copyOf(channels == null ? List.of() : channels);
        if (channels.isEmpty()) {
            throw new SpecException("channels", "component '" + name + "' has no channels; declare at least one");
        }
        var seen = new HashSet<String>();
        for (ChannelSpec c : channels) {
            if (!seen.add(c.name())) {
                throw new SpecException("channels." + c.name(), "component '" + name + "' declares channel '"
                        + c.name() + "' twice; give each channel a distinct name");
            }
        }
    }

    public Optional<ChannelSpec> channel(String channelName) {
        for (ChannelSpec c : channels) {
            if (c.name().equals(channelName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public List<String> channelNames() {
        return channels.stream().map(ChannelSpec::name).toList();
    }

    /** The same channels under another name, for repeated parts such as tyres. */
    public ComponentType renamed(String newName) {
        return new ComponentType(newName, description, channels, life);
    }
}
