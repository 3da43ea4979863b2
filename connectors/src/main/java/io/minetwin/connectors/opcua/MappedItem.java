package io.minetwin.connectors.opcua;

import io.minetwin.model.SeriesKey;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A node resolved to the channel it feeds.
 *
 * @param nodeId     the node
 * @param label      the node's browse path or id, for messages
 * @param series     the channel
 * @param conversion from the node's unit to the channel's
 * @param sampling   how it is monitored
 */
record MappedItem(NodeId nodeId, String label, SeriesKey series, Units.Conversion conversion, Sampling sampling) {
    MappedItem {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(sampling, "sampling");
    }
}
