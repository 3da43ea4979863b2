package io.minetwin.connectors.opcua.server;

import io.minetwin.milo.server.SampledNamespace;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.model.objects.AlarmConditionTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.factories.NodeFactory;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;

/**
 * The namespace of the alarm conditions ({@code urn:minetwin:alarms}): the folder
 * {@code Objects/minetwin/Alarms} and one {@code AlarmConditionType} object per component that has had an alert,
 * node id {@code <twin>/<component>#Alarm}, organized under the folder and referenced by its component with
 * {@code HasCondition}. The nodes show the condition's current (main branch) state; the variables are sampled.
 */
final class AlarmNamespace extends SampledNamespace {

    static final String URI = "urn:minetwin:alarms";
    static final String FOLDER = "Alarms";

    private final NodeId twinRoot;
    private UaFolderNode folder;

    AlarmNamespace(OpcUaServer server, NodeId twinRoot) {
        super(server, URI);
        this.twinRoot = twinRoot;
        getLifecycleManager().addStartupTask(() -> folder = folder("minetwin/" + FOLDER, FOLDER, twinRoot));
    }

    NodeId folderId() {
        return folder.getNodeId();
    }

    NodeId conditionId(String twinAndComponent) {
        return newNodeId(twinAndComponent + "#Alarm");
    }

    NodeId branchId(java.util.UUID uuid) {
        return newNodeId(uuid);
    }

    /**
     * A new {@code AlarmConditionType} object with its mandatory children and the optional {@code ConfirmedState}
     * and {@code Confirm}, organized under the Alarms folder and a condition of {@code source}.
     */
    AlarmConditionTypeNode condition(NodeId id, String name, NodeId source) throws UaException {
        var node = (AlarmConditionTypeNode) new NodeFactory(getNodeContext()).createNode(id, NodeIds.AlarmConditionType,
                new NodeFactory.InstantiationCallback() {
                    @Override
                    public boolean includeOptionalNode(NodeId typeDefinitionId, QualifiedName browseName) {
                        return "ConfirmedState".equals(browseName.name()) || "Confirm".equals(browseName.name());
                    }
                });
        node.setBrowseName(newQualifiedName(name));
        node.setDisplayName(LocalizedText.english(name));
        node.setDescription(LocalizedText.english("The alert of " + name + ": active while the component's alert is"
                + " open; acknowledge and confirm it here or through the API"));
        if (!getNodeManager().containsNode(id)) {
            getNodeManager().addNode(node);
        }
        node.addReference(new Reference(id, NodeIds.Organizes, folder.getNodeId().expanded(), false));
        node.addReference(new Reference(id, NodeIds.HasCondition, source.expanded(), false));
        return node;
    }

    NodeId twinRoot() {
        return twinRoot;
    }
}
