package io.minetwin.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code minetwin benchmark}: accuracy benchmarks of the predictive models on public data. */
@Command(name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Accuracy benchmarks of the predictive models on public datasets.",
        subcommands = {CommandLine.HelpCommand.class, BenchmarkCmapssCommand.class})
final class BenchmarkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
