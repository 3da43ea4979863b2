package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.registry.PromoteOutcome;
import io.minetwin.analytics.registry.RegistryException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/models}: the model registry's versions, and promoting and rolling back.
 *
 * <p>A version is named {@code <asset type>.<component>@<version>}, e.g. {@code electric-shovel.hoist-motor@3}.
 * Evaluations are rendered field by field from the record, so figures added to it later appear without a
 * change here.
 */
final class ModelsEndpoints {

    private final ApiBackend backend;

    ModelsEndpoints(ApiBackend backend) {
        this.backend = backend;
    }

    private ModelRegistry registry() {
        return backend.models().orElseThrow(() -> new ApiException(503, "unavailable",
                "this engine has no model registry; it is kept in the data directory's models/ folder", null));
    }

    void list(Context ctx) {
        String type = ctx.queryParam("type");
        Map<String, List<ModelVersion>> byKey = new TreeMap<>();
        for (ModelVersion v : registry().list()) {
            if (type == null || v.key().startsWith(type + ".")) {
                byKey.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(v);
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        byKey.forEach((key, versions) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("active", versions.stream().filter(v -> v.state().name().equals("ACTIVE"))
                    .map(ModelVersion::id).findFirst().orElse(null));
            m.put("versions", versions.stream().map(ModelsEndpoints::json).toList());
            items.add(m);
        });
        ctx.json(Map.of("items", items));
    }

    void get(Context ctx) {
        Id id = id(ctx.pathParam("id"), false);
        ModelRegistry registry = registry();
        if (id.version().isPresent()) {
            ctx.json(json(version(registry, id.key(), id.version().get())));
            return;
        }
        List<ModelVersion> versions = registry.versions(id.key());
        if (versions.isEmpty()) {
            throw ApiException.notFound("no model versions of " + id.key() + "; GET /api/models lists them");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", id.key());
        m.put("active", registry.active(id.key()).map(ModelVersion::id).orElse(null));
        m.put("versions", versions.stream().map(ModelsEndpoints::json).toList());
        ctx.json(m);
    }

    private volatile io.minetwin.analytics.monitor.ModelMonitor monitor;

    /** The monitor over this engine's registry, event log and twins, and the drift counts the scorer keeps. */
    private io.minetwin.analytics.monitor.ModelMonitor monitor(ModelRegistry registry) {
        if (monitor == null) {
            monitor = monitor(registry, backend.events(), backend.twins(), backend.clock());
        }
        return monitor;
    }

    /** A monitor over {@code registry}, with drift counts from the folder beside it ({@code <data>/monitor}). */
    static io.minetwin.analytics.monitor.ModelMonitor monitor(ModelRegistry registry, io.minetwin.model.EventLog events,
                                                              io.minetwin.model.TwinRepository twins,
                                                              java.time.Clock clock) {
        return new io.minetwin.analytics.monitor.ModelMonitor(registry, events,
                type -> twins.twins().stream().filter(t -> t.type().name().equals(type))
                        .map(io.minetwin.model.Twin::id).toList(),
                new io.minetwin.analytics.monitor.DriftTracker(registry.root().resolveSibling("monitor")),
                io.minetwin.analytics.monitor.MonitorPolicy.defaults(), clock);
    }

    void monitor(Context ctx) {
        Id id = id(ctx.pathParam("id"), false);
        ModelRegistry registry = registry();
        if (registry.versions(id.key()).isEmpty()) {
            throw ApiException.notFound("no model versions of " + id.key() + "; GET /api/models lists them");
        }
        Optional<ModelVersion> active = registry.active(id.key());
        if (id.version().isPresent() && (active.isEmpty() || active.get().version() != id.version().get())) {
            throw ApiException.notFound(id.key() + "@" + id.version().get() + " is not the active version; only the"
                    + " active version (" + active.map(ModelVersion::id).orElse("none") + ") is monitored");
        }
        Optional<io.minetwin.analytics.monitor.ModelMonitor.Report> report;
        try {
            report = monitor(registry).report(id.key());
        } catch (RegistryException e) {
            throw new ApiException(409, "conflict", e.getMessage(), null);
        }
        if (report.isEmpty()) {
            throw ApiException.notFound(id.key() + " has no active component forecast model to monitor; promote one"
                    + " (POST /api/models/{id}/promote) or train one (POST /api/train)");
        }
        ctx.json(report.get().toMap());
    }

    void promote(Context ctx) {
        Id id = id(ctx.pathParam("id"), true);
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of("force"));
        JsonNode forceNode = body.get("force");
        if (forceNode != null && !forceNode.isBoolean() && !forceNode.isNull()) {
            throw ApiException.badRequest("force", "'force' must be true or false");
        }
        boolean force = Requests.bool(ctx, "force") || (forceNode != null && forceNode.asBoolean());
        ModelRegistry registry = registry();
        version(registry, id.key(), id.version().get());
        PromoteOutcome outcome = registry.promote(id.key(), id.version().get(), force);
        if (outcome instanceof PromoteOutcome.Refused refused) {
            throw new ApiException(409, "refused", refused.reason().replace("pass --force", "send {\"force\": true}"),
                    null);
        }
        PromoteOutcome.Promoted promoted = (PromoteOutcome.Promoted) outcome;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", json(promoted.active()));
        m.put("previous", promoted.previous() == 0 ? null : id.key() + "@" + promoted.previous());
        ctx.json(m);
    }

    void rollback(Context ctx) {
        Id id = id(ctx.pathParam("id"), false);
        ModelRegistry registry = registry();
        if (registry.versions(id.key()).isEmpty()) {
            throw ApiException.notFound("no model versions of " + id.key() + "; GET /api/models lists them");
        }
        if (id.version().isPresent()) {
            Optional<ModelVersion> active = registry.active(id.key());
            if (active.isEmpty() || active.get().version() != id.version().get()) {
                throw new ApiException(409, "conflict", id.key() + "@" + id.version().get() + " is not the active"
                        + " version (" + active.map(ModelVersion::id).orElse("none is") + "); roll back "
                        + id.key() + " to leave the active version", null);
            }
        }
        try {
            ctx.json(Map.of("active", json(registry.rollback(id.key()))));
        } catch (RegistryException e) {
            throw new ApiException(409, "conflict", e.getMessage(), null);
        }
    }

    private static ModelVersion version(ModelRegistry registry, String key, int version) {
        try {
            return registry.get(key, version);
        } catch (RegistryException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    /** A model id: {@code key} or {@code key@version}. */
    record Id(String key, Optional<Integer> version) {
    }

    static Id id(String text, boolean versionRequired) {
        String key = text;
        Optional<Integer> version = Optional.empty();
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            key = text.substring(0, at);
            try {
                version = Optional.of(Integer.parseInt(text.substring(at + 1)));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("id", "'" + text + "': the version after '@' must be a number, e.g."
                        + " electric-shovel.hoist-motor@3");
            }
        }
        int dot = key.indexOf('.');
        try {
            if (dot <= 0) {
                throw new IllegalArgumentException("it must be <asset type>.<component>");
            }
            ModelRegistry.key(key.substring(0, dot), key.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", "model id '" + text + "' is not valid (" + e.getMessage()
                    + "); write <asset type>.<component>@<version>, e.g. electric-shovel.hoist-motor@3");
        }
        if (versionRequired && version.isEmpty()) {
            throw ApiException.badRequest("id", "'" + text + "' names no version; write " + key + "@<version>,"
                    + " e.g. " + key + "@2");
        }
        return new Id(key, version);
    }

    static Map<String, Object> json(ModelVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("key", v.key());
        m.put("version", v.version());
        m.put("state", v.state().name().toLowerCase(Locale.ROOT));
        m.put("created", v.created().toString());
        m.put("trainedFrom", v.trainedFrom().toString());
        m.put("trainedTo", v.trainedTo().toString());
        m.put("assets", v.assets());
        m.put("labels", new TreeMap<>(v.labels()));
        m.put("features", v.features());
        m.put("evaluation", v.evaluation().map(ModelsEndpoints::fields).orElse(null));
        m.put("provenance", new TreeMap<>(v.provenance()));
        m.put("sha256", v.sha256());
        return m;
    }

    /** A record's components as a map, optionals unwrapped and non-finite numbers as null. */
    static Map<String, Object> fields(Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                m.put(c.getName(), plain(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                m.put(c.getName(), null);
            }
        }
        return m;
    }

    private static Object plain(Object v) {
        if (v instanceof Optional<?> o) {
            return o.map(ModelsEndpoints::plain).orElse(null);
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? plain(o.getAsDouble()) : null;
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? o.getAsInt() : null;
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? f : null;
        }
        if (v instanceof Record rec) {
            return fields(rec);
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(ModelsEndpoints::plain).toList();
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof String || v == null) {
            return v;
        }
        return v.toString();
    }
}
