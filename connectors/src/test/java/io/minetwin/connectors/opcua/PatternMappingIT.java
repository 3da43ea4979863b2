package io.minetwin.connectors.opcua;

import io.minetwin.testkit.opcua.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.Quality;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternMappingIT {

    static final TwinId TRUCK = TwinId.parse("baiyun:truck-01");
    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-01");
    static final SeriesKey COOLANT = SeriesKey.of(TRUCK, "engine.coolant-temp");
    static final SeriesKey OIL = SeriesKey.of(TRUCK, "engine.oil-pressure");
    static final SeriesKey WINDING = SeriesKey.of(SHOVEL, "hoist-motor.winding-temp");

    static final Map<SeriesKey, String> CHANNELS = Map.of(COOLANT, "degC", OIL, "kPa", WINDING, "degC");
    static final ChannelCatalog CATALOG = key -> Optional.ofNullable(CHANNELS.get(key));

    static TestServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        var units = new LinkedHashMap<String, String>();
        units.put("baiyun/truck-01/engine/coolant-temp", "°F");
        units.put("baiyun/truck-01/engine/oil-pressure", "psi");
        units.put("baiyun/truck-01/engine/mystery", "");
        units.put("baiyun/shovel-01/hoist-motor/winding-temp", "degC");
        server = new TestServer(units, false);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static MappingRule.ByPattern pattern() {
        return new MappingRule.ByPattern(BrowsePattern.parse("Objects/{site}/{asset}/{component}/{channel}"),
                "baiyun:{asset}", "{component}.{channel}", Optional.empty(), new Sampling(50, 10,
                Sampling.Deadband.NONE), "test");
    }

    @Test
    void patternMappingFillsTwinsWithConvertedValuesQualitiesAndSourceTimes() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(10);
        server.set("baiyun/truck-01/engine/coolant-temp", 212.0, t0);
        server.set("baiyun/truck-01/engine/oil-pressure", 50.0, t0);
        server.set("baiyun/shovel-01/hoist-motor/winding-temp", 95.5, t0);

        var sink = new RecordingSink();
        var config = EndpointConfig.of("pit", server.url(), dir.resolve("pki"), List.of(pattern()))
                .withPublishing(50, 1000);
        try (var connector = new OpcUaConnector(config, CATALOG, sink, Clock.systemUTC())) {
            connector.start();
            RecordingSink.await(Duration.ofSeconds(30), () -> connector.status().monitoredItems() == 3,
                    () -> connector.status().toString());

            // The initial read seeds every mapped channel, converted to the channel's unit, at the source time.
            assertEquals(100.0, ((Value.Num) sink.samples(COOLANT).get(0).value()).value(), 1e-9);
            assertEquals(344.7378646584, ((Value.Num) sink.samples(OIL).get(0).value()).value(), 1e-6);
            assertEquals(95.5, ((Value.Num) sink.samples(WINDING).get(0).value()).value(), 1e-9);
            assertEquals(t0, sink.samples(COOLANT).get(0).sourceTime());
            // The server's own timestamp is kept beside the source time, not in its place.
            Instant serverTime = sink.samples(COOLANT).get(0).serverTime().orElseThrow();
            assertTrue(serverTime.isAfter(t0), "server time " + serverTime + " is the server's, not the source's " + t0);

            MappingReport report = connector.mappingReport();
            assertEquals(3, report.mapped());
            assertEquals(1, report.unmappedCount(), report.describe("pit"));
            assertTrue(report.unmapped().get(0).contains("Objects/baiyun/truck-01/engine/mystery"), report.unmapped().toString());

            Instant t1 = t0.plusSeconds(1);
            server.set("baiyun/truck-01/engine/coolant-temp", 32.0, t1);
            RecordingSink.await(Duration.ofSeconds(10), () -> sink.samples(COOLANT).size() >= 2,
                    () -> sink.samples(COOLANT).toString());
            var latest = sink.samples(COOLANT).get(sink.samples(COOLANT).size() - 1);
            assertEquals(0.0, ((Value.Num) latest.value()).value(), 1e-9);
            assertEquals(t1, latest.sourceTime());
            assertEquals(Quality.GOOD, latest.quality());

            // A bad status arrives as bad quality without a usable value, never as a good value.
            Instant t2 = t1.plusSeconds(1);
            server.setBad("baiyun/truck-01/engine/coolant-temp", t2);
            RecordingSink.await(Duration.ofSeconds(10), () -> sink.samples(COOLANT).size() >= 3,
                    () -> sink.samples(COOLANT).toString());
            var bad = sink.samples(COOLANT).get(2);
            assertEquals(QualityLevel.BAD, bad.quality().level());
            assertTrue(((Quality.Bad) bad.quality()).reason().contains("Bad_SensorFailure"), bad.toString());
            assertTrue(Double.isNaN(((Value.Num) bad.value()).value()));
            assertEquals(t2, bad.sourceTime());

            assertEquals(EndpointStatus.State.CONNECTED, connector.status().state());
        }
    }
}
