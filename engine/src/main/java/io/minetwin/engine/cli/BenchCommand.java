package io.minetwin.engine.cli;

import picocli.CommandLine.Command;

/** {@code minetwin bench}: benchmarks that print figures against a baseline measured in the same run. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: each prints its figures and a ratio against a baseline measured in the same run.",
        subcommands = {BenchIngestCommand.class, BenchQueryCommand.class, BenchOpcuaCommand.class,
                BenchDittoCommand.class, BenchSparkplugCommand.class, BenchScoreCommand.class, BenchForecastCommand.class,
                BenchEventsCommand.class, BenchScadaCommand.class, BenchScaleCommand.class,
                io.minetwin.engine.faults.BenchFaultsCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
