package io.minetwin.engine.config;

import io.minetwin.engine.config.YamlNode.Entry;
import io.minetwin.engine.config.YamlNode.Location;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.DutySpec;
import io.minetwin.model.LifeSpec;
import io.minetwin.model.Limits;
import io.minetwin.model.Range;
import io.minetwin.model.SpecException;
import io.minetwin.model.ValueType;
import io.minetwin.model.Writable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads asset type files ({@code config/asset-types/*.yaml}, schema in {@code config/README.md}) into
 * {@link AssetType}s. Every problem is reported with file, line, column and key path.
 */
public final class AssetTypeLoader {

    private static final List<String> TYPE_KEYS = List.of("name", "description", "components");
    private static final List<String> COMPONENT_KEYS = List.of("description", "channels", "same-as", "life");
    private static final List<String> LIFE_KEYS = List.of("shape", "scale", "suppliers", "duty");
    private static final List<String> DUTY_KEYS = List.of("channel", "nominal", "exponent");
    private static final List<String> CHANNEL_KEYS =
            List.of("unit", "type", "description", "normal", "warning", "alarm", "physical", "states", "writable");
    private static final List<String> WRITABLE_KEYS = List.of("min", "max", "step", "requires-state", "confirm");
    private static final List<String> RANGE_KEYS = List.of("min", "max");
    private static final List<String> LIMIT_KEYS = List.of("low", "high");

    private AssetTypeLoader() {
    }

    /**
     * Loads every {@code *.yaml} / {@code *.yml} file of {@code dir}.
     *
     * @return asset types by name, in name order
     * @throws ConfigException listing the problems of all files
     */
    public static Map<String, AssetType> loadDirectory(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new ConfigException.Problem(dir, 0, 0, "",
                    "asset type folder cannot be read (" + e.getClass().getSimpleName() + "); check 'asset-types'"));
        }
        if (files.isEmpty()) {
            throw new ConfigException(new ConfigException.Problem(dir, 0, 0, "",
                    "no asset type files (*.yaml) in this folder; add one per kind of equipment"));
        }
        var types = new TreeMap<String, AssetType>();
        var problems = new ArrayList<ConfigException.Problem>();
        for (Path f : files) {
            try {
                AssetType t = load(f);
                types.put(t.name(), t);
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.subList(0, Math.min(problems.size(), ConfigException.MAX_PROBLEMS)));
        }
        return Collections.unmodifiableMap(types);
    }

    /**
     * Loads one asset type file; its {@code name} must match the file name.
     *
     * @throws ConfigException listing every problem found
     */
    public static AssetType load(Path file) {
        var cf = new ConfigFile(file);
        YamlNode root = YamlNode.read(file);
        AssetType type = cf.mapping(root, "").map(m -> read(cf, m)).orElse(null);
        cf.throwIfProblems();
        return type;
    }

    private static AssetType read(ConfigFile cf, Mapping root) {
        cf.checkKeys(root, "", TYPE_KEYS, List.of());
        String stem = cf.file().getFileName().toString().replaceFirst("\\.ya?ml$", "");
        Optional<Entry> nameEntry = cf.required(root, "", "name", stem);
        String name = nameEntry.flatMap(e -> cf.text(e, "name")).orElse(null);
        if (name != null && !name.equals(stem)) {
            cf.problem(nameEntry.get().value().location(), "name", "'" + name + "' differs from the file name '"
                    + cf.file().getFileName() + "'; name the file " + name + ".yaml or change 'name'");
        }
        String description = cf.optionalText(root, "", "description").orElse("");
        var components = new ArrayList<ComponentType>();
        cf.required(root, "", "components", "{hoist-motor: {channels: {...}}}")
                .flatMap(e -> cf.mapping(e.value(), "components"))
                .ifPresent(m -> components.addAll(components(cf, m)));
        if (cf.hasProblems() || name == null) {
            return null;
        }
        try {
            return new AssetType(name, description, components);
        } catch (SpecException e) {
            String message = e.getMessage().startsWith(e.field() + ": ")
                    ? e.getMessage().substring(e.field().length() + 2) : e.getMessage();
            cf.problem(locate(root, e.field()).orElse(root.location()), e.field(), message);
            return null;
        }
    }

    private static List<ComponentType> components(ConfigFile cf, Mapping m) {
        if (m.entries().isEmpty()) {
            cf.problem(m.location(), "components", "no components; declare at least one");
        }
        // Read declared components first so that 'same-as' may refer forward.
        var declared = new LinkedHashMap<String, ComponentType>();
        var sameAs = new LinkedHashMap<String, Entry>();
        for (Entry e : m.entries().values()) {
            String path = "components." + e.key();
            var cm = cf.mapping(e.value(), path);
            if (cm.isEmpty()) {
                continue;
            }
            Mapping c = cm.get();
            cf.checkKeys(c, path, COMPONENT_KEYS, List.of());
            String description = cf.optionalText(c, path, "description").orElse("");
            Entry like = c.entries().get("same-as");
            Entry channels = c.entries().get("channels");
            if (like != null && channels != null) {
                cf.problem(like.keyLocation(), path + ".same-as", "a component either copies another's channels"
                        + " with 'same-as' or declares 'channels', not both; remove one");
                continue;
            }
            if (like != null) {
                sameAs.put(e.key(), like);
                declared.put(e.key(), null);
                continue;
            }
            if (channels == null) {
                cf.problem(c.location(), path + ".channels", "missing; declare the component's channels,"
                        + " or copy another component's with 'same-as: <component>'");
                continue;
            }
            var specs = cf.mapping(channels.value(), path + ".channels").map(cm2 -> channels(cf, path, cm2))
                    .orElse(List.of());
            declared.put(e.key(), build(cf, e, path, description, specs, life(cf, c, path, specs)));
        }
        for (var s : sameAs.entrySet()) {
            String path = "components." + s.getKey() + ".same-as";
            Entry like = s.getValue();
            Optional<String> target = cf.text(like, path);
            if (target.isEmpty()) {
                continue;
            }
            ComponentType original = declared.get(target.get());
            if (original == null) {
                var candidates = declared.entrySet().stream().filter(d -> d.getValue() != null)
                        .map(Map.Entry::getKey).toList();
                String hint = ConfigFile.closest(target.get(), candidates).map(x -> "did you mean '" + x + "'? ")
                        .orElse("");
                cf.problem(like.value().location(), path, "'" + target.get() + "' is not a component of this type"
                        + " that declares channels; " + hint + "components with channels: " + String.join(", ", candidates));
                continue;
            }
            Mapping c = (Mapping) m.entries().get(s.getKey()).value();
            String description = cf.optionalText(c, "components." + s.getKey(), "description")
                    .orElse(original.description());
            Optional<LifeSpec> life = c.entries().containsKey("life") ? life(cf, c, "components." + s.getKey(),
                    original.channels())
                    : original.life();
            declared.put(s.getKey(), build(cf, m.entries().get(s.getKey()), "components." + s.getKey(), description,
                    original.channels(), life));
        }
        return declared.values().stream().filter(c -> c != null).toList();
    }

    /**
     * A component's declared typical life, {@code life: {shape: 1.5, scale: 40000h, suppliers: {Siemens: 45000h}}}
     * (scale as a duration), optionally counted in a duty channel of the component ({@code duty: {channel:
     * fuel-rate, nominal: 110, exponent: 1}}), or empty when it declares none.
     */
    private static Optional<LifeSpec> life(ConfigFile cf, Mapping c, String componentPath, List<ChannelSpec> specs) {
        Entry e = c.entries().get("life");
        if (e == null) {
            return Optional.empty();
        }
        String path = componentPath + ".life";
        Optional<Mapping> lm = cf.mapping(e.value(), path);
        if (lm.isEmpty()) {
            return Optional.empty();
        }
        Mapping l = lm.get();
        cf.checkKeys(l, path, LIFE_KEYS, List.of());
        var shape = cf.required(l, path, "shape", "1.5").map(x -> cf.number(x, path + ".shape"));
        var scale = cf.required(l, path, "scale", "40000h").flatMap(x -> cf.duration(x, path + ".scale", false));
        var suppliers = new LinkedHashMap<String, Double>();
        Entry se = l.entries().get("suppliers");
        if (se != null) {
            cf.mapping(se.value(), path + ".suppliers").ifPresent(sm -> sm.entries().values().forEach(x ->
                    cf.duration(x, path + ".suppliers." + x.key(), false)
                            .ifPresent(d -> suppliers.put(x.key(), d.toMillis() / 3_600_000.0))));
        }
        Entry de = l.entries().get("duty");
        Optional<DutySpec> duty = Optional.empty();
        if (de != null) {
            Optional<Mapping> dm = cf.mapping(de.value(), path + ".duty");
            if (dm.isEmpty()) {
                return Optional.empty();
            }
            duty = duty(cf, dm.get(), path + ".duty", specs);
            if (duty.isEmpty()) {
                return Optional.empty();
            }
        }
        if (shape.isEmpty() || shape.get().isEmpty() || scale.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LifeSpec(shape.get().getAsDouble(), scale.get().toMillis() / 3_600_000.0, suppliers,
                    duty));
        } catch (SpecException ex) {
            cf.problem(l.location(), componentPath + "." + ex.field(), ex.getMessage());
            return Optional.empty();
        }
    }

    /** A life's duty, {@code {channel: fuel-rate, nominal: 110, exponent: 1}}: a numeric channel of the component. */
    private static Optional<DutySpec> duty(ConfigFile cf, Mapping d, String path, List<ChannelSpec> specs) {
        cf.checkKeys(d, path, DUTY_KEYS, List.of());
        var channel = cf.required(d, path, "channel", "fuel-rate");
        var nominal = cf.required(d, path, "nominal", "110").map(x -> cf.number(x, path + ".nominal"));
        var exponent = cf.optionalNumber(d, path, "exponent");
        if (channel.isEmpty() || nominal.isEmpty() || nominal.get().isEmpty()) {
            return Optional.empty();
        }
        if (!(channel.get().value() instanceof YamlNode.Scalar name)) {
            cf.problem(channel.get().value().location(), path + ".channel", "expected a channel name of the component,"
                    + " e.g. 'channel: fuel-rate'");
            return Optional.empty();
        }
        Optional<ChannelSpec> spec = specs.stream().filter(s -> s.name().equals(name.text())).findFirst();
        if (spec.isEmpty() || spec.get().type() != ValueType.NUMBER) {
            cf.problem(channel.get().value().location(), path + ".channel", "'" + name.text() + "' is not a numeric"
                    + " channel of this component; name one of its numeric channels ("
                    + String.join(", ", specs.stream().filter(s -> s.type() == ValueType.NUMBER)
                            .map(ChannelSpec::name).toList()) + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(new DutySpec(name.text(), nominal.get().getAsDouble(),
                    exponent.orElse(DutySpec.DEFAULT_EXPONENT)));
        } catch (SpecException ex) {
            cf.problem(d.location(), path + "." + ex.field().substring("life.duty.".length()), ex.getMessage());
            return Optional.empty();
        }
    }

    private static ComponentType build(ConfigFile cf, Entry e, String path, String description,
                                       List<ChannelSpec> specs, Optional<LifeSpec> life) {
        try {
            return new ComponentType(e.key(), description, specs, life);
        } catch (SpecException ex) {
            if (!cf.hasProblems()) {
                cf.problem(e.keyLocation(), path, ex.getMessage());
            }
            return null;
        }
    }

    private static List<ChannelSpec> channels(ConfigFile cf, String componentPath, Mapping m) {
        var specs = new ArrayList<ChannelSpec>();
        for (Entry e : m.entries().values()) {
            String path = componentPath + ".channels." + e.key();
            cf.mapping(e.value(), path).flatMap(c -> channel(cf, path, e, c)).ifPresent(specs::add);
        }
        return specs;
    }

    private static Optional<ChannelSpec> channel(ConfigFile cf, String path, Entry entry, Mapping c) {
        int before = cf.problems().size();
        cf.checkKeys(c, path, CHANNEL_KEYS, List.of());
        ValueType type = ValueType.NUMBER;
        Entry typeEntry = c.entries().get("type");
        if (typeEntry != null) {
            Optional<String> t = cf.text(typeEntry, path + ".type");
            if (t.isPresent()) {
                try {
                    type = ValueType.parse(t.get());
                } catch (IllegalArgumentException ex) {
                    String hint = ConfigFile.closest(t.get(), ids()).map(x -> "did you mean '" + x + "'? ").orElse("");
                    cf.problem(typeEntry.value().location(), path + ".type", "'" + t.get() + "' is not a value type; "
                            + hint + "use one of " + String.join(", ", ids()));
                }
            }
        }
        String unit = cf.optionalText(c, path, "unit").orElse("");
        String description = cf.optionalText(c, path, "description").orElse("");
        Range normal = range(cf, c, path, "normal");
        Range physical = range(cf, c, path, "physical");
        OptionalDouble[] warning = limits(cf, c, path, "warning");
        OptionalDouble[] alarm = limits(cf, c, path, "alarm");
        List<String> states = states(cf, c, path);
        Optional<Writable> writable = writable(cf, c, path);
        if (cf.problems().size() > before || normal == null || physical == null) {
            return Optional.empty();
        }
        try {
            var limits = new Limits(alarm[0], warning[0], warning[1], alarm[1]);
            return Optional.of(new ChannelSpec(entry.key(), unit, type, normal, limits, physical, states, description,
                    writable));
        } catch (SpecException ex) {
            String field = ex.field();
            String message = ex.getMessage().startsWith(field + ": ")
                    ? ex.getMessage().substring(field.length() + 2) : ex.getMessage();
            boolean isName = field.equals("name");
            cf.problem(isName ? entry.keyLocation() : locate(c, field).orElse(entry.keyLocation()),
                    isName ? path : path + "." + field, message);
            return Optional.empty();
        }
    }

    /**
     * {@code writable: {min, max, step, requires-state: [idle], confirm: two-person}}: how the channel may be
     * written back to the equipment; empty when the channel declares none (it is then never written).
     */
    private static Optional<Writable> writable(ConfigFile cf, Mapping c, String path) {
        Entry e = c.entries().get("writable");
        if (e == null) {
            return Optional.empty();
        }
        String wpath = path + ".writable";
        Optional<Mapping> wm = cf.mapping(e.value(), wpath);
        if (wm.isEmpty()) {
            return Optional.empty();
        }
        Mapping w = wm.get();
        int before = cf.problems().size();
        cf.checkKeys(w, wpath, WRITABLE_KEYS, List.of());
        var min = cf.required(w, wpath, "min", "50").map(x -> cf.number(x, wpath + ".min"));
        var max = cf.required(w, wpath, "max", "100").map(x -> cf.number(x, wpath + ".max"));
        OptionalDouble step = cf.optionalNumber(w, wpath, "step");
        List<String> requires = List.of();
        if (w.entries().containsKey("requires-state")) {
            requires = stateList(cf, w.entries().get("requires-state"), wpath + ".requires-state");
        }
        Writable.Confirm confirm = Writable.Confirm.NONE;
        Entry ce = w.entries().get("confirm");
        if (ce != null) {
            Optional<String> text = cf.text(ce, wpath + ".confirm");
            if (text.isPresent()) {
                try {
                    confirm = Writable.Confirm.parse(text.get());
                } catch (SpecException ex) {
                    cf.problem(ce.value().location(), wpath + ".confirm", "'" + text.get() + "' is not a"
                            + " confirmation; use 'two-person' (a second, different user confirms each command) or"
                            + " 'none'");
                }
            }
        }
        if (cf.problems().size() > before || min.isEmpty() || min.get().isEmpty() || max.isEmpty()
                || max.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Writable(min.get().getAsDouble(), max.get().getAsDouble(), step.orElse(0),
                    requires, confirm));
        } catch (SpecException ex) {
            cf.problem(locate(w, ex.field()).orElse(w.location()), wpath + "." + ex.field(), ex.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> ids() {
        return Arrays.stream(ValueType.values()).map(ValueType::id).collect(Collectors.toList());
    }

    /** Where {@code dotted} (e.g. {@code alarm.high}) is written inside {@code m}. */
    private static Optional<Location> locate(Mapping m, String dotted) {
        YamlNode at = m;
        for (String part : dotted.split("\\.")) {
            if (!(at instanceof Mapping mm) || !mm.entries().containsKey(part)) {
                return Optional.empty();
            }
            at = mm.entries().get(part).value();
        }
        return Optional.of(at.location());
    }

    /** The range under {@code key}, {@link Range#UNBOUNDED} if absent, null after a problem. */
    private static Range range(ConfigFile cf, Mapping c, String path, String key) {
        Entry e = c.entries().get(key);
        if (e == null) {
            return Range.UNBOUNDED;
        }
        String rpath = path + "." + key;
        Optional<Mapping> m = cf.mapping(e.value(), rpath);
        if (m.isEmpty()) {
            return null;
        }
        cf.checkKeys(m.get(), rpath, RANGE_KEYS, List.of());
        OptionalDouble min = cf.optionalNumber(m.get(), rpath, "min");
        OptionalDouble max = cf.optionalNumber(m.get(), rpath, "max");
        if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
            cf.problem(m.get().entries().get("max").value().location(), rpath + ".max",
                    number(max) + " is below min " + number(min) + "; swap them");
            return null;
        }
        return new Range(min.orElse(Double.NEGATIVE_INFINITY), max.orElse(Double.POSITIVE_INFINITY));
    }

    private static String number(OptionalDouble v) {
        double d = v.getAsDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** {@code [low, high]} under {@code key}. */
    private static OptionalDouble[] limits(ConfigFile cf, Mapping c, String path, String key) {
        Entry e = c.entries().get(key);
        if (e == null) {
            return new OptionalDouble[] {OptionalDouble.empty(), OptionalDouble.empty()};
        }
        String lpath = path + "." + key;
        return cf.mapping(e.value(), lpath).map(m -> {
            cf.checkKeys(m, lpath, LIMIT_KEYS, List.of());
            return new OptionalDouble[] {cf.optionalNumber(m, lpath, "low"), cf.optionalNumber(m, lpath, "high")};
        }).orElse(new OptionalDouble[] {OptionalDouble.empty(), OptionalDouble.empty()});
    }

    private static List<String> states(ConfigFile cf, Mapping c, String path) {
        Entry e = c.entries().get("states");
        if (e == null) {
            return List.of();
        }
        return stateList(cf, e, path + ".states");
    }

    private static List<String> stateList(ConfigFile cf, Entry e, String listPath) {
        String path = listPath.substring(0, listPath.lastIndexOf('.'));
        String key = listPath.substring(listPath.lastIndexOf('.') + 1);
        if (!(e.value() instanceof YamlNode.Sequence s)) {
            cf.problem(e.value().location(), listPath, "expected a list such as [running, idle, down,"
                    + " maintenance] but found " + YamlNode.describe(e.value()));
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < s.items().size(); i++) {
            YamlNode item = s.items().get(i);
            if (item instanceof YamlNode.Scalar sc && sc.kind() == YamlNode.Scalar.Kind.STRING) {
                out.add(sc.text());
            } else {
                cf.problem(item.location(), path + "." + key + "[" + i + "]", "expected a state name but found "
                        + YamlNode.describe(item));
            }
        }
        return out;
    }
}
