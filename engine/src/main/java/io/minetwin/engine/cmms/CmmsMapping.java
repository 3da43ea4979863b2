package io.minetwin.engine.cmms;

import io.minetwin.engine.cmms.CmmsFormat.Field;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How one CMMS's exports map onto the fleet (a mapping file, see {@code config/cmms/}): which identifier
 * is which twin and component, which code is which failure mode, which order type is which action, and
 * which rows to skip. Read by {@code CmmsImport}; {@code CmmsExport} uses it in reverse.
 *
 * @param file          the mapping file, for messages
 * @param format        the export shape
 * @param zone          the CMMS's time zone, for dates written without an offset
 * @param columns       the heading of each field in this CMMS's exports (the shape's defaults, overridden)
 * @param datePattern   how dates are written ({@link java.time.format.DateTimeFormatter} pattern)
 * @param timePattern   how the time of day is written in its own column, or {@code null}
 * @param assets        identifier rules, first match wins
 * @param components    object part code to component, for rules that name no component
 * @param modes         damage, problem or failure code to failure mode
 * @param defaultMode   the mode of a code not under {@code modes}, or {@code null} to reject such rows
 * @param actions       order or work type to action ({@code failure-repair}, {@code replacement},
 *                      {@code preventive}, {@code inspection}) or {@code ignore}
 * @param defaultAction the action of a type not under {@code actions}, or {@code null} to reject such rows
 * @param skipStatus    statuses whose rows are skipped (e.g. cancelled orders)
 * @param requestType   the notification type (SAP PM) or work type (Maximo) of exported requests
 * @param siteId        the Maximo site of exported requests, or {@code null}
 */
public record CmmsMapping(Path file, CmmsFormat format, ZoneId zone, Map<Field, String> columns, String datePattern,
                          String timePattern, List<AssetRule> assets, Map<String, String> components,
                          Map<String, String> modes, String defaultMode, Map<String, String> actions,
                          String defaultAction, Set<String> skipStatus, String requestType, String siteId) {

    /** The action that skips a row. */
    public static final String IGNORE = "ignore";

    public CmmsMapping {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(datePattern, "datePattern");
        columns = Map.copyOf(new EnumMap<>(columns));
        assets = List.copyOf(assets);
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        modes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(modes));
        actions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        skipStatus = Set.copyOf(skipStatus);
    }

    /**
     * What an identifier stands for.
     *
     * @param rule      the rule that matched
     * @param twin      the twin ({@code null} when ignored)
     * @param component the component, or {@code null} when it comes from a part code under {@code components}
     * @param part      the value of the identifier's {@code {part}} placeholder, or {@code null} (then the
     *                  part code is the export's object part)
     */
    public record Target(AssetRule rule, TwinId twin, String component, String part) {
        public boolean ignored() {
            return rule.ignore();
        }
    }

    /**
     * The first rule matching {@code identifier}, filled in.
     *
     * @throws IllegalArgumentException if the filled-in twin is not a twin id
     */
    public Optional<Target> resolve(String identifier) {
        for (AssetRule r : assets) {
            Optional<Map<String, String>> values = AssetRule.read(r.match(), identifier);
            if (values.isPresent()) {
                if (r.ignore()) {
                    return Optional.of(new Target(r, null, null, null));
                }
                TwinId twin = TwinId.parse(AssetRule.fill(r.twin(), values.get()));
                String component = r.component() == null ? null : AssetRule.fill(r.component(), values.get());
                return Optional.of(new Target(r, twin, component, values.get().get(AssetRule.PART)));
            }
        }
        return Optional.empty();
    }

    /**
     * The CMMS identifier and object part (or {@code null}) of a twin's component, from the first rule that
     * reads back to it: the mapping in reverse.
     */
    public Optional<Reverse> identifier(TwinId twin, String component) {
        for (AssetRule r : assets) {
            if (r.ignore()) {
                continue;
            }
            Optional<Map<String, String>> values = AssetRule.read(r.twin(), twin.toString());
            if (values.isEmpty()) {
                continue;
            }
            Map<String, String> all = new LinkedHashMap<>(values.get());
            String objectPart = null;
            if (r.component() != null) {
                Optional<Map<String, String>> c = AssetRule.read(r.component(), component);
                if (c.isEmpty() || !agree(all, c.get())) {
                    continue;
                }
                all.putAll(c.get());
            } else {
                String code = components.entrySet().stream().filter(e -> e.getValue().equals(component))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (code == null) {
                    continue;
                }
                if (AssetRule.placeholders(r.match()).contains(AssetRule.PART)) {
                    all.put(AssetRule.PART, code);
                } else {
                    objectPart = code;
                }
            }
            if (!AssetRule.placeholders(r.match()).stream().allMatch(all::containsKey)) {
                continue;
            }
            String id = AssetRule.fill(r.match(), all);
            Optional<Target> back = resolve(id);
            if (back.isPresent() && twin.equals(back.get().twin()) && back.get().rule().equals(r)) {
                return Optional.of(new Reverse(id, objectPart));
            }
        }
        return Optional.empty();
    }

    /**
     * A component's place in the CMMS.
     *
     * @param identifier the functional location or asset number
     * @param objectPart the object part code, or {@code null} when the identifier alone names the component
     */
    public record Reverse(String identifier, String objectPart) {
    }

    /** The first code mapped to {@code mode}, the mapping's modes in reverse. */
    public Optional<String> code(String mode) {
        return modes.entrySet().stream().filter(e -> e.getValue().equals(mode)).map(Map.Entry::getKey).findFirst();
    }

    private static boolean agree(Map<String, String> a, Map<String, String> b) {
        return b.entrySet().stream().allMatch(e -> !a.containsKey(e.getKey()) || a.get(e.getKey()).equals(e.getValue()));
    }
}
