package io.minetwin.engine.cli;

import io.minetwin.engine.config.EngineConfig;
import io.minetwin.model.Fleet;
import io.minetwin.model.TwinId;
import io.minetwin.store.Durability;
import io.minetwin.store.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The engine configuration a command runs with, or the defaults when there is none.
 *
 * <p>An explicit {@code --config} must exist. Otherwise {@code config/minetwin.yaml} is looked for in
 * {@code $MINETWIN_HOME} (set by the launcher) and then in the working directory; if neither exists,
 * the defaults apply: data in {@code ./data}, default retention and no fleet.
 */
final class EngineSettings {

    private static final Path DEFAULT_CONFIG = Path.of("config", "minetwin.yaml");

    private final Optional<EngineConfig> config;
    private Fleet fleet;

    private EngineSettings(Optional<EngineConfig> config) {
        this.config = config;
    }

    static EngineSettings resolve(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new CliException("--config " + explicit + ": no such file");
            }
            return new EngineSettings(Optional.of(EngineConfig.load(explicit)));
        }
        String home = System.getenv("MINETWIN_HOME");
        for (Path candidate : home == null
                ? new Path[] {DEFAULT_CONFIG}
                : new Path[] {Path.of(home).resolve(DEFAULT_CONFIG), DEFAULT_CONFIG}) {
            if (Files.isRegularFile(candidate)) {
                return new EngineSettings(Optional.of(EngineConfig.load(candidate)));
            }
        }
        return new EngineSettings(Optional.empty());
    }

    Optional<EngineConfig> config() {
        return config;
    }

    Path dataDir() {
        return config.map(EngineConfig::dataDir).orElse(Path.of("data"));
    }

    RetentionPolicy retention() {
        return config.map(EngineConfig::retention).orElse(RetentionPolicy.DEFAULT);
    }

    /** What an acknowledged write survives; acknowledged (fsync'd) without a configuration. */
    Durability durability() {
        return config.map(EngineConfig::durability).orElse(Durability.ACKNOWLEDGED);
    }

    /** The configured fleet; a command that needs one fails with how to give it when there is none. */
    Fleet fleet() {
        if (config.isEmpty()) {
            throw new CliException("this command needs a fleet, and no configuration was found: pass --config FILE"
                    + " (e.g. config/minetwin.yaml, whose 'fleet' names the fleet file)");
        }
        if (fleet == null) {
            fleet = config.get().loadFleet();
        }
        return fleet;
    }

    /** Which twin ids the configured fleet declares; every id when no configuration was found. */
    Predicate<TwinId> fleetTwins() {
        if (config.isEmpty()) {
            return id -> true;
        }
        if (fleet == null) {
            fleet = config.get().loadFleet();
        }
        return fleet.twins()::containsKey;
    }
}
