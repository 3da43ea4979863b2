package io.minetwin.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code minetwin} command line.
 *
 * <p>Each subcommand is a small class; shared options (data directory, config file, JSON output) live
 * in mixins so every command spells them the same way.
 */
@Command(name = "minetwin",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Live digital twins of mining equipment: history, forecasts and OPC UA.",
        subcommands = {
                CommandLine.HelpCommand.class,
                DemoCommand.class,
                RunCommand.class,
                HistoryCommand.class,
                BenchmarkCommand.class,
                ImportCommand.class,
                ModelsCommand.class,
                TrainCommand.class,
                EvaluateCommand.class,
                ForecastCommand.class,
                io.minetwin.engine.scada.ScadaCommand.class,
                BenchCommand.class,
                SimulateCommand.class,
                ReliabilityCommand.class,
                TokensCommand.class,
                AuditCommand.class,
                NotifyCommand.class,
                KpiCommand.class,
                DiscoverCommand.class,
                CheckCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Double.class, new FiniteDoubleConverter());
        cli.registerConverter(Double.TYPE, new FiniteDoubleConverter());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
