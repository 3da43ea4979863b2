package io.minetwin.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code minetwin import}: records from other systems into the store. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = "Import records from other systems into the store.",
        subcommands = {CommandLine.HelpCommand.class, ImportMaintenanceCommand.class})
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
