package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.IngestSink;
import io.minetwin.connectors.sparkplug.BrokerConfig;
import io.minetwin.connectors.sparkplug.SparkplugConnector;
import io.minetwin.connectors.sparkplug.SparkplugStatus;
import io.minetwin.model.Fleet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's Sparkplug B ingest: one connector per configured broker, feeding the ingest pipeline the OPC UA
 * connectors feed. Owns the connectors, not the pipeline: close this before the pipeline.
 */
public final class SparkplugIngest implements AutoCloseable {

    public static final SparkplugIngest NONE = new SparkplugIngest(List.of());

    private final List<SparkplugConnector> connectors;

    private SparkplugIngest(List<SparkplugConnector> connectors) {
        this.connectors = List.copyOf(connectors);
    }

    /** Starts a connector per broker of {@code settings}; they connect in the background. */
    public static SparkplugIngest start(SparkplugSettings settings, Fleet fleet, IngestSink sink, Clock clock) {
        var connectors = new ArrayList<SparkplugConnector>();
        for (BrokerConfig b : settings.brokers()) {
            var c = new SparkplugConnector(b, OpcuaIngest.catalog(fleet), sink, clock);
            connectors.add(c);
            c.start();
        }
        return new SparkplugIngest(connectors);
    }

    public List<SparkplugStatus> brokers() {
        return connectors.stream().map(SparkplugConnector::status).toList();
    }

    @Override
    public void close() {
        for (SparkplugConnector c : connectors) {
            c.close();
        }
    }
}
