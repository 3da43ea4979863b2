package io.minetwin.engine.cli;

import io.minetwin.engine.api.AuditLog;
import java.nio.file.Path;
import java.time.Instant;

/** The command line's writes in the data directory's audit log, under the operating-system user. */
final class CliAudit {

    private CliAudit() {
    }

    static void record(Path dataDir, String action, String target, String outcome) {
        new AuditLog(dataDir).append(new AuditLog.Entry(Instant.now(), AuditLog.commandLineUser(), "cli", action,
                target, "cli", outcome));
    }
}
