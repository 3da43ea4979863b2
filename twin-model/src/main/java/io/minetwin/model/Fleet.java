package io.minetwin.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The equipment of a site: the asset types in use and every configured twin.
 *
 * <p>Rules: each twin's type is one of {@link #types()}; a parent twin exists, has the named host
 * component, and parent links form no cycle.
 *
 * @param namespace the twin id namespace, e.g. {@code baiyun}
 * @param site      the site's name for people; may be empty
 * @param types     asset types by name
 * @param twins     twin definitions by id, in id order
 */
public record Fleet(String namespace, String site, Map<String, AssetType> types, Map<TwinId, TwinDefinition> twins) {

    public Fleet {
        Objects.requireNonNull(namespace, "namespace");
        site = site == null ? "" : site;
        types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        twins = Collections.unmodifiableMap(new TreeMap<>(twins));
        for (var e : twins.entrySet()) {
            TwinDefinition d = e.getValue();
            if (!d.id().equals(e.getKey())) {
                throw new IllegalArgumentException("twin " + d.id() + " is filed under " + e.getKey());
            }
            if (!d.type().equals(types.get(d.type().name()))) {
                throw new SpecException(d.id() + ".type", "twin " + d.id() + " has asset type '" + d.type().name()
                        + "', which this fleet does not declare; known types: " + String.join(", ", types.keySet()));
            }
            if (d.attributes().parent().isPresent()) {
                ParentLink link = d.attributes().parent().get();
                TwinDefinition host = twins.get(link.twin());
                if (host == null) {
                    throw new SpecException(d.id() + ".parent.twin", "twin " + d.id() + " names parent " + link.twin()
                            + ", which is not in the fleet; add it or fix the id");
                }
                if (host.type().component(link.component()).isEmpty()) {
                    throw new SpecException(d.id() + ".parent.component", "twin " + d.id() + " is installed in component '"
                            + link.component() + "' of " + link.twin() + ", but asset type '" + host.type().name()
                            + "' has no such component; known components: "
                            + String.join(", ", host.type().componentNames()));
                }
            }
        }
        for (TwinId id : twins.keySet()) {
            var seen = new HashSet<TwinId>();
            TwinId at = id;
            while (at != null) {
                if (!seen.add(at)) {
                    throw new SpecException(id + ".parent", "twin " + id + " is, through its parents, installed in"
                            + " itself (" + seen + "); break the cycle");
                }
                at = twins.get(at).attributes().parent().map(ParentLink::twin).orElse(null);
            }
        }
    }

    public Optional<TwinDefinition> twin(TwinId id) {
        return Optional.ofNullable(twins.get(id));
    }

    public Optional<AssetType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Twins installed directly in {@code parent}, in id order. */
    public List<TwinDefinition> children(TwinId parent) {
        var out = new ArrayList<TwinDefinition>();
        for (TwinDefinition d : twins.values()) {
            if (d.attributes().parent().map(p -> p.twin().equals(parent)).orElse(false)) {
                out.add(d);
            }
        }
        return out;
    }

    /** Twins of asset type {@code typeName}, in id order. */
    public List<TwinDefinition> ofType(String typeName) {
        return twins.values().stream().filter(d -> d.type().name().equals(typeName)).toList();
    }
}
