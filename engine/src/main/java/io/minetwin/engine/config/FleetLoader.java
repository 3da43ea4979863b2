package io.minetwin.engine.config;

import io.minetwin.engine.config.YamlNode.Entry;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.model.AssetType;
import io.minetwin.model.Fleet;
import io.minetwin.model.ParentLink;
import io.minetwin.model.SpecException;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a fleet file ({@code config/fleets/*.yaml}, schema in {@code config/README.md}) into a
 * {@link Fleet} of twin definitions, checking each twin's asset type and parent.
 *
 * <p>{@code simulation} is reserved (at the top and under each twin) for the simulator and ignored
 * here, as are keys starting with {@code x-}.
 */
public final class FleetLoader {

    /** Keys the engine ignores because other readers own them. */
    public static final List<String> RESERVED_KEYS = List.of("simulation");

    private static final List<String> FLEET_KEYS = List.of("namespace", "site", "twins");
    private static final List<String> TWIN_KEYS =
            List.of("type", "model", "site", "area", "serial", "commissioned", "suppliers", "parent");
    private static final List<String> PARENT_KEYS = List.of("twin", "component", "position");

    private FleetLoader() {
    }

    /**
     * Loads {@code file} against the declared {@code types}.
     *
     * @throws ConfigException listing every problem found
     */
    public static Fleet load(Path file, Map<String, AssetType> types) {
        var cf = new ConfigFile(file);
        YamlNode root = YamlNode.read(file);
        Fleet fleet = cf.mapping(root, "").map(m -> read(cf, m, types)).orElse(null);
        cf.throwIfProblems();
        return fleet;
    }

    private record Pending(TwinDefinition definition, Entry entry, Optional<Entry> parentEntry) {
    }

    private static Fleet read(ConfigFile cf, Mapping root, Map<String, AssetType> types) {
        cf.checkKeys(root, "", FLEET_KEYS, RESERVED_KEYS);
        Optional<Entry> nsEntry = cf.required(root, "", "namespace", "baiyun");
        String namespace = nsEntry.flatMap(e -> cf.text(e, "namespace")).orElse(null);
        if (namespace != null) {
            try {
                new TwinId(namespace, "x");
            } catch (IllegalArgumentException e) {
                cf.problem(nsEntry.get().value().location(), "namespace", e.getMessage());
                namespace = null;
            }
        }
        String site = cf.optionalText(root, "", "site").orElse("");
        Optional<Mapping> twinsNode = cf.required(root, "", "twins", "{shovel-01: {type: electric-shovel}}")
                .flatMap(e -> cf.mapping(e.value(), "twins"));
        if (namespace == null || twinsNode.isEmpty()) {
            return null;
        }
        var pending = new LinkedHashMap<TwinId, Pending>();
        var declared = new java.util.HashSet<TwinId>();
        for (Entry e : twinsNode.get().entries().values()) {
            declaredId(namespace, e.key()).ifPresent(declared::add);
            twin(cf, namespace, site, types, e).ifPresent(p -> {
                if (pending.containsKey(p.definition().id())) {
                    cf.problem(e.keyLocation(), "twins." + e.key(), "twin " + p.definition().id()
                            + " is declared twice (also as '" + pending.get(p.definition().id()).entry().key()
                            + "'); give each twin one entry");
                } else {
                    pending.put(p.definition().id(), p);
                }
            });
        }
        for (Pending p : pending.values()) {
            checkParent(cf, p, pending, declared);
        }
        if (cf.hasProblems()) {
            return null;
        }
        var used = new LinkedHashMap<String, AssetType>();
        types.forEach((name, type) -> used.put(name, type));
        var definitions = new TreeMap<TwinId, TwinDefinition>();
        pending.forEach((id, p) -> definitions.put(id, p.definition()));
        try {
            return new Fleet(namespace, site, used, definitions);
        } catch (SpecException e) {
            // Checked above, except for parent cycles.
            cf.problem(twinsNode.get().location(), "twins", e.getMessage());
            return null;
        }
    }

    private static Optional<Pending> twin(ConfigFile cf, String namespace, String site, Map<String, AssetType> types,
                                          Entry e) {
        String path = "twins." + e.key();
        int problemsBefore = cf.problems().size();
        TwinId id;
        try {
            id = e.key().contains(":") ? TwinId.parse(e.key()) : new TwinId(namespace, e.key());
        } catch (IllegalArgumentException ex) {
            cf.problem(e.keyLocation(), path, ex.getMessage());
            return Optional.empty();
        }
        Optional<Mapping> m = cf.mapping(e.value(), path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Mapping t = m.get();
        cf.checkKeys(t, path, TWIN_KEYS, RESERVED_KEYS);
        Optional<Entry> typeEntry = cf.required(t, path, "type", String.join(" | ", types.keySet()));
        AssetType type = typeEntry.flatMap(te -> cf.text(te, path + ".type")).map(name -> {
            AssetType found = types.get(name);
            if (found == null) {
                String hint = ConfigFile.closest(name, types.keySet()).map(x -> "did you mean '" + x + "'? ").orElse("");
                cf.problem(typeEntry.get().value().location(), path + ".type", "asset type '" + name
                        + "' is not declared; " + hint + "known types: " + String.join(", ", types.keySet())
                        + " (declare new types in the asset-types folder)");
            }
            return found;
        }).orElse(null);

        Optional<LocalDate> commissioned = cf.optionalText(t, path, "commissioned").flatMap(text -> {
            try {
                return Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException ex) {
                cf.problem(t.entries().get("commissioned").value().location(), path + ".commissioned",
                        "'" + text + "' is not a date; write it as YYYY-MM-DD, e.g. 2019-06-14");
                return Optional.empty();
            }
        });
        var suppliers = new LinkedHashMap<String, String>();
        Entry suppliersEntry = t.entries().get("suppliers");
        if (suppliersEntry != null) {
            cf.mapping(suppliersEntry.value(), path + ".suppliers").ifPresent(sm -> {
                for (Entry s : sm.entries().values()) {
                    String spath = path + ".suppliers." + s.key();
                    if (type != null && type.component(s.key()).isEmpty()) {
                        String hint = ConfigFile.closest(s.key(), type.componentNames())
                                .map(x -> "did you mean '" + x + "'? ").orElse("");
                        cf.problem(s.keyLocation(), spath, "asset type '" + type.name() + "' has no component '"
                                + s.key() + "'; " + hint + "components: " + String.join(", ", type.componentNames()));
                        continue;
                    }
                    cf.text(s, spath).ifPresent(v -> suppliers.put(s.key(), v));
                }
            });
        }
        Optional<Entry> parentEntry = Optional.ofNullable(t.entries().get("parent"));
        Optional<ParentLink> parent = parentEntry.flatMap(pe -> parent(cf, namespace, path + ".parent", pe));
        if (type == null || cf.problems().size() > problemsBefore) {
            return Optional.empty();
        }
        var attributes = new TwinAttributes(cf.optionalText(t, path, "model").orElse(""),
                cf.optionalText(t, path, "site").orElse(site), cf.optionalText(t, path, "serial").orElse(""),
                commissioned, suppliers, parent, cf.optionalText(t, path, "area").orElse(""));
        try {
            return Optional.of(new Pending(new TwinDefinition(id, type, attributes), e, parentEntry));
        } catch (SpecException ex) {
            cf.problem(e.keyLocation(), path + "." + ex.field(), ex.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<ParentLink> parent(ConfigFile cf, String namespace, String path, Entry e) {
        return cf.mapping(e.value(), path).flatMap(p -> {
            cf.checkKeys(p, path, PARENT_KEYS, List.of());
            Optional<String> twin = cf.required(p, path, "twin", "shovel-01").flatMap(x -> cf.text(x, path + ".twin"));
            Optional<String> component = cf.required(p, path, "component", "hoist-motor")
                    .flatMap(x -> cf.text(x, path + ".component"));
            String position = cf.optionalText(p, path, "position").orElse("");
            if (twin.isEmpty() || component.isEmpty()) {
                return Optional.empty();
            }
            try {
                TwinId id = twin.get().contains(":") ? TwinId.parse(twin.get()) : new TwinId(namespace, twin.get());
                return Optional.of(new ParentLink(id, component.get(), position));
            } catch (IllegalArgumentException ex) {
                cf.problem(p.location(), path, ex.getMessage());
                return Optional.empty();
            }
        });
    }

    private static Optional<TwinId> declaredId(String namespace, String key) {
        try {
            return Optional.of(key.contains(":") ? TwinId.parse(key) : new TwinId(namespace, key));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Checks {@code p}'s parent; a parent that is declared but had problems of its own is not reported again. */
    private static void checkParent(ConfigFile cf, Pending p, Map<TwinId, Pending> all, java.util.Set<TwinId> declared) {
        Optional<ParentLink> link = p.definition().attributes().parent();
        if (link.isEmpty()) {
            return;
        }
        Mapping pm = (Mapping) p.parentEntry().orElseThrow().value();
        String path = "twins." + p.entry().key() + ".parent";
        Pending host = all.get(link.get().twin());
        if (host == null && declared.contains(link.get().twin())) {
            return;
        }
        if (host == null) {
            var names = all.keySet().stream().map(TwinId::toString).toList();
            String hint = ConfigFile.closest(link.get().twin().toString(), names)
                    .map(x -> "did you mean '" + x + "'? ").orElse("");
            cf.problem(pm.entries().get("twin").value().location(), path + ".twin", "twin " + link.get().twin()
                    + " is not in this fleet; " + hint + "a parent must be declared in the same fleet file");
            return;
        }
        AssetType hostType = host.definition().type();
        if (hostType.component(link.get().component()).isEmpty()) {
            String hint = ConfigFile.closest(link.get().component(), hostType.componentNames())
                    .map(x -> "did you mean '" + x + "'? ").orElse("");
            cf.problem(pm.entries().get("component").value().location(), path + ".component", "asset type '"
                    + hostType.name() + "' of " + link.get().twin() + " has no component '" + link.get().component()
                    + "'; " + hint + "components: " + String.join(", ", hostType.componentNames()));
        }
    }
}
