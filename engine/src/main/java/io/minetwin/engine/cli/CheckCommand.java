package io.minetwin.engine.cli;

import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.discover.ConfigCheck;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.model.Fleet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin check --config FILE}: the configuration against the live OPC UA servers, before {@code run}. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        description = {"Check a configuration against the live OPC UA servers before 'minetwin run': every mapping"
                + " resolves to a node, its data type suits the channel, its unit converts and its EURange is sane.",
                "Exit code 0: ready to run; 1: problems (listed); 2: the configuration itself is invalid."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The engine configuration, e.g. site/minetwin.yaml as 'minetwin discover' wrote it.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(config)) {
            throw new CliException("--config " + config + ": no such file", 2);
        }
        Fleet fleet;
        OpcuaSettings opcua;
        try {
            EngineConfig c = EngineConfig.load(config);
            fleet = c.loadFleet();
            opcua = OpcuaSettings.load(c, fleet, System::getenv);
        } catch (ConfigException e) {
            throw new CliException(e.getMessage(), 2);
        }
        if (opcua.endpoints().isEmpty()) {
            throw new CliException(config + ": no OPC UA endpoint to check; add an 'opcua' section with 'endpoints'"
                    + " (config/minetwin.yaml shows one), or write one with 'minetwin discover'", 2);
        }
        out.println("check " + config + ": " + fleet.twins().size() + " twins, " + opcua.endpoints().size()
                + " OPC UA endpoint" + (opcua.endpoints().size() == 1 ? "" : "s"));
        ConfigCheck.Outcome o = new ConfigCheck(fleet, opcua, out).run();
        if (o.problems() == 0) {
            out.printf("result: %d mappings checked, no problems: ready for 'minetwin run --config %s'%n",
                    o.mappings(), config);
            return 0;
        }
        out.printf("result: %d mappings checked, %d problem%s (marked PROBLEM above, each with its fix)%n",
                o.mappings(), o.problems(), o.problems() == 1 ? "" : "s");
        return 1;
    }
}
