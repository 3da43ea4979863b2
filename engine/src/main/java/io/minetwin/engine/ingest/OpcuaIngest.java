package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.ChannelCatalog;
import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.EventLog;
import io.minetwin.model.Fleet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's OPC UA ingest: one connector per configured endpoint, all feeding one
 * {@link IngestPipeline} into the twin service. Owns the connectors and the pipeline, not the service
 * or the event log: close this first, then the service, then the store.
 */
public final class OpcuaIngest implements AutoCloseable {

    /** Samples one apply takes at most: large enough to amortize the history append. */
    static final int MAX_SAMPLES_PER_APPLY = 50_000;

    private final IngestPipeline pipeline;
    private final List<OpcUaConnector> connectors;

    private OpcuaIngest(IngestPipeline pipeline, List<OpcUaConnector> connectors) {
        this.pipeline = pipeline;
        this.connectors = List.copyOf(connectors);
    }

    /** Which channels the fleet has, and their units. */
    public static ChannelCatalog catalog(Fleet fleet) {
        return key -> fleet.twin(key.twin()).flatMap(d -> d.type().channel(key.component(), key.channel()))
                .map(ChannelSpec::unit);
    }

    /** Starts a connector per endpoint of {@code settings}; they connect in the background. */
    public static OpcuaIngest start(OpcuaSettings settings, Fleet fleet, TwinService service, EventLog events,
                                    Clock clock) {
        var pipeline = new IngestPipeline(service, events, settings.queueBatches(), MAX_SAMPLES_PER_APPLY);
        var connectors = new ArrayList<OpcUaConnector>();
        ChannelCatalog catalog = catalog(fleet);
        for (EndpointConfig e : settings.endpoints()) {
            var c = new OpcUaConnector(e, catalog, pipeline, clock);
            connectors.add(c);
            c.start();
        }
        return new OpcuaIngest(pipeline, connectors);
    }

    public List<EndpointStatus> endpoints() {
        return connectors.stream().map(OpcUaConnector::status).toList();
    }

    public List<OpcUaConnector> connectors() {
        return connectors;
    }

    public IngestPipeline pipeline() {
        return pipeline;
    }

    /** Closes the connectors, then applies what is queued. */
    @Override
    public void close() {
        for (OpcUaConnector c : connectors) {
            c.close();
        }
        pipeline.close();
    }
}
