package io.minetwin.engine.cli;

import picocli.CommandLine.Command;

/** {@code minetwin history}: import historian exports and query stored history. */
@Command(name = "history",
        mixinStandardHelpOptions = true,
        description = "Import and query the history of twin channels.",
        subcommands = {HistoryImportCommand.class, HistoryQueryCommand.class, HistorySeriesCommand.class})
final class HistoryCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
