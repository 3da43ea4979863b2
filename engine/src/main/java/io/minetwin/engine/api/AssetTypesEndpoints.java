package io.minetwin.engine.api;

import io.javalin.http.Context;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Range;
import io.minetwin.model.Twin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** {@code /api/asset-types}: what the twins' channels are, with units, ranges and limits. */
final class AssetTypesEndpoints {
    private final ApiBackend backend;

    AssetTypesEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    private Map<String, AssetType> types() {
        Map<String, AssetType> types = new TreeMap<>();
        for (Twin t : backend.twins().twins()) {
            types.putIfAbsent(t.type().name(), t.type());
        }
        return types;
    }

    void list(Context ctx) {
        ctx.json(types().values().stream().map(t -> Map.of("name", t.name(), "description", t.description())).toList());
    }

    void get(Context ctx) {
        String name = ctx.pathParam("name");
        Map<String, AssetType> types = types();
        AssetType type = types.get(name);
        if (type == null) {
            throw ApiException.notFound("no asset type '" + name + "' among the twins; known: " + types.keySet());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", type.name());
        body.put("description", type.description());
        List<Map<String, Object>> components = type.components().stream().map(AssetTypesEndpoints::component).toList();
        body.put("components", components);
        ctx.json(body);
    }

    private static Map<String, Object> component(ComponentType c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("description", c.description());
        m.put("channels", c.channels().stream().map(AssetTypesEndpoints::channel).toList());
        return m;
    }

    private static Map<String, Object> channel(ChannelSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("unit", s.unit());
        m.put("type", s.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("normal", range(s.normal()));
        m.put("physical", range(s.physical()));
        Map<String, Object> limits = new LinkedHashMap<>();
        put(limits, "lowAlarm", s.limits().lowAlarm());
        put(limits, "lowWarning", s.limits().lowWarning());
        put(limits, "highWarning", s.limits().highWarning());
        put(limits, "highAlarm", s.limits().highAlarm());
        m.put("limits", limits);
        if (!s.states().isEmpty()) {
            m.put("states", s.states());
        }
        s.writable().ifPresent(w -> {
            Map<String, Object> wm = new LinkedHashMap<>();
            wm.put("min", w.min());
            wm.put("max", w.max());
            wm.put("step", w.step());
            wm.put("requiresState", w.requiresState());
            wm.put("confirm", w.confirm().id());
            m.put("writable", wm);
        });
        return m;
    }

    private static Map<String, Object> range(Range r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", Double.isFinite(r.min()) ? r.min() : null);
        m.put("max", Double.isFinite(r.max()) ? r.max() : null);
        return m;
    }

    private static void put(Map<String, Object> m, String key, OptionalDouble v) {
        if (v.isPresent()) {
            m.put(key, v.getAsDouble());
        }
    }
}
