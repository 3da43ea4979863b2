package io.minetwin.engine.config;

import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.engine.cmms.AssetRule;
import io.minetwin.engine.cmms.CmmsFormat;
import io.minetwin.engine.cmms.CmmsFormat.Field;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.engine.config.YamlNode.Entry;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.engine.config.YamlNode.Scalar;
import io.minetwin.engine.config.YamlNode.Sequence;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a CMMS mapping file ({@code config/cmms/*.yaml}, described in the README's "Work orders from a
 * CMMS"), reporting every problem with its line, column and key.
 */
public final class CmmsMappingLoader {

    private static final List<String> KEYS = List.of("format", "timezone", "columns", "date-format", "time-format",
            "assets", "components", "modes", "default-mode", "actions", "default-action", "skip-status",
            "request-type", "site-id");
    private static final List<String> RULE_KEYS = List.of("match", "twin", "component", "ignore");

    private CmmsMappingLoader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws ConfigException listing every problem, each with file, line, column and key path
     */
    public static CmmsMapping load(Path file) {
        var cf = new ConfigFile(file);
        YamlNode root = YamlNode.read(file);
        CmmsMapping mapping = cf.mapping(root, "").map(m -> read(cf, m)).orElse(null);
        cf.throwIfProblems();
        return mapping;
    }

    /**
     * The mappings named by the engine configuration's {@code cmms} section,
     * {@code cmms: {mappings: [cmms/sap-pm-demo.yaml, cmms/maximo-demo.yaml]}}, paths resolved against the
     * configuration file's folder; none when the section is absent.
     *
     * @throws ConfigException if the section is malformed, two mappings share a format, or a mapping file
     *                         has problems
     */
    public static List<CmmsMapping> fromSection(Object section, Path configFile) {
        if (section == null) {
            return List.of();
        }
        String example = "cmms: {mappings: [cmms/sap-pm-demo.yaml]}";
        if (!(section instanceof Map<?, ?> m) || !m.keySet().stream().allMatch("mappings"::equals)
                || !(m.get("mappings") instanceof List<?> files)) {
            throw new ConfigException(new ConfigException.Problem(configFile, 0, 0, "cmms", "expected a list of"
                    + " mapping files under mappings, e.g. '" + example + "'"));
        }
        Path base = configFile.toAbsolutePath().getParent();
        List<CmmsMapping> out = new ArrayList<>();
        Map<CmmsFormat, Path> seen = new EnumMap<>(CmmsFormat.class);
        for (Object f : files) {
            if (!(f instanceof String name) || name.isBlank()) {
                throw new ConfigException(new ConfigException.Problem(configFile, 0, 0, "cmms.mappings", "'" + f
                        + "' is not a file name; e.g. '" + example + "'"));
            }
            Path file = base.resolve(name.trim()).normalize();
            CmmsMapping mapping = load(file);
            Path other = seen.put(mapping.format(), file);
            if (other != null) {
                throw new ConfigException(new ConfigException.Problem(configFile, 0, 0, "cmms.mappings", file
                        + " and " + other + " both map " + mapping.format().id() + " exports; keep one per format"));
            }
            out.add(mapping);
        }
        return out;
    }

    private static CmmsMapping read(ConfigFile cf, Mapping root) {
        cf.checkKeys(root, "", KEYS, List.of());
        CmmsFormat format = cf.required(root, "", "format", "sap-pm").flatMap(e -> cf.text(e, "format").flatMap(t -> {
            try {
                return Optional.of(CmmsFormat.parse(t));
            } catch (IllegalArgumentException ex) {
                cf.problem(e.value().location(), "format", ex.getMessage());
                return Optional.empty();
            }
        })).orElse(null);
        ZoneId zone = cf.required(root, "", "timezone", "Asia/Shanghai").flatMap(e -> cf.text(e, "timezone")
                .flatMap(t -> {
                    try {
                        return Optional.of(ZoneId.of(t.trim()));
                    } catch (DateTimeException ex) {
                        cf.problem(e.value().location(), "timezone", "'" + t + "' is not a time zone; write a region"
                                + " such as Asia/Shanghai or an offset such as +08:00");
                        return Optional.empty();
                    }
                })).orElse(null);

        Map<Field, String> columns = new EnumMap<>(Field.class);
        if (format != null) {
            columns.putAll(format.columns());
        }
        Entry columnsEntry = root.entries().get("columns");
        if (columnsEntry != null) {
            cf.mapping(columnsEntry.value(), "columns").ifPresent(m -> {
                cf.checkKeys(m, "columns", Field.keys(), List.of());
                for (Field f : Field.values()) {
                    cf.optionalText(m, "columns", f.key()).ifPresent(h -> columns.put(f, h.trim()));
                }
            });
        }
        if (format != null) {
            for (Field f : Field.values()) {
                if (f.required() && !columns.containsKey(f)) {
                    cf.problem(root.location(), "columns." + f.key(), "a " + format.id() + " export has no default"
                            + " column for " + f.key() + "; name it under columns:, e.g. '" + f.key() + ": ...'");
                }
            }
        }
        String datePattern = pattern(cf, root, "date-format", format == null ? null : format.datePattern());
        String timePattern = pattern(cf, root, "time-format", format == null ? null : format.timePattern());

        List<AssetRule> assets = new ArrayList<>();
        cf.required(root, "", "assets", "[{match: BY-PIT1-SHV01, twin: 'baiyun:shovel-01'}]").ifPresent(e -> {
            if (!(e.value() instanceof Sequence s) || s.items().isEmpty()) {
                cf.problem(e.value().location(), "assets", "expected a list of entries such as '- {match: BY-PIT1-SHV01,"
                        + " twin: baiyun:shovel-01, component: hoist-motor}' but found " + YamlNode.describe(e.value()));
                return;
            }
            for (int i = 0; i < s.items().size(); i++) {
                rule(cf, s.items().get(i), "assets[" + i + "]").ifPresent(assets::add);
            }
        });
        Map<String, String> components = codes(cf, root, "components");
        components.forEach((code, component) -> {
            try {
                SeriesKey.requireIdentifier("component", component);
            } catch (IllegalArgumentException ex) {
                cf.problem(root.entries().get("components").value().location(), "components." + code, ex.getMessage());
            }
        });
        Map<String, String> modes = codes(cf, root, "modes");
        Map<String, String> actions = codes(cf, root, "actions");
        Set<String> allowed = new TreeSet<>(MaintenanceRecords.ACTIONS);
        allowed.add(CmmsMapping.IGNORE);
        actions.forEach((type, action) -> {
            if (!allowed.contains(action)) {
                cf.problem(root.entries().get("actions").value().location(), "actions." + type, "'" + action
                        + "' is not one of " + String.join(", ", allowed));
            }
        });
        String defaultMode = cf.optionalText(root, "", "default-mode").map(String::trim).orElse(null);
        String defaultAction = cf.optionalText(root, "", "default-action").map(String::trim).orElse(null);
        if (defaultAction != null && !allowed.contains(defaultAction)) {
            cf.problem(root.entries().get("default-action").value().location(), "default-action", "'" + defaultAction
                    + "' is not one of " + String.join(", ", allowed));
        }
        Set<String> skip = new LinkedHashSet<>();
        Entry skipEntry = root.entries().get("skip-status");
        if (skipEntry != null) {
            if (skipEntry.value() instanceof Sequence s) {
                for (YamlNode n : s.items()) {
                    if (n instanceof Scalar sc && sc.kind() != Scalar.Kind.NULL) {
                        skip.add(sc.text().trim());
                    } else {
                        cf.problem(n.location(), "skip-status", "expected a status such as CAN but found "
                                + YamlNode.describe(n));
                    }
                }
            } else {
                cf.problem(skipEntry.value().location(), "skip-status", "expected a list such as [CAN, DLFL] but"
                        + " found " + YamlNode.describe(skipEntry.value()));
            }
        }
        String requestType = cf.optionalText(root, "", "request-type").map(String::trim)
                .orElse(format == CmmsFormat.MAXIMO ? "PM" : "M1");
        String siteId = cf.optionalText(root, "", "site-id").map(String::trim).orElse(null);
        if (cf.hasProblems()) {
            return null;
        }
        return new CmmsMapping(cf.file(), format, zone, columns, datePattern, timePattern, assets, components, modes,
                defaultMode, actions, defaultAction, skip, requestType, siteId);
    }

    private static String pattern(ConfigFile cf, Mapping root, String key, String fallback) {
        Entry e = root.entries().get(key);
        if (e == null) {
            return fallback;
        }
        return cf.text(e, key).map(t -> {
            try {
                DateTimeFormatter.ofPattern(t);
                return t;
            } catch (IllegalArgumentException ex) {
                cf.problem(e.value().location(), key, "'" + t + "' is not a date pattern (" + ex.getMessage()
                        + "); write it like dd.MM.yyyy, HH:mm:ss or M/d/yy h:mm a");
                return fallback;
            }
        }).orElse(fallback);
    }

    private static Optional<AssetRule> rule(ConfigFile cf, YamlNode node, String path) {
        Optional<Mapping> m = cf.mapping(node, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        cf.checkKeys(m.get(), path, RULE_KEYS, List.of());
        Optional<String> match = cf.required(m.get(), path, "match", "BY-PIT1-HT{n}").flatMap(e -> cf.text(e,
                ConfigFile.child(path, "match"))).map(String::trim);
        boolean ignore = cf.optionalText(m.get(), path, "ignore").map(t -> t.equals("true")).orElse(false);
        if (ignore) {
            return match.map(t -> new AssetRule(t, null, null, true));
        }
        Optional<String> twin = cf.required(m.get(), path, "twin", "baiyun:truck-{n}").flatMap(e -> cf.text(e,
                ConfigFile.child(path, "twin"))).map(String::trim);
        Optional<String> component = cf.optionalText(m.get(), path, "component").map(String::trim);
        if (match.isEmpty() || twin.isEmpty()) {
            return Optional.empty();
        }
        try {
            AssetRule r = new AssetRule(match.get(), twin.get(), component.orElse(null), false);
            // a sample filling checks the templates make a twin id and a component name
            String sample = twin.get().replaceAll("\\{[a-z][a-z0-9]*}", "1");
            TwinId.parse(sample);
            component.ifPresent(c -> SeriesKey.requireIdentifier("component", c.replaceAll("\\{[a-z][a-z0-9]*}", "1")));
            return Optional.of(r);
        } catch (IllegalArgumentException ex) {
            cf.problem(node.location(), path, ex.getMessage());
            return Optional.empty();
        }
    }

    /** A mapping of codes to names, e.g. {@code modes: {BRG: bearing-wear}}; absent is empty. */
    private static Map<String, String> codes(ConfigFile cf, Mapping root, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Entry e = root.entries().get(key);
        if (e != null) {
            cf.mapping(e.value(), key).ifPresent(m -> m.entries().values().forEach(c ->
                    cf.text(c, ConfigFile.child(key, c.key())).ifPresent(v -> out.put(c.key().trim(), v.trim()))));
        }
        return out;
    }
}
