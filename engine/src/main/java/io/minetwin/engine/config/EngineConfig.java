package io.minetwin.engine.config;

import io.minetwin.engine.config.YamlNode.Entry;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.model.AssetType;
import io.minetwin.model.EventKind;
import io.minetwin.model.Fleet;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's configuration ({@code config/minetwin.yaml}, schema in {@code config/README.md}), with
 * every path resolved against the folder of the file that names it.
 *
 * @param file               the configuration file itself
 * @param dataDir            where history, snapshots and events live
 * @param assetTypesDir      folder of asset type files
 * @param fleetFile          the fleet of twins
 * @param retention          how long each history tier and each kind of event is kept
 * @param durability         what an acknowledged write survives ({@code history.durability})
 * @param farFutureTolerance how far a sample's source time may lie ahead of the engine's clock
 * @param snapshotInterval   how often changed twins are snapshotted
 * @param sections           the reserved sections other parts of minetwin read ({@link #RESERVED_SECTIONS}),
 *                           as plain maps, lists and scalars; absent sections are absent
 */
public record EngineConfig(Path file, Path dataDir, Path assetTypesDir, Path fleetFile, RetentionPolicy retention,
                           Durability durability, Duration farFutureTolerance, Duration snapshotInterval, Map<String, Object> sections) {

    /** Top-level sections owned by other parts of minetwin; this loader keeps them unread. */
    public static final List<String> RESERVED_SECTIONS = List.of("opcua", "sparkplug", "ditto", "http", "analytics", "simulator", "costs", "forecasts", "scada",
            "notifications", "cmms");

    public static final Duration DEFAULT_FAR_FUTURE_TOLERANCE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SNAPSHOT_INTERVAL = Duration.ofMinutes(1);

    private static final List<String> KEYS =
            List.of("data-dir", "asset-types", "fleet", "history", "events", "ingest", "twins");

    public EngineConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(assetTypesDir, "assetTypesDir");
        Objects.requireNonNull(fleetFile, "fleetFile");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(farFutureTolerance, "farFutureTolerance");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        if (farFutureTolerance.isNegative()) {
            throw new IllegalArgumentException("far-future tolerance " + farFutureTolerance + " is negative");
        }
        if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
            throw new IllegalArgumentException("snapshot interval " + snapshotInterval + " must be positive, e.g. 1m");
        }
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections == null ? Map.of() : sections));
    }

    /**
     * Reads {@code file}. Missing keys take their defaults: {@code data-dir ./data},
     * {@code asset-types asset-types}, retention 90d / 2y / forever, acknowledged durability, far-future tolerance 5m, snapshot
     * interval 1m; {@code fleet} is required.
     *
     * @throws ConfigException listing every problem, each with file, line, column and key path
     */
    public static EngineConfig load(Path file) {
        var cf = new ConfigFile(file);
        YamlNode root = YamlNode.read(file);
        Optional<Mapping> m = cf.mapping(root, "");
        EngineConfig config = m.map(mapping -> read(cf, mapping)).orElse(null);
        cf.throwIfProblems();
        return config;
    }

    private static EngineConfig read(ConfigFile cf, Mapping root) {
        cf.checkKeys(root, "", KEYS, RESERVED_SECTIONS);
        Path base = Optional.ofNullable(cf.file().getParent()).orElse(Path.of(""));
        Path dataDir = cf.path(root, "data-dir", base, "./data");
        Path assetTypes = cf.path(root, "asset-types", base, "asset-types");
        Path fleet = cf.required(root, "", "fleet", "fleets/demo.yaml").flatMap(e -> cf.text(e, "fleet"))
                .map(s -> cf.path(root, "fleet", base, s)).orElse(null);

        RetentionPolicy retention = RetentionPolicy.DEFAULT;
        Durability durability = Durability.ACKNOWLEDGED;
        Entry history = root.entries().get("history");
        if (history != null) {
            Optional<Mapping> h = cf.mapping(history.value(), "history");
            if (h.isPresent()) {
                cf.checkKeys(h.get(), "history", List.of("retention", "durability"), List.of());
                Entry r = h.get().entries().get("retention");
                retention = r == null ? RetentionPolicy.DEFAULT : cf.mapping(r.value(), "history.retention")
                        .map(rm -> retention(cf, rm)).orElse(RetentionPolicy.DEFAULT);
                Entry d = h.get().entries().get("durability");
                if (d != null) {
                    durability = cf.text(d, "history.durability").map(t -> {
                        try {
                            return Durability.parse(t);
                        } catch (IllegalArgumentException e) {
                            cf.problem(d.value().location(), "history.durability", e.getMessage());
                            return Durability.ACKNOWLEDGED;
                        }
                    }).orElse(Durability.ACKNOWLEDGED);
                }
            }
        }
        retention = retention.withEvents(eventRetention(cf, root));
        Duration tolerance = section(cf, root, "ingest", "far-future-tolerance", DEFAULT_FAR_FUTURE_TOLERANCE);
        Duration snapshots = section(cf, root, "twins", "snapshot-interval", DEFAULT_SNAPSHOT_INTERVAL);
        if (snapshots.isZero()) {
            Entry e = ((Mapping) root.entries().get("twins").value()).entries().get("snapshot-interval");
            cf.problem(e.value().location(), "twins.snapshot-interval", "must be positive, e.g. 1m");
        }
        var sections = new LinkedHashMap<String, Object>();
        for (String s : RESERVED_SECTIONS) {
            Entry e = root.entries().get(s);
            if (e != null) {
                sections.put(s, YamlNode.toPlain(e.value()));
            }
        }
        if (cf.hasProblems()) {
            return null;
        }
        return new EngineConfig(cf.file(), dataDir, assetTypes, fleet, retention, durability, tolerance, snapshots,
                sections);
    }

    private static RetentionPolicy retention(ConfigFile cf, Mapping m) {
        cf.checkKeys(m, "history.retention", List.of("raw", "1m", "1h"), List.of());
        Duration[] d = {RetentionPolicy.DEFAULT.raw(), RetentionPolicy.DEFAULT.minute(), RetentionPolicy.DEFAULT.hour()};
        String[] keys = {"raw", "1m", "1h"};
        for (int i = 0; i < keys.length; i++) {
            Entry e = m.entries().get(keys[i]);
            if (e != null) {
                int at = i;
                cf.duration(e, "history.retention." + keys[i], true).ifPresent(v -> d[at] = v);
            }
        }
        return new RetentionPolicy(d[0], d[1], d[2]);
    }

    /**
     * {@code events.retention}: a duration or {@code forever} per event kind ({@code alert}, {@code gap},
     * {@code maintenance}, {@code failure}, {@code audit}); kinds not named keep their default
     * ({@link RetentionPolicy#DEFAULT_EVENTS}).
     */
    private static Map<EventKind, Duration> eventRetention(ConfigFile cf, Mapping root) {
        Map<EventKind, Duration> out = new java.util.EnumMap<>(EventKind.class);
        out.putAll(RetentionPolicy.DEFAULT_EVENTS);
        Entry events = root.entries().get("events");
        if (events == null) {
            return out;
        }
        cf.mapping(events.value(), "events").ifPresent(m -> {
            cf.checkKeys(m, "events", List.of("retention"), List.of());
            Entry r = m.entries().get("retention");
            if (r == null) {
                return;
            }
            List<String> kinds = java.util.Arrays.stream(EventKind.values())
                    .map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList();
            cf.mapping(r.value(), "events.retention").ifPresent(rm -> {
                cf.checkKeys(rm, "events.retention", kinds, List.of());
                for (EventKind kind : EventKind.values()) {
                    String key = kind.name().toLowerCase(java.util.Locale.ROOT);
                    Entry e = rm.entries().get(key);
                    if (e != null) {
                        cf.duration(e, "events.retention." + key, true).ifPresent(d -> out.put(kind, d));
                    }
                }
            });
        });
        return out;
    }

    /** A duration under {@code section.key}, with its default; the section may hold only that key. */
    private static Duration section(ConfigFile cf, Mapping root, String section, String key, Duration fallback) {
        Entry s = root.entries().get(section);
        if (s == null) {
            return fallback;
        }
        return cf.mapping(s.value(), section).flatMap(m -> {
            cf.checkKeys(m, section, List.of(key), List.of());
            Entry e = m.entries().get(key);
            return e == null ? Optional.empty() : cf.duration(e, section + "." + key, false);
        }).orElse(fallback);
    }

    /** The asset types of {@link #assetTypesDir()}, by name. */
    public Map<String, AssetType> loadAssetTypes() {
        return AssetTypeLoader.loadDirectory(assetTypesDir);
    }

    /** The fleet of {@link #fleetFile()}, checked against the asset types of {@link #assetTypesDir()}. */
    public Fleet loadFleet() {
        return FleetLoader.load(fleetFile, loadAssetTypes());
    }
}
