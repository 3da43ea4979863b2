package io.minetwin.connectors.ditto;

import java.util.List;
import java.util.Map;
import org.eclipse.ditto.json.JsonArrayBuilder;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;

/** Plain JDK JSON, as {@link io.minetwin.model.DittoThing} writes it, converted to Ditto's JSON. */
public final class DittoJson {

    private DittoJson() {
    }

    /**
     * Maps, lists, strings, numbers, booleans and {@code null} as Ditto JSON; a NaN or infinite number
     * becomes {@code null}, anything else its string form.
     */
    public static JsonValue of(Object value) {
        if (value == null) {
            return JsonFactory.nullLiteral();
        }
        if (value instanceof Map<?, ?> m) {
            JsonObjectBuilder b = JsonFactory.newObjectBuilder();
            m.forEach((k, v) -> b.set(JsonFactory.newKey(String.valueOf(k)), of(v)));
            return b.build();
        }
        if (value instanceof List<?> l) {
            JsonArrayBuilder b = JsonFactory.newArrayBuilder();
            l.forEach(v -> b.add(of(v)));
            return b.build();
        }
        if (value instanceof String s) {
            return JsonValue.of(s);
        }
        if (value instanceof Boolean bool) {
            return JsonValue.of(bool);
        }
        if (value instanceof Integer i) {
            return JsonValue.of(i);
        }
        if (value instanceof Long l) {
            return JsonValue.of(l);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? JsonValue.of(d) : JsonFactory.nullLiteral();
        }
        return JsonValue.of(String.valueOf(value));
    }
}
