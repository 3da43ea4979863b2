package io.minetwin.engine.cli;

import picocli.CommandLine.Command;

/** {@code minetwin simulate}: the fleet simulator, served over OPC UA or written as a dataset. */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        description = "Simulate a fleet with physics-based wear: serve it over OPC UA or generate a dataset.",
        subcommands = {SimulateGenerateCommand.class, SimulateServeCommand.class})
final class SimulateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
