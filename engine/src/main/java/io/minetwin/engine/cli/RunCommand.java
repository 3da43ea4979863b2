package io.minetwin.engine.cli;

import io.minetwin.engine.config.Durations;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin run --config FILE}: the engine with its connectors, until stopped. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {"Run the engine with the OPC UA and Sparkplug B connectors of the configuration until stopped"
                + " (Ctrl-C or SIGTERM): twins are kept live and their history stored.",
                "Shutdown closes the connectors, applies queued samples, writes twin snapshots and flushes the store."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin store;

    @Option(names = "--status-every", paramLabel = "DURATION", defaultValue = "10s",
            description = "How often endpoint status is printed (default: ${DEFAULT-VALUE}).")
    String statusEvery;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "Stop after this long, e.g. 60s (default: until stopped).")
    String runFor;

    @Override
    public Integer call() {
        EngineConfig config = store.settings().config().orElseThrow(() -> new CliException(
                "run needs an engine configuration: pass --config FILE (e.g. config/minetwin.yaml)", 2));
        Duration every = parse("--status-every", statusEvery);
        Duration limit = runFor == null ? null : parse("--for", runFor);
        io.minetwin.engine.runtime.Engine.Summary summary;
        RunEngine runner = new RunEngine(spec.commandLine().getOut(), Clock.systemUTC());
        try {
            try (Store st = store.openStore()) {
                summary = runner.run(config, store.dataDir(), st, every, limit);
            }
            spec.commandLine().getOut().println(summary.describeStop());
            return summary.clean() ? 0 : 1;
        } finally {
            runner.finished();
        }
    }

    static Duration parse(String option, String text) {
        try {
            Duration d = Durations.parse(text, false);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " " + text + ": " + e.getMessage() + "; write e.g. 10s or 2m", 2);
        }
    }
}
