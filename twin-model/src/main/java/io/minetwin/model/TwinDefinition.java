package io.minetwin.model;

import java.util.Objects;

/**
 * A twin as configured: its id, asset type and attributes, without live state.
 *
 * <p>Rule: every component named in the attributes' suppliers is a component of the type.
 */
public record TwinDefinition(TwinId id, AssetType type, TwinAttributes attributes) {
    public TwinDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        attributes = attributes == null ? TwinAttributes.NONE : attributes;
        for (String component : attributes.suppliers().keySet()) {
            if (type.component(component).isEmpty()) {
                throw new SpecException("suppliers." + component, "twin " + id + ": suppliers name component '"
                        + component + "', which asset type '" + type.name() + "' does not have; known components: "
                        + String.join(", ", type.componentNames()));
            }
        }
    }
}
