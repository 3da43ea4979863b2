package io.minetwin.connectors.opcua;

import io.minetwin.testkit.opcua.TestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityIT {

    static TestServer server;
    static final Security SIGN_AND_ENCRYPT = new Security(Security.Policy.BASIC256SHA256, Security.Mode.SIGN_AND_ENCRYPT);
    static final ChannelCatalog CATALOG = k -> k.equals(PatternMappingIT.WINDING) ? Optional.of("degC") : Optional.empty();

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer(Map.of("baiyun/shovel-01/hoist-motor/winding-temp", "degC"), false);
        server.set("baiyun/shovel-01/hoist-motor/winding-temp", 88.0, Instant.now().minusSeconds(1));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private EndpointConfig config() {
        return EndpointConfig.of("secure", server.url(), dir.resolve("pki"), List.of(PatternMappingIT.pattern()))
                .withSecurity(SIGN_AND_ENCRYPT, new Identity.UserPassword(TestServer.USER, TestServer.PASSWORD));
    }

    @Test
    void signAndEncryptWithUserPasswordConnectsOnceTheServerCertificateIsTrusted() throws Exception {
        Pki pki = Pki.open(dir.resolve("pki"));
        Files.write(pki.trustedDir().resolve("test-server.der"), server.certificate().getEncoded());
        var sink = new RecordingSink();
        try (var connector = new OpcUaConnector(config(), CATALOG, sink, Clock.systemUTC())) {
            connector.start();
            RecordingSink.await(Duration.ofSeconds(30), () -> !sink.samples(PatternMappingIT.WINDING).isEmpty()
                            && connector.status().state() == EndpointStatus.State.CONNECTED,
                    () -> connector.status().toString());
            assertEquals(1, connector.status().monitoredItems());
            assertTrue(Files.exists(dir.resolve("pki/own/client-cert.der")), "own certificate generated on first start");
        }
    }

    @Test
    void untrustedServerCertificateIsRefusedWithAMessageSayingWhichFileToMoveWhere() throws Exception {
        var sink = new RecordingSink();
        try (var connector = new OpcUaConnector(config(), CATALOG, sink, Clock.systemUTC())) {
            connector.start();
            RecordingSink.await(Duration.ofSeconds(30), () -> connector.status().lastError().isPresent(),
                    () -> connector.status().toString());
            String error = connector.status().lastError().orElseThrow();
            Path rejected = dir.resolve("pki/rejected");
            List<Path> files;
            try (var s = Files.list(rejected)) {
                files = s.toList();
            }
            assertEquals(1, files.size(), files.toString());
            assertTrue(error.contains("is not trusted") && error.contains(files.get(0).toString())
                    && error.contains("move that file to " + dir.resolve("pki/trusted")), error);
            assertTrue(sink.samples().isEmpty());
            assertTrue(connector.status().state() == EndpointStatus.State.CONNECTING);

            // Doing what the message says lets the connector in on its next attempt.
            Files.move(files.get(0), dir.resolve("pki/trusted").resolve(files.get(0).getFileName()));
            RecordingSink.await(Duration.ofSeconds(30), () -> !sink.samples(PatternMappingIT.WINDING).isEmpty(),
                    () -> connector.status().toString());
        }
    }

    @Test
    void wrongPasswordIsReportedAsRefusedLogin() throws Exception {
        Pki pki = Pki.open(dir.resolve("pki"));
        Files.write(pki.trustedDir().resolve("test-server.der"), server.certificate().getEncoded());
        var cfg = config().withSecurity(SIGN_AND_ENCRYPT, new Identity.UserPassword(TestServer.USER, "wrong"));
        try (var connector = new OpcUaConnector(cfg, CATALOG, new RecordingSink(), Clock.systemUTC())) {
            connector.start();
            RecordingSink.await(Duration.ofSeconds(30), () -> connector.status().lastError().isPresent(),
                    () -> connector.status().toString());
            String error = connector.status().lastError().orElseThrow();
            assertTrue(error.contains("refused the login") && error.contains("'password'"), error);
        }
    }

}
