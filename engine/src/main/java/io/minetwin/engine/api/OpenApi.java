package io.minetwin.engine.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds the OpenAPI 3 document from the route table, so it always lists what is served. */
final class OpenApi {
    /** Routes that answer other than 200 on success. */
    private static final Map<String, String> SUCCESS = Map.of(
            "POST /api/alerts/{id}/ack", "201",
            "POST /api/maintenance", "201",
            "POST /api/train", "202",
            "POST /api/twins/{id}/commands", "201",
            "POST /api/commands/{id}/confirm", "201");

    private OpenApi() {
    }

    static Map<String, Object> document(List<ApiServer.Route> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of(
                "title", "minetwin API",
                "version", String.valueOf(OpenApi.class.getPackage().getImplementationVersion()),
                "description", "Live digital twins of mining equipment. Every endpoint needs"
                        + " 'Authorization: Bearer <token>'; x-roles lists the roles it admits."));
        doc.put("components", Map.of(
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
                "schemas", Map.of("Error", Map.of("type", "object", "required", List.of("status", "error", "message"),
                        "properties", Map.of(
                                "status", Map.of("type", "integer"),
                                "error", Map.of("type", "string"),
                                "message", Map.of("type", "string", "description", "what was wrong and the fix"),
                                "field", Map.of("type", "string", "description", "the parameter at fault"))))));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        Map<String, Object> paths = new TreeMap<>();
        for (ApiServer.Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), p -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", route.summary());
            op.put("x-roles", route.roles().stream().map(Role::id).sorted().toList());
            op.put("parameters", route.params().stream().map(p -> Map.of(
                    "name", p.name(), "in", p.in(), "required", p.required(), "description", p.description(),
                    "schema", Map.of("type", "string"))).toList());
            if (route.body() != null) {
                op.put("requestBody", Map.of("required", !((List<?>) route.body().get("required")).isEmpty(), "content",
                        Map.of("application/json", Map.of("schema", route.body()))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            String key = route.method().name() + " " + route.path();
            responses.put(SUCCESS.getOrDefault(key, "200"), Map.of("description",
                    SUCCESS.containsKey(key) && SUCCESS.get(key).equals("202") ? "Accepted: the job, to follow on GET /api/jobs/{id}"
                            : SUCCESS.containsKey(key) ? "Created" : "OK"));
            Map<String, Object> error = Map.of("description", "error", "content",
                    Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
            responses.put("400", error);
            responses.put("401", error);
            responses.put("403", error);
            responses.put("404", error);
            if (route.method() == io.javalin.http.HandlerType.POST) {
                responses.put("409", error);
                responses.put("503", error);
            }
            if (key.endsWith("/commands") || key.endsWith("/confirm")) {
                responses.put("202", Map.of("description", "Accepted: the command awaits confirmation by a second user"));
                responses.put("502", error);
            }
            op.put("responses", responses);
            item.put(route.method().name().toLowerCase(Locale.ROOT), op);
        }
        doc.put("paths", paths);
        return doc;
    }
}
