package io.minetwin.engine.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code minetwin simulate serve}: the simulated fleet as an OPC UA server. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the simulated fleet over OPC UA (not yet available).")
final class SimulateServeCommand implements Callable<Integer> {

    @Mixin
    SimulateFleetOptions fleetOptions;

    @Override
    public Integer call() {
        throw new CliException("simulate serve is not available yet; use simulate generate");
    }
}
