package io.minetwin.milo.server;

import java.util.List;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A managed namespace whose monitored items are sampled by Milo's {@link SubscriptionModel} (started and stopped
 * with the namespace), with a helper for the folders of an address space. A subclass adds its nodes in a startup
 * task; one that pushes some values itself overrides the item callbacks and hands the rest to {@code super}.
 */
public abstract class SampledNamespace extends ManagedNamespaceWithLifecycle {

    private final SubscriptionModel subscriptions;

    protected SampledNamespace(OpcUaServer server, String namespaceUri) {
        super(server, namespaceUri);
        this.subscriptions = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptions);
    }

    /** The subscription model that samples this namespace's monitored items. */
    protected final SubscriptionModel subscriptionModel() {
        return subscriptions;
    }

    /**
     * A folder {@code name} with node id {@code ns=<this>;s=<path>}, organized under {@code parent} (e.g.
     * {@link NodeIds#ObjectsFolder}).
     */
    protected UaFolderNode folder(String path, String name, NodeId parent) {
        var f = new UaFolderNode(getNodeContext(), newNodeId(path), newQualifiedName(name), LocalizedText.english(name));
        getNodeManager().addNode(f);
        f.addReference(new Reference(f.getNodeId(), NodeIds.Organizes, parent.expanded(), false));
        return f;
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptions.onDataItemsCreated(dataItems);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptions.onDataItemsModified(dataItems);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptions.onDataItemsDeleted(dataItems);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptions.onMonitoringModeChanged(monitoredItems);
    }
}
