package io.minetwin.engine.cli;

import io.minetwin.model.TwinId;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.nio.file.Path;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * Where a command finds its data and configuration: {@code --data DIR} and {@code --config FILE}.
 *
 * <p>Without {@code --config}, {@code config/minetwin.yaml} is looked for in the minetwin home (set by
 * the launcher) and then in the working directory. Without {@code --data}, the configuration's data
 * directory is used, and without a configuration {@code ./data}.
 */
final class StoreOptionsMixin {

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: the configuration's, else ./data).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Engine configuration (default: config/minetwin.yaml).")
    Path config;

    private EngineSettings settings;

    EngineSettings settings() {
        if (settings == null) {
            settings = EngineSettings.resolve(config);
        }
        return settings;
    }

    Path dataDir() {
        return data != null ? data : settings().dataDir();
    }

    /** Opens the store, creating the data directory if needed. */
    Store openStore() {
        return Store.open(dataDir(), storeOptions());
    }

    /**
     * Opens an existing data directory for analysis: all history kept whatever the configured retention,
     * and no retention sweep, so that reading old history never deletes it.
     */
    Store openForAnalysis() {
        Path dir = dataDir();
        if (!Store.exists(dir)) {
            throw new CliException("no minetwin data in " + dir + "; pass --data DIR of a data directory (e.g. one"
                    + " written by 'minetwin simulate generate' or 'minetwin run')");
        }
        return Store.open(dir, StoreOptions.defaults().withRetention(io.minetwin.store.RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(java.time.Duration.ZERO));
    }

    /** Opens the store of an existing data directory; a missing one is an error, not created. */
    Store openExistingStore() {
        Path dir = dataDir();
        if (!Store.exists(dir)) {
            throw new CliException("no minetwin data directory at " + dir
                    + "; pass --data DIR pointing at one (import history with 'minetwin history import' first)");
        }
        return Store.open(dir, storeOptions());
    }

    private StoreOptions storeOptions() {
        return StoreOptions.defaults().withRetention(settings().retention()).withDurability(settings().durability());
    }

    /** Which twin ids the configured fleet declares; every id when no fleet is configured. */
    Predicate<TwinId> fleetTwins() {
        return settings().fleetTwins();
    }
}
