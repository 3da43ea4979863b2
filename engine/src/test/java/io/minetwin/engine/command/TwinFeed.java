package io.minetwin.engine.command;

import io.minetwin.connectors.opcua.BrowsePattern;
import io.minetwin.connectors.opcua.ChannelCatalog;
import io.minetwin.connectors.opcua.EndpointConfig;
import io.minetwin.connectors.opcua.IngestSink;
import io.minetwin.connectors.opcua.MappingRule;
import io.minetwin.connectors.opcua.OpcUaConnector;
import io.minetwin.connectors.opcua.Sampling;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The command tests' ingest connection: an OPC UA connector that feeds a twin repository from a server laid out
 * {@code Objects/<site>/<asset>/<component>/<channel>} (the simulator's and the test server's layout), mapped to
 * {@code baiyun:<asset>}; the same connection the command writer writes through.
 */
public final class TwinFeed {

    private TwinFeed() {
    }

    /**
     * Starts a connector named {@code name} on {@code url} that applies every batch to {@code twins}, sampling and
     * publishing every {@code intervalMs}; {@code tweak} adjusts the endpoint configuration (e.g. its keep-alive).
     */
    public static OpcUaConnector start(InMemoryTwinRepository twins, String name, String url, Path pkiDir,
            int intervalMs, UnaryOperator<EndpointConfig> tweak) {
        IngestSink sink = new IngestSink() {
            @Override
            public void accept(List<Sample> batch) {
                twins.apply(batch);
            }

            @Override
            public void gap(TwinId twin, Instant from, Instant to, Map<String, String> details) {
            }
        };
        ChannelCatalog catalog = k -> twins.twin(k.twin()).flatMap(t -> t.type().channel(k.component(), k.channel()))
                .map(ChannelSpec::unit);
        var rule = new MappingRule.ByPattern(BrowsePattern.parse("Objects/{site}/{asset}/{component}/{channel}"),
                "baiyun:{asset}", "{component}.{channel}", Optional.empty(), new Sampling(intervalMs, 10,
                Sampling.Deadband.NONE), "test");
        EndpointConfig config = tweak.apply(EndpointConfig.of(name, url, pkiDir, List.of(rule))
                .withPublishing(intervalMs, 1000));
        OpcUaConnector connector = new OpcUaConnector(config, catalog, sink, Clock.systemUTC());
        connector.start();
        return connector;
    }
}
