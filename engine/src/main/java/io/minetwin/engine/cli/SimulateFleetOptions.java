package io.minetwin.engine.cli;

import io.minetwin.engine.config.AssetTypeLoader;
import io.minetwin.engine.config.SimulationLoader;
import io.minetwin.simulator.SimulationPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The fleet a simulation runs: {@code --fleet FILE}, {@code --asset-types DIR} and {@code --seed}. */
final class SimulateFleetOptions {

    @Option(names = "--fleet", required = true, paramLabel = "FILE",
            description = "Fleet file with optional simulation sections, e.g. config/fleets/demo.yaml.")
    Path fleet;

    @Option(names = "--asset-types", paramLabel = "DIR",
            description = "Folder of asset type files (default: the asset-types folder next to the fleet's folder).")
    Path assetTypes;

    @Option(names = "--seed", paramLabel = "S",
            description = "Random seed (default: the fleet file's simulation.seed, else 1). Same seed, same output.")
    Long seed;

    SimulationPlan load() {
        if (!Files.isRegularFile(fleet)) {
            throw new CliException("--fleet " + fleet + ": no such file; give a fleet file such as"
                    + " config/fleets/demo.yaml");
        }
        Path types = assetTypes;
        if (types == null) {
            Path dir = fleet.toAbsolutePath().getParent();
            Path guess = dir == null || dir.getParent() == null ? null : dir.getParent().resolve("asset-types");
            if (guess == null || !Files.isDirectory(guess)) {
                throw new CliException("no asset-types folder next to " + fleet + "'s folder; pass --asset-types DIR");
            }
            types = guess;
        }
        return SimulationLoader.load(fleet, AssetTypeLoader.loadDirectory(types));
    }

    long seed(SimulationPlan plan) {
        return seed != null ? seed : plan.seed().orElse(1L);
    }
}
