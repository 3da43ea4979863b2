package io.minetwin.connectors.ditto;

import io.minetwin.model.ComponentType;
import io.minetwin.model.DittoThing;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.things.model.ThingId;

/**
 * Turns twins into Ditto JSON: thing ids through the namespace mapping, the full thing for a create or
 * replace, and merge patches for changed properties. The thing's shape is {@link DittoThing}'s, limited to
 * the mirrored components.
 *
 * <p>A merge patch merges objects key by key, so a key the new value lacks would survive from the old
 * one; the patch therefore sets to {@code null} (deletes) the optional keys of a channel
 * ({@code unit, serverTime, limitState, lastGood}) and of a forecast ({@code rul}) that the new value does
 * not have.
 */
final class ThingMapper {

    static final String FEATURES = "features";
    static final String PROPERTIES = "properties";

    private static final List<String> OPTIONAL_CHANNEL_KEYS = List.of("unit", "serverTime", "limitState", "lastGood");
    private static final List<String> OPTIONAL_HEALTH_KEYS = List.of("rul");

    private final DittoSettings settings;
    private final List<Pattern> twinGlobs;
    private final List<Pattern> componentGlobs;

    ThingMapper(DittoSettings settings) {
        this.settings = settings;
        this.twinGlobs = settings.twins().stream().map(ThingMapper::glob).toList();
        this.componentGlobs = settings.components().stream().map(ThingMapper::glob).toList();
    }

    /** Whether the twin is mirrored at all. */
    boolean mirrors(TwinId twin) {
        return twinGlobs.isEmpty() || twinGlobs.stream().anyMatch(p -> p.matcher(twin.toString()).matches());
    }

    boolean mirrorsComponent(String component) {
        return componentGlobs.isEmpty() || componentGlobs.stream().anyMatch(p -> p.matcher(component).matches());
    }

    /**
     * The Ditto thing id of a twin.
     *
     * @throws IllegalArgumentException if the mapped id is not a valid Ditto thing id
     */
    ThingId thingId(TwinId twin) {
        try {
            return ThingId.of(settings.dittoNamespace(twin), twin.name());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("twin " + twin + " maps to Ditto thing id '"
                    + settings.dittoNamespace(twin) + ":" + twin.name() + "', which Ditto does not accept: "
                    + e.getMessage(), e);
        }
    }

    /** The whole thing: id, policy, attributes and the mirrored components' features. */
    JsonObject thing(Twin twin) {
        Map<String, Object> map = DittoThing.toMap(twin);
        JsonObjectBuilder b = JsonFactory.newObjectBuilder();
        b.set("thingId", thingId(twin.id()).toString());
        settings.policyId().ifPresent(p -> b.set("policyId", p));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) map.get("attributes");
        b.set("attributes", DittoJson.of(mapParent(attributes)));
        @SuppressWarnings("unchecked")
        Map<String, Object> features = (Map<String, Object>) map.get(FEATURES);
        JsonObjectBuilder fb = JsonFactory.newObjectBuilder();
        features.forEach((component, feature) -> {
            if (mirrorsComponent(component)) {
                fb.set(JsonFactory.newKey(component), DittoJson.of(feature));
            }
        });
        b.set(FEATURES, fb.build());
        return b.build();
    }

    /**
     * A merge patch with the current values of {@code changed} properties (component to property names);
     * a property the twin no longer has is deleted.
     */
    JsonObject patch(Twin twin, Map<String, Set<String>> changed) {
        Map<String, Object> map = DittoThing.toMap(twin);
        @SuppressWarnings("unchecked")
        Map<String, Object> features = (Map<String, Object>) map.get(FEATURES);
        JsonObjectBuilder fb = JsonFactory.newObjectBuilder();
        changed.forEach((component, properties) -> {
            if (!mirrorsComponent(component)) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> feature = (Map<String, Object>) features.get(component);
            @SuppressWarnings("unchecked")
            Map<String, Object> current = feature == null ? Map.of() : (Map<String, Object>) feature.get(PROPERTIES);
            JsonObjectBuilder pb = JsonFactory.newObjectBuilder();
            for (String property : properties) {
                Object value = current.get(property);
                if (value == null) {
                    pb.set(JsonFactory.newKey(property), JsonFactory.nullLiteral());
                    continue;
                }
                List<String> optional = DittoThing.HEALTH.equals(property) ? OPTIONAL_HEALTH_KEYS
                        : OPTIONAL_CHANNEL_KEYS;
                JsonObject v = DittoJson.of(value).asObject();
                for (String key : optional) {
                    if (!v.contains(key)) {
                        v = v.setValue(key, JsonFactory.nullLiteral());
                    }
                }
                pb.set(JsonFactory.newKey(property), v);
            }
            fb.set(JsonFactory.newKey(component), JsonFactory.newObjectBuilder().set(PROPERTIES, pb.build()).build());
        });
        return JsonFactory.newObjectBuilder().set(FEATURES, fb.build()).build();
    }

    /** Components of the twin's type that are mirrored. */
    List<String> components(Twin twin) {
        var out = new ArrayList<String>();
        for (ComponentType c : twin.type().components()) {
            if (mirrorsComponent(c.name())) {
                out.add(c.name());
            }
        }
        return out;
    }

    private Map<String, Object> mapParent(Map<String, Object> attributes) {
        Object parent = attributes.get("parent");
        if (parent instanceof Map<?, ?> p && p.get("thingId") instanceof String id) {
            try {
                var copy = new java.util.LinkedHashMap<String, Object>(attributes);
                @SuppressWarnings("unchecked")
                var pc = new java.util.LinkedHashMap<String, Object>((Map<String, Object>) p);
                pc.put("thingId", thingId(TwinId.parse(id)).toString());
                copy.put("parent", pc);
                return copy;
            } catch (IllegalArgumentException keep) {
                return attributes;
            }
        }
        return attributes;
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    static Pattern glob(String glob) {
        return Pattern.compile(java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*")));
    }
}
