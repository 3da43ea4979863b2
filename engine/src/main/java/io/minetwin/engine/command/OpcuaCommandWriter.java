package io.minetwin.engine.command;

import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.connectors.opcua.WriteOutcome;
import io.minetwin.model.SeriesKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Writes through the OPC UA connector whose endpoint maps the channel, over the session it ingests with. */
public final class OpcuaCommandWriter implements CommandWriter {

    private final Supplier<List<OpcUaConnector>> connectors;

    /** @param connectors the engine's OPC UA connectors, asked afresh on each command */
    public OpcuaCommandWriter(Supplier<List<OpcUaConnector>> connectors) {
        this.connectors = connectors;
    }

    private Optional<OpcUaConnector> connectorOf(SeriesKey series) {
        return connectors.get().stream().filter(c -> c.maps(series)).findFirst();
    }

    @Override
    public Optional<String> unavailable(SeriesKey series) {
        Optional<OpcUaConnector> c = connectorOf(series);
        if (c.isEmpty()) {
            return Optional.of("not connected: no OPC UA endpoint maps " + series + " (or none has connected yet);"
                    + " map the channel in the 'opcua' section");
        }
        var status = c.get().status();
        if (status.state() != io.minetwin.connectors.opcua.EndpointStatus.State.CONNECTED) {
            return Optional.of("not connected: endpoint " + status.name() + " (" + status.url() + ") is "
                    + status.state().name().toLowerCase(java.util.Locale.ROOT)
                    + status.lastError().map(e -> " (" + e + ")").orElse(""));
        }
        return Optional.empty();
    }

    @Override
    public WriteOutcome write(SeriesKey series, double value, Duration deadline) {
        Optional<OpcUaConnector> c = connectorOf(series);
        if (c.isEmpty()) {
            return new WriteOutcome(WriteOutcome.Result.NOT_MAPPED, "", unavailable(series).orElseThrow(), null);
        }
        return c.get().write(series, value, deadline);
    }
}
