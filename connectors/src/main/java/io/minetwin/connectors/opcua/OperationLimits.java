package io.minetwin.connectors.opcua;

import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many operations the server takes in one request, from its {@code ServerCapabilities/OperationLimits}.
 *
 * <p>Servers refuse larger requests whole ({@code Bad_TooManyOperations}), so every request the connector
 * sends is cut to these sizes. A limit the server does not publish (absent, or 0 for "no limit") falls
 * back to the connector's own chunk size.
 */
record OperationLimits(int read, int browse, int translateBrowsePaths, int historyRead, int monitoredItemsPerCall) {

    private static final Logger LOG = LoggerFactory.getLogger(OperationLimits.class);

    // Server_ServerCapabilities_OperationLimits_* (namespace 0), from the OPC UA nodeset.
    private static final List<NodeId> NODES = List.of(
            new NodeId(0, 11705),  // MaxNodesPerRead
            new NodeId(0, 11710),  // MaxNodesPerBrowse
            new NodeId(0, 11712),  // MaxNodesPerTranslateBrowsePathsToNodeIds
            new NodeId(0, 12165),  // MaxNodesPerHistoryReadData
            new NodeId(0, 11714)); // MaxMonitoredItemsPerCall

    static final OperationLimits DEFAULTS = new OperationLimits(1_000, 500, 500, 100, 1_000);

    OperationLimits {
        if (read < 1 || browse < 1 || translateBrowsePaths < 1 || historyRead < 1 || monitoredItemsPerCall < 1) {
            throw new IllegalArgumentException("operation limits must be at least 1");
        }
    }

    /** The server's limits, each capped at the connector's default; the defaults if they cannot be read. */
    static OperationLimits read(OpcUaClient client, String endpoint) {
        try {
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Neither, NODES);
            var limits = new OperationLimits(
                    limit(values.get(0), DEFAULTS.read), limit(values.get(1), DEFAULTS.browse),
                    limit(values.get(2), DEFAULTS.translateBrowsePaths), limit(values.get(3), DEFAULTS.historyRead),
                    limit(values.get(4), DEFAULTS.monitoredItemsPerCall));
            if (!limits.equals(DEFAULTS)) {
                LOG.info("endpoint {}: server operation limits {}", endpoint, limits);
            }
            return limits;
        } catch (UaException | RuntimeException e) {
            LOG.info("endpoint {}: server operation limits could not be read ({}); using {}", endpoint,
                    e.getMessage(), DEFAULTS);
            return DEFAULTS;
        }
    }

    private static int limit(DataValue v, int fallback) {
        if (v == null || v.getStatusCode() == null || !v.getStatusCode().isGood() || v.getValue() == null) {
            return fallback;
        }
        Object o = v.getValue().getValue();
        if (o instanceof Number n && n.longValue() > 0) {
            return (int) Math.min(fallback, n.longValue());
        }
        return fallback;
    }
}
