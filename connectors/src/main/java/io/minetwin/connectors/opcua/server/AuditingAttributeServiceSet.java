package io.minetwin.connectors.opcua.server;

import java.net.InetAddress;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultAttributeServiceSet;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateResult;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;

/**
 * Milo's attribute services with every Write and HistoryUpdate recorded in the {@link ScadaAudit}: who (the
 * session's user), what (service, attribute, node), from where (the client's address) and the outcome (the
 * status of each operation, or of the whole request when it is refused before any operation).
 */
final class AuditingAttributeServiceSet extends DefaultAttributeServiceSet {

    private final OpcUaServer server;
    private final ScadaAudit audit;
    private final Map<String, ScadaUser> users;

    AuditingAttributeServiceSet(OpcUaServer server, ScadaAudit audit, Map<String, ScadaUser> users) {
        super(server);
        this.server = server;
        this.audit = audit;
        this.users = users;
    }

    @Override
    public WriteResponse onWrite(ServiceRequestContext context, WriteRequest request) throws UaException {
        WriteValue[] values = request.getNodesToWrite() == null ? new WriteValue[0] : request.getNodesToWrite();
        String[] who = who(context, request.getRequestHeader());
        String from = from(context);
        try {
            WriteResponse response = super.onWrite(context, request);
            StatusCode[] results = response.getResults();
            for (int i = 0; i < values.length; i++) {
                StatusCode s = results != null && i < results.length ? results[i] : StatusCode.BAD;
                audit.record(who[0], who[1], "opcua Write " + attribute(values[i]), values[i].getNodeId().toParseableString(),
                        from, name(s));
            }
            return response;
        } catch (UaException e) {
            for (WriteValue v : values) {
                audit.record(who[0], who[1], "opcua Write " + attribute(v), v.getNodeId().toParseableString(), from,
                        name(e.getStatusCode()));
            }
            throw e;
        }
    }

    @Override
    public HistoryUpdateResponse onHistoryUpdate(ServiceRequestContext context, HistoryUpdateRequest request)
            throws UaException {
        ExtensionObject[] details = request.getHistoryUpdateDetails() == null ? new ExtensionObject[0]
                : request.getHistoryUpdateDetails();
        String[] who = who(context, request.getRequestHeader());
        String from = from(context);
        try {
            HistoryUpdateResponse response = super.onHistoryUpdate(context, request);
            HistoryUpdateResult[] results = response.getResults();
            for (int i = 0; i < details.length; i++) {
                StatusCode s = results != null && i < results.length ? results[i].getStatusCode() : StatusCode.BAD;
                audit.record(who[0], who[1], "opcua HistoryUpdate", "operation " + i, from, name(s));
            }
            return response;
        } catch (UaException e) {
            audit.record(who[0], who[1], "opcua HistoryUpdate", details.length + " operations", from,
                    name(e.getStatusCode()));
            throw e;
        }
    }

    /** The session's user and role; a request without a valid session is recorded as {@code unknown}. */
    private String[] who(ServiceRequestContext context,
                         org.eclipse.milo.opcua.stack.core.types.structured.RequestHeader header) {
        Session session;
        try {
            session = server.getSessionManager().getSession(context, header);
        } catch (UaException noSession) {
            return new String[] {"unknown", "none"};
        }
        Identity identity = session.getIdentity();
        if (identity instanceof Identity.UsernameIdentity u) {
            ScadaUser user = users.get(u.getUsername());
            return new String[] {u.getUsername(), user == null ? "unknown" : user.role().name().toLowerCase(
                    java.util.Locale.ROOT)};
        }
        return new String[] {"anonymous", "anonymous"};
    }

    private static String from(ServiceRequestContext context) {
        try {
            InetAddress a = context.clientAddress();
            return a == null ? "unknown" : a.getHostAddress();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String attribute(WriteValue v) {
        return AttributeId.from(v.getAttributeId()).map(Enum::name).orElse("attribute " + v.getAttributeId());
    }

    private static String name(StatusCode s) {
        return StatusCodes.lookup(s.value()).map(n -> n[0]).orElse(s.toString());
    }
}
