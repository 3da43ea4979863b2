package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.Identity;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.testkit.mqtt.MosquittoBroker;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.minetwin.connectors.sparkplug.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The connector over TLS with a user login: a CA and a broker certificate made with openssl, the broker
 * (mosquitto) listening with them, the connector trusting the CA through a PKCS#12 truststore; and a truststore
 * without that CA refused with a message that names the fix.
 */
class SparkplugTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private static boolean openssl() {
        try {
            return new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }

    private Path truststore(String name, Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        if (caPem != null) {
            try (InputStream in = Files.newInputStream(caPem)) {
                ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
        }
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "trust-pass".toCharArray());
        }
        return file;
    }

    @Test
    void connectsOverTlsWithATruststoreAndALogin() throws Exception {
        assumeTrue(MosquittoBroker.executable().isPresent(), MosquittoBroker.MISSING);
        assumeTrue(openssl(), "openssl is not installed; skipping the TLS test that makes its certificates with it");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=minetwin test CA");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out", "broker.csr",
                "-subj", "/CN=localhost");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out",
                "other-ca.pem", "-days", "2", "-subj", "/CN=some other CA");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "broker.pem", "-days", "2", "-extfile", "san.ext");
        var tls = new MosquittoBroker.Tls(dir.resolve("ca.pem"), dir.resolve("broker.pem"), dir.resolve("broker.key"));
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), new MosquittoBroker.Options(
                List.<String[]>of(new String[] {"edge", "edge-pass"}, new String[] {"minetwin", "host-pass"}),
                Optional.of(tls)))) {
            assertTrue(broker.url().startsWith("ssl://"));
            var login = new Identity.UserPassword("minetwin", "host-pass");

            // A truststore with another CA: the handshake fails and the message says what to fix.
            var untrusting = new SparkplugConnector(BrokerConfig.of("tls-untrusted", broker.url(),
                    SparkplugConnectorIT.rules()).withIdentity(login).withTruststore(new BrokerConfig.Truststore(
                    truststore("other.p12", dir.resolve("other-ca.pem")), "trust-pass".toCharArray())), SparkplugConnectorIT.CATALOG,
                    new RecordingSink(), Clock.systemUTC());
            try {
                untrusting.start();
                await(WAIT, () -> untrusting.status().lastError().isPresent(), () -> "TLS refused");
                assertTrue(untrusting.status().lastError().get().contains("truststore"),
                        untrusting.status().lastError().get());
            } finally {
                untrusting.close();
            }

            var sink = new RecordingSink();
            var c = new SparkplugConnector(BrokerConfig.of("tls", broker.url(), SparkplugConnectorIT.rules())
                    .withIdentity(login).withTruststore(new BrokerConfig.Truststore(truststore("ca.p12",
                            dir.resolve("ca.pem")), "trust-pass".toCharArray())),
                    SparkplugConnectorIT.CATALOG, sink, Clock.systemUTC());
            try {
                c.start();
                await(WAIT, () -> c.status().state() == SparkplugStatus.State.CONNECTED, () -> "TLS " + c.status());
                // The edge node connects over TLS too, with its own login, trusting the same CA.
                SeriesKey temp = SeriesKey.of(TwinId.parse("baiyun:shovel-21"), "hoist.temperature");
                try (var edge = new EdgeNodePublisher(broker.url(), "Baiyun", "shovel-21", 0, "edge", "edge-pass",
                        dir.resolve("ca.p12"), "trust-pass")) {
                    edge.nodeBirth(List.of(EdgeNodePublisher.birth("hoist/temperature", 1, 64.0, "degC",
                            System.currentTimeMillis())));
                    await(WAIT, () -> sink.samples(temp).size() == 1, () -> "birth over TLS, status " + c.status());
                }
                assertEquals(64.0, ((io.minetwin.model.Value.Num) sink.samples(temp).get(0).value()).value(), 1e-9);
            } finally {
                c.close();
            }
        }
    }
}
