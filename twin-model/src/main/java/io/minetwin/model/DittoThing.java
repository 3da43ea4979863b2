package io.minetwin.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A twin as an Eclipse Ditto thing, in plain JDK types ({@code Map<String, Object>} in a stable key
 * order, {@code List}, {@code String}, {@code Double}, {@code Long}, {@code Boolean}), ready for any
 * JSON writer. It is also the snapshot format, so {@link #fromMap} reads back what {@link #toMap} writes.
 *
 * <pre>{@code
 * {"thingId": "baiyun:shovel-07",
 *  "attributes": {"assetType": "electric-shovel", "model": "...", "site": "...", "serial": "...",
 *                 "commissioned": "2019-06-14", "suppliers": {"hoist-motor": "..."},
 *                 "parent": {"thingId": "...", "component": "...", "position": "..."}},
 *  "features": {"hoist-motor": {"properties": {"winding-temp": {
 *      "value": 96.5, "unit": "degC", "sourceTime": "2026-01-05T08:00:00Z", "receiveTime": "...",
 *      "quality": "good" | {"level": "bad", "reason": "..."},
 *      "limitState": "normal",
 *      "lastGood": {"value": ..., "sourceTime": ..., "receiveTime": ...}},
 *    "health": {"time": "...", "score": 72.5, "failureProbability": {"72h": 0.04, "7d": 0.21},
 *      "rul": {"hours": 410.0, "lowerHours": 250.0, "upperHours": 610.0}, "alertLevel": "watch",
 *      "topSignals": [{"feature": "...", "label": "...", "weight": 0.4}], "modelVersion": "...", "basis": "model"}}}}}
 * }</pre>
 * {@code health} is the component's latest forecast and appears only once one was made; no channel may
 * be called {@code health}.
 * Empty attributes are left out. Every component of the type appears under {@code features}; only
 * channels that have a reading appear under {@code properties}. A NaN or infinite value is written as
 * {@code null}. {@code limitState} is left out where limits do not apply; {@code lastGood} appears only
 * when the latest reading is not good and an earlier good one exists.
 */
public final class DittoThing {

    private DittoThing() {
    }

    /** The result of {@link #fromMap}: the twin and the channels that could not be restored, with why. */
    public record Read(Twin twin, List<String> skipped) {
        public Read {
            skipped = List.copyOf(skipped);
        }
    }

    public static Map<String, Object> toMap(Twin twin) {
        var thing = new LinkedHashMap<String, Object>();
        thing.put("thingId", twin.id().toString());
        thing.put("attributes", attributes(twin.definition()));
        var features = new LinkedHashMap<String, Object>();
        for (ComponentType component : twin.type().components()) {
            var properties = new LinkedHashMap<String, Object>();
            for (ChannelSpec spec : component.channels()) {
                twin.channel(component.name(), spec.name()).ifPresent(state ->
                        properties.put(spec.name(), channel(spec, state)));
            }
            twin.health(component.name()).ifPresent(h -> properties.put(HEALTH, health(h)));
            features.put(component.name(), new LinkedHashMap<>(Map.of("properties", properties)));
        }
        thing.put("features", features);
        return thing;
    }

    /** The property under which a component's forecast appears; reserved, so no channel may take it. */
    public static final String HEALTH = "health";

    /** A forecast as a JSON-ready map, the form used under {@code properties.health}. */
    public static Map<String, Object> health(ComponentHealth h) {
        var m = new LinkedHashMap<String, Object>();
        m.put("time", h.time().toString());
        m.put("score", h.score());
        m.put("failureProbability", new LinkedHashMap<>(h.failureProbability()));
        h.rul().ifPresent(r -> {
            var rul = new LinkedHashMap<String, Object>();
            rul.put("hours", r.hours());
            rul.put("lowerHours", r.lowerHours());
            rul.put("upperHours", r.upperHours());
            m.put("rul", rul);
        });
        m.put("alertLevel", h.alert().id());
        var signals = new ArrayList<Object>();
        for (ComponentHealth.Signal sig : h.topSignals()) {
            var sm = new LinkedHashMap<String, Object>();
            sm.put("feature", sig.feature());
            sm.put("label", sig.label());
            sm.put("weight", sig.weight());
            signals.add(sm);
        }
        m.put("topSignals", signals);
        m.put("modelVersion", h.modelVersion());
        m.put("basis", h.basis().id());
        return m;
    }

    /**
     * Reads what {@link #health(ComponentHealth)} writes.
     *
     * @throws IllegalArgumentException naming {@code path} and the rule, if it is malformed
     */
    public static ComponentHealth readHealth(Map<String, ?> m, String path) {
        Instant time = instant(m, path, "time");
        double score = number(m.get("score"), path + ".score");
        var probabilities = new LinkedHashMap<String, Double>();
        if (m.get("failureProbability") != null) {
            object(m.get("failureProbability"), path + ".failureProbability").forEach((k, v) ->
                    probabilities.put(k, number(v, path + ".failureProbability." + k)));
        }
        Optional<ComponentHealth.Rul> rul = Optional.empty();
        if (m.get("rul") != null) {
            Map<String, ?> r = object(m.get("rul"), path + ".rul");
            rul = Optional.of(parse(path + ".rul", () -> new ComponentHealth.Rul(
                    number(r.get("hours"), path + ".rul.hours"), number(r.get("lowerHours"), path + ".rul.lowerHours"),
                    number(r.get("upperHours"), path + ".rul.upperHours"))));
        }
        AlertLevel level = parse(path + ".alertLevel", () -> AlertLevel.parse(string(m, path, "alertLevel")));
        var signals = new ArrayList<ComponentHealth.Signal>();
        if (m.get("topSignals") != null) {
            if (!(m.get("topSignals") instanceof List<?> list)) {
                throw new IllegalArgumentException(path + ".topSignals: expected an array");
            }
            for (int i = 0; i < list.size(); i++) {
                String sp = path + ".topSignals[" + i + "]";
                Map<String, ?> sm = object(list.get(i), sp);
                signals.add(parse(sp, () -> new ComponentHealth.Signal(string(sm, sp, "feature"),
                        string(sm, sp, "label"), number(sm.get("weight"), sp + ".weight"))));
            }
        }
        String model = string(m, path, "modelVersion");
        // Forecasts written before the basis was recorded were all made by models.
        ComponentHealth.Basis basis = m.get("basis") == null ? ComponentHealth.Basis.MODEL
                : parse(path + ".basis", () -> ComponentHealth.Basis.parse(string(m, path, "basis")));
        var rulFinal = rul;
        return parse(path, () -> new ComponentHealth(time, score, probabilities, rulFinal, level, signals, model,
                basis));
    }

    private static double number(Object json, String path) {
        if (json instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(path + ": expected a number, got " + json);
    }

    private static Map<String, Object> attributes(TwinDefinition d) {
        var a = new LinkedHashMap<String, Object>();
        TwinAttributes attrs = d.attributes();
        a.put("assetType", d.type().name());
        putIfNotEmpty(a, "model", attrs.model());
        putIfNotEmpty(a, "site", attrs.site());
        putIfNotEmpty(a, "area", attrs.area());
        putIfNotEmpty(a, "serial", attrs.serial());
        attrs.commissioned().ifPresent(date -> a.put("commissioned", date.toString()));
        if (!attrs.suppliers().isEmpty()) {
            a.put("suppliers", new LinkedHashMap<>(attrs.suppliers()));
        }
        attrs.parent().ifPresent(p -> {
            var parent = new LinkedHashMap<String, Object>();
            parent.put("thingId", p.twin().toString());
            parent.put("component", p.component());
            putIfNotEmpty(parent, "position", p.position());
            a.put("parent", parent);
        });
        return a;
    }

    private static Map<String, Object> channel(ChannelSpec spec, ChannelState state) {
        Reading latest = state.latest();
        var m = new LinkedHashMap<String, Object>();
        m.put("value", json(spec, latest.value()));
        putIfNotEmpty(m, "unit", spec.unit());
        m.put("sourceTime", latest.sourceTime().toString());
        m.put("receiveTime", latest.receiveTime().toString());
        latest.serverTime().ifPresent(t -> m.put("serverTime", t.toString()));
        m.put("quality", quality(latest.quality()));
        if (latest.quality().level() != QualityLevel.BAD) {
            LimitState limit = spec.limitState(latest.value());
            if (limit != LimitState.NOT_APPLICABLE) {
                m.put("limitState", limit.id());
            }
        }
        if (!latest.isGood() && state.lastGood().isPresent()) {
            Reading good = state.lastGood().get();
            var g = new LinkedHashMap<String, Object>();
            g.put("value", json(spec, good.value()));
            g.put("sourceTime", good.sourceTime().toString());
            g.put("receiveTime", good.receiveTime().toString());
            m.put("lastGood", g);
        }
        return m;
    }

    private static Object json(ChannelSpec spec, Value value) {
        if (value instanceof Value.Num n) {
            if (!Double.isFinite(n.value())) {
                return null;
            }
            return spec.type() == ValueType.INTEGER ? (Object) (long) n.value() : (Object) n.value();
        }
        if (value instanceof Value.Bool b) {
            return b.value();
        }
        return ((Value.Text) value).value();
    }

    private static Object quality(Quality q) {
        if (q instanceof Quality.Good) {
            return "good";
        }
        var m = new LinkedHashMap<String, Object>();
        m.put("level", q.level().name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", q instanceof Quality.Bad b ? b.reason() : ((Quality.Uncertain) q).reason());
        return m;
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, String value) {
        if (!value.isEmpty()) {
            m.put(key, value);
        }
    }

    /**
     * Reads a thing written by {@link #toMap}. The asset type comes from {@code attributes.assetType}
     * through {@code types}; channels the type no longer has, or whose value no longer fits, are skipped
     * and listed in the result rather than failing the whole twin.
     *
     * @throws IllegalArgumentException naming the JSON path and the rule, if the thing is malformed
     */
    public static Read fromMap(Map<String, ?> thing, Function<String, Optional<AssetType>> types) {
        TwinId id = parse("$.thingId", () -> TwinId.parse(string(thing, "$", "thingId")));
        Map<String, ?> attrs = object(thing.get("attributes"), "$.attributes");
        String typeName = string(attrs, "$.attributes", "assetType");
        AssetType type = types.apply(typeName).orElseThrow(() -> new IllegalArgumentException(
                "$.attributes.assetType: asset type '" + typeName + "' of " + id + " is not declared;"
                        + " declare it or remove the snapshot"));
        var suppliers = new LinkedHashMap<String, String>();
        if (attrs.get("suppliers") != null) {
            object(attrs.get("suppliers"), "$.attributes.suppliers").forEach((k, v) ->
                    suppliers.put(k, String.valueOf(v)));
        }
        Optional<ParentLink> parent = Optional.empty();
        if (attrs.get("parent") != null) {
            Map<String, ?> p = object(attrs.get("parent"), "$.attributes.parent");
            parent = Optional.of(parse("$.attributes.parent", () -> new ParentLink(
                    TwinId.parse(string(p, "$.attributes.parent", "thingId")),
                    string(p, "$.attributes.parent", "component"), optionalString(p, "position"))));
        }
        Optional<LocalDate> commissioned = Optional.ofNullable(optionalString(attrs, "commissioned"))
                .map(s -> parse("$.attributes.commissioned", () -> LocalDate.parse(s)));
        var attributes = new TwinAttributes(optionalString(attrs, "model"), optionalString(attrs, "site"),
                optionalString(attrs, "serial"), commissioned, suppliers, parent, optionalString(attrs, "area"));
        var skipped = new ArrayList<String>();
        var definition = parse("$.attributes", () -> new TwinDefinition(id, type, retainKnown(attributes, type,
                skipped)));

        var channels = new LinkedHashMap<String, Map<String, ChannelState>>();
        var health = new LinkedHashMap<String, ComponentHealth>();
        Map<String, ?> features = thing.get("features") == null ? Map.of() : object(thing.get("features"), "$.features");
        features.forEach((componentName, feature) -> {
            String fpath = "$.features." + componentName;
            Map<String, ?> props = object(object(feature, fpath).get("properties") == null ? Map.of()
                    : object(feature, fpath).get("properties"), fpath + ".properties");
            var component = type.component(componentName);
            props.forEach((channelName, value) -> {
                String path = fpath + ".properties." + channelName;
                if (HEALTH.equals(channelName)) {
                    if (component.isEmpty()) {
                        skipped.add(componentName + ".health: asset type '" + type.name() + "' has no such component");
                    } else {
                        health.put(componentName, readHealth(object(value, path), path));
                    }
                    return;
                }
                var spec = component.flatMap(c -> c.channel(channelName));
                if (spec.isEmpty()) {
                    skipped.add(componentName + "." + channelName + ": asset type '" + type.name()
                            + "' has no such channel");
                    return;
                }
                try {
                    channels.computeIfAbsent(componentName, k -> new LinkedHashMap<>())
                            .put(channelName, readChannel(spec.get(), object(value, path), path));
                } catch (ValueMismatch e) {
                    skipped.add(componentName + "." + channelName + ": " + e.getMessage());
                }
            });
        });
        return new Read(new Twin(definition, channels, health), skipped);
    }

    private static TwinAttributes retainKnown(TwinAttributes a, AssetType type, List<String> skipped) {
        var suppliers = new LinkedHashMap<String, String>();
        a.suppliers().forEach((component, supplier) -> {
            if (type.component(component).isPresent()) {
                suppliers.put(component, supplier);
            } else {
                skipped.add("suppliers." + component + ": asset type '" + type.name() + "' has no such component");
            }
        });
        return a.withSuppliers(suppliers);
    }

    private static ChannelState readChannel(ChannelSpec spec, Map<String, ?> m, String path) {
        Value value = value(spec, m.get("value"), path + ".value");
        Quality quality = readQuality(m.get("quality"), path + ".quality");
        if (quality.level() != QualityLevel.BAD && value instanceof Value.Num n && !Double.isFinite(n.value())) {
            throw new IllegalArgumentException(path + ".value: null with quality "
                    + quality.level().name().toLowerCase(java.util.Locale.ROOT) + "; only a bad reading may lack a value");
        }
        Optional<Instant> serverTime = m.get("serverTime") == null ? Optional.empty()
                : Optional.of(instant(m, path, "serverTime"));
        var latest = new Reading(value, instant(m, path, "sourceTime"), instant(m, path, "receiveTime"), quality,
                serverTime);
        if (latest.isGood()) {
            return new ChannelState(latest, Optional.of(latest));
        }
        Optional<Reading> lastGood = Optional.empty();
        if (m.get("lastGood") != null) {
            String gpath = path + ".lastGood";
            Map<String, ?> g = object(m.get("lastGood"), gpath);
            Value gv = value(spec, g.get("value"), gpath + ".value");
            if (gv instanceof Value.Num n && !Double.isFinite(n.value())) {
                throw new IllegalArgumentException(gpath + ".value: a good reading needs a finite value");
            }
            lastGood = Optional.of(new Reading(gv, instant(g, gpath, "sourceTime"), instant(g, gpath, "receiveTime"),
                    Quality.GOOD));
        }
        Optional<Reading> good = lastGood;
        return parse(path, () -> new ChannelState(latest, good));
    }

    private static Value value(ChannelSpec spec, Object json, String path) {
        switch (spec.type()) {
            case NUMBER, INTEGER -> {
                if (json == null) {
                    return Value.of(Double.NaN);
                }
                if (json instanceof Number n) {
                    return Value.of(n.doubleValue());
                }
            }
            case BOOLEAN -> {
                if (json instanceof Boolean b) {
                    return Value.of(b);
                }
            }
            case STATE -> {
                if (json instanceof String s) {
                    return Value.of(s);
                }
            }
        }
        throw new ValueMismatch("value " + json + " at " + path + " does not fit a " + spec.type().id() + " channel");
    }

    private static Quality readQuality(Object json, String path) {
        if ("good".equals(json)) {
            return Quality.GOOD;
        }
        if (json instanceof Map<?, ?> m && m.get("level") instanceof String level && m.get("reason") instanceof String r) {
            return switch (level) {
                case "uncertain" -> Quality.uncertain(r);
                case "bad" -> Quality.bad(r);
                default -> throw new IllegalArgumentException(path + ".level: '" + level
                        + "' is not one of uncertain, bad");
            };
        }
        throw new IllegalArgumentException(path + ": " + json
                + " is not a quality; expected \"good\" or {\"level\": \"bad\", \"reason\": \"...\"}");
    }

    private static Instant instant(Map<String, ?> m, String path, String key) {
        String s = string(m, path, key);
        return parse(path + "." + key, () -> Instant.parse(s));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> object(Object json, String path) {
        if (json instanceof Map<?, ?> m) {
            return (Map<String, ?>) m;
        }
        throw new IllegalArgumentException(path + ": expected an object but was " + (json == null ? "missing" : json));
    }

    private static String string(Map<String, ?> m, String path, String key) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(path + "." + key + ": expected a string but was "
                + (v == null ? "missing" : v));
    }

    private static String optionalString(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    /** Runs {@code f}, prefixing the message of a rule it breaks with {@code path}. */
    private static <T> T parse(String path, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + ": '" + e.getParsedString() + "' is not ISO-8601, e.g. "
                    + "'2026-01-05T08:00:00Z' or '2019-06-14'", e);
        } catch (ValueMismatch e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    /** A stored value no longer fits the channel's type; the channel is skipped, not the twin. */
    private static final class ValueMismatch extends IllegalArgumentException {
        ValueMismatch(String message) {
            super(message);
        }
    }
}
