package io.minetwin.connectors.sparkplug;

import java.util.Objects;
import java.util.Optional;

/**
 * A Sparkplug B topic: {@code spBv1.0/group_id/message_type/edge_node_id[/device_id]}.
 *
 * @param group    the group id
 * @param type     the message type
 * @param edgeNode the edge node id
 * @param device   the device id, for device messages ({@code DBIRTH}, {@code DDATA}, ...)
 */
public record SparkplugTopic(String group, MessageType type, String edgeNode, Optional<String> device) {

    /** The namespace element of Sparkplug B topics. */
    public static final String NAMESPACE = "spBv1.0";

    /** The message types of edge nodes and devices. */
    public enum MessageType {
        NBIRTH, NDEATH, NDATA, NCMD, DBIRTH, DDEATH, DDATA, DCMD;

        /** Whether the message concerns a device rather than the edge node itself. */
        public boolean device() {
            return name().charAt(0) == 'D';
        }
    }

    public SparkplugTopic {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(edgeNode, "edgeNode");
        Objects.requireNonNull(device, "device");
        if (type.device() != device.isPresent()) {
            throw new IllegalArgumentException(type + " topics " + (type.device() ? "need" : "have no") + " device id");
        }
    }

    /** The topic of an edge node message. */
    public static SparkplugTopic node(String group, MessageType type, String edgeNode) {
        return new SparkplugTopic(group, type, edgeNode, Optional.empty());
    }

    /** The topic of a device message. */
    public static SparkplugTopic device(String group, MessageType type, String edgeNode, String device) {
        return new SparkplugTopic(group, type, edgeNode, Optional.of(device));
    }

    /**
     * Parses an MQTT topic; empty for topics outside the Sparkplug B namespace, host {@code STATE} topics and
     * malformed ones (wrong number of elements, unknown message type).
     */
    public static Optional<SparkplugTopic> parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length < 4 || parts.length > 5 || !parts[0].equals(NAMESPACE)) {
            return Optional.empty();
        }
        MessageType type;
        try {
            type = MessageType.valueOf(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                return Optional.empty();
            }
        }
        if (type.device() != (parts.length == 5)) {
            return Optional.empty();
        }
        return Optional.of(new SparkplugTopic(parts[1], type, parts[3],
                parts.length == 5 ? Optional.of(parts[4]) : Optional.empty()));
    }

    /** The edge node's key, {@code group/edge_node}. */
    public String nodeKey() {
        return group + "/" + edgeNode;
    }

    @Override
    public String toString() {
        return NAMESPACE + "/" + group + "/" + type + "/" + edgeNode + device.map(d -> "/" + d).orElse("");
    }
}
