package io.minetwin.engine.cli;

import io.minetwin.engine.api.AuditLog;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minetwin audit}: the data directory's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Who changed what, when, from where and with what outcome: the writes through the API and the"
                + " command line, oldest first.")
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    StoreOptionsMixin storeOptions;
    @Mixin
    JsonOption json;
    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "From this time on (an instant or a date; default: 7 days ago).")
    Instant since;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000",
            description = "The latest N entries at most (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CliException("--limit " + limit + ": give 1 or more", 2);
        }
        AuditLog log = new AuditLog(storeOptions.dataDir());
        Instant from = since != null ? since : Instant.now().minus(Duration.ofDays(7));
        List<AuditLog.Entry> entries = log.read(from, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, Map.of("items", entries.stream().map(AuditLog.Entry::json).toList()));
            return 0;
        }
        if (entries.isEmpty()) {
            out.println("no audit entries since " + from + " in " + log.path());
        }
        for (AuditLog.Entry e : entries) {
            out.printf(Locale.ROOT, "%s  %-16s %-9s %-40s %-40s %-15s %s%n", e.time(), e.who(), e.role(), e.action(),
                    e.target(), e.from(), e.outcome());
        }
        out.flush();
        return 0;
    }
}
