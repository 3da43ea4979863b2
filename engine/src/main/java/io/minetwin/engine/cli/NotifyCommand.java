package io.minetwin.engine.cli;

import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.notify.ChannelTest;
import io.minetwin.engine.notify.NotificationSettings;
import io.minetwin.engine.notify.NotificationsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin notify}: helpers for the notifications of the configuration's {@code notifications} section. */
@Command(name = "notify",
        mixinStandardHelpOptions = true,
        description = "Helpers for notifications (the 'notifications' section of the configuration).",
        subcommands = {NotifyCommand.Test.class})
public final class NotifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code minetwin notify test}: one test message to every channel, and what each answered. */
    @Command(name = "test",
            mixinStandardHelpOptions = true,
            description = {"Send a test message to each configured notification channel and print, per channel, OK",
                    "or exactly why it failed.",
                    "Exit code: 0 every channel works, 1 a channel failed, 2 the configuration is wrong."})
    public static final class Test implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE",
                description = "Engine configuration (default: config/minetwin.yaml).")
        Path config;

        /** Reads the environment variables that hold the channels' secrets. */
        private final Function<String, String> env;

        public Test() {
            this(System::getenv);
        }

        Test(Function<String, String> env) {
            this.env = env;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Optional<NotificationSettings> settings;
            try {
                Optional<EngineConfig> c = EngineSettings.resolve(config).config();
                if (c.isEmpty()) {
                    err.println("error: no configuration found; pass --config FILE (e.g. config/minetwin.yaml)");
                    return 2;
                }
                settings = NotificationsConfig.load(c.get(), env);
                if (settings.isEmpty()) {
                    err.println("error: " + c.get().file() + " has no 'notifications' section (or it says enabled:"
                            + " false); README.md, section Notifications, shows one");
                    return 2;
                }
            } catch (ConfigException | CliException e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            List<ChannelTest> results = ChannelTest.run(settings.get(), Clock.systemUTC());
            int failed = 0;
            for (ChannelTest r : results) {
                out.println(String.format(Locale.ROOT, "%-6s %s %s: %s", r.ok() ? "OK" : "FAILED", r.kind(),
                        r.channel(), r.status()));
                failed += r.ok() ? 0 : 1;
            }
            out.println(failed == 0 ? results.size() + " channels work"
                    : failed + " of " + results.size() + " channels failed");
            out.flush();
            return failed == 0 ? 0 : 1;
        }
    }
}
