package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.ScadaAudit;
import io.minetwin.engine.api.AuditLog;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCADA server's writes in the engine's {@link AuditLog}, beside the API's and the command line's: who (the
 * OPC UA user, or {@code anonymous}), role, action (e.g. {@code opcua Write Value}), the node, the client's
 * address and the OPC UA status. An entry that cannot be written is logged as an error; the client's answer
 * does not wait on it failing.
 */
public final class ScadaAuditLog implements ScadaAudit {

    private static final Logger LOG = LoggerFactory.getLogger(ScadaAuditLog.class);

    private final AuditLog log;
    private final Clock clock;

    public ScadaAuditLog(AuditLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void record(String who, String role, String action, String target, String from, String outcome) {
        try {
            log.append(new AuditLog.Entry(clock.instant(), who, role, action, target, from, outcome));
        } catch (RuntimeException failed) {
            LOG.error("could not record the SCADA write {} {} by {} in the audit log: {}", action, target, who,
                    failed.getMessage());
        }
    }
}
