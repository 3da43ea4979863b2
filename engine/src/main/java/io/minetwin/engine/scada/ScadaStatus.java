package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.ScadaServer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The SCADA server's status as the API's status document and the console show it. */
public final class ScadaStatus {

    private ScadaStatus() {
    }

    /** The {@code scada} entry of the status document. */
    public static Map<String, Object> map(ScadaServer server) {
        ScadaServer.Status s = server.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoints", s.endpoints());
        m.put("twins", s.twins());
        m.put("nodes", s.nodes());
        m.put("sessions", s.sessions());
        m.put("monitoredItems", s.monitoredItems());
        m.put("changesApplied", s.changesApplied());
        m.put("queuedChanges", s.queued());
        m.put("queueWaits", s.queueWaits());
        m.put("notifications", s.notifications());
        m.put("valuesWaiting", s.valuesWaiting());
        m.put("valuesCoalesced", s.valuesCoalesced());
        m.put("monitoredChanges", s.monitoredChanges());
        m.put("minSamplingIntervalMs", s.minSamplingInterval());
        m.put("events", s.events());
        m.put("historyReads", s.historyReads());
        m.put("lastError", s.lastError().orElse(null));
        m.put("alarmsRetained", server.alarms().retained());
        m.put("alarmEvents", server.alarms().events());
        return m;
    }

    /** One console line. */
    public static String describe(ScadaServer server) {
        ScadaServer.Status s = server.status();
        return String.format(Locale.ROOT, "scada: %s, %d twins (%,d nodes), %d sessions, %d monitored items,"
                        + " %,d changes applied (%d queued), %,d notifications, %d events, %d history reads%s",
                server.endpointUrl(), s.twins(), s.nodes(), s.sessions(), s.monitoredItems(), s.changesApplied(),
                s.queued(), s.notifications(), s.events(), s.historyReads(),
                s.lastError().map(e -> "; last error: " + e).orElse(""));
    }
}
