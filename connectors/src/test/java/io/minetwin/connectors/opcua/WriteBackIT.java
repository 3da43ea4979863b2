package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.testkit.opcua.TestServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing a channel back through the connector's own session, against a real OPC UA server: verified by reading
 * back, refused with the server's status code, not verified when the server acknowledges a write it does not
 * apply, and not attempted without a connection.
 */
class WriteBackIT {

    static final String DERATE = "baiyun/truck-01/engine/derate";
    static final String COOLANT = "baiyun/truck-01/engine/coolant-temp";
    static final SeriesKey DERATE_KEY = SeriesKey.of(TwinId.parse("baiyun:truck-01"), "engine.derate");
    static final SeriesKey COOLANT_KEY = SeriesKey.of(TwinId.parse("baiyun:truck-01"), "engine.coolant-temp");

    @TempDir
    Path dir;

    private OpcUaConnector connect(TestServer server) {
        ChannelCatalog catalog = k -> Optional.ofNullable(Map.of(DERATE_KEY, "", COOLANT_KEY, "degC").get(k));
        var config = EndpointConfig.of("pit", server.url(), dir.resolve("pki"), List.of(PatternMappingIT.pattern()))
                .withPublishing(50, 1000).withKeepAlive(Duration.ofMillis(500));
        var connector = new OpcUaConnector(config, catalog, new RecordingSink(), Clock.systemUTC());
        connector.start();
        RecordingSink.await(Duration.ofSeconds(30), () -> connector.status().state() == EndpointStatus.State.CONNECTED
                && connector.maps(DERATE_KEY), () -> connector.status().toString());
        return connector;
    }

    private static TestServer server() throws Exception {
        var server = new TestServer(Map.of(DERATE, "", COOLANT, "degC"), false);
        server.set(DERATE, 0, Instant.now());
        server.set(COOLANT, 85, Instant.now());
        return server;
    }

    @Test
    void aWriteTheServerAppliesIsVerifiedByReadingBack() throws Exception {
        try (var server = server(); var connector = connect(server)) {
            server.acceptWrites(DERATE, true);
            WriteOutcome o = connector.write(DERATE_KEY, 20, Duration.ofSeconds(5));
            assertEquals(WriteOutcome.Result.VERIFIED, o.result(), o.toString());
            assertEquals(20.0, o.readBack().getAsDouble());
            assertEquals(List.of(DERATE + "=20.0"), server.writes());
        }
    }

    @Test
    void aWriteTheServerAcknowledgesButDoesNotApplyIsNotVerified() throws Exception {
        try (var server = server(); var connector = connect(server)) {
            server.acceptWrites(DERATE, false);
            WriteOutcome o = connector.write(DERATE_KEY, 25, Duration.ofMillis(800));
            assertEquals(WriteOutcome.Result.NOT_VERIFIED, o.result(), o.toString());
            assertEquals(List.of(DERATE + "=25.0"), server.writes(), "the write reached the server");
            assertEquals(0.0, o.readBack().getAsDouble());
            assertTrue(o.reason().startsWith("not verified: the server accepted 25 for ") && o.reason()
                    .contains("within 800 ms it still reads 0; the equipment did not apply it"), o.reason());
        }
    }

    @Test
    void aNodeTheUserMayNotWriteIsRefusedWithTheServersStatus() throws Exception {
        try (var server = server(); var connector = connect(server)) {
            WriteOutcome o = connector.write(COOLANT_KEY, 80, Duration.ofSeconds(2));
            assertEquals(WriteOutcome.Result.REFUSED, o.result(), o.toString());
            assertTrue(o.status().equals("Bad_UserAccessDenied") || o.status().equals("Bad_NotWritable"), o.status());
            assertTrue(o.reason().startsWith(o.status() + ": "), o.reason());
            assertTrue(server.writes().isEmpty());
        }
    }

    @Test
    void withoutAConnectionNothingIsWritten() throws Exception {
        try (var server = server(); var connector = connect(server)) {
            server.acceptWrites(DERATE, true);
            server.stop();
            RecordingSink.await(Duration.ofSeconds(20), () -> connector.status().state() != EndpointStatus.State.CONNECTED,
                    () -> connector.status().toString());
            WriteOutcome o = connector.write(DERATE_KEY, 10, Duration.ofSeconds(2));
            assertEquals(WriteOutcome.Result.NOT_CONNECTED, o.result(), o.toString());
            assertTrue(o.reason().startsWith("not connected: endpoint pit"), o.reason());
            assertTrue(o.reason().endsWith("nothing was written"), o.reason());
            assertTrue(server.writes().isEmpty());
        }
    }
}
