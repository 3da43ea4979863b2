package io.minetwin.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import io.minetwin.testkit.TwinFixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS: served with a key store, trusted through its PEM certificate, and plain HTTP kept off the network. */
class HttpsIT {

    private static final String TOKEN = "a-token-for-the-https-test";

    @TempDir
    Path dir;

    private static HttpClient trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("minetwin", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    @Test
    void theApiServesHttpsWithTheGeneratedCertificateAndNothingElse() throws Exception {
        var cert = SelfSignedHttps.ensure(dir.resolve("https"));
        assertTrue(Files.readString(cert.pem()).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(cert.sha256(), SelfSignedHttps.ensure(dir.resolve("https")).sha256(), "generated once, then kept");

        var clock = new TwinFixtures.ManualClock(TwinFixtures.T0);
        try (Store store = Store.inMemory(StoreOptions.defaults())) {
            var backend = new ApiBackend(TwinFixtures.repository(clock), store.history(), store.events(), Map::of,
                    new ObjectMapper());
            var tokens = new AccessTokens(List.of(new AccessTokens.Entry("t", Role.VIEWER, AccessTokens.hash(TOKEN)),
                    new AccessTokens.Entry("p", Role.PLANNER, AccessTokens.hash(TOKEN + "-planner"))));
            ApiServer server = new ApiServer(backend, tokens, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            try {
                int port = server.start("127.0.0.1", 0, Optional.of(cert.tls()));
                var request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/twins"))
                        .header("Authorization", "Bearer " + TOKEN).GET().build();

                var ok = trusting(cert.pem()).send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), ok.body());
                assertEquals("TLSv1.3", ok.sslSession().orElseThrow().getProtocol());
                assertEquals(HttpClient.Version.HTTP_2, ok.version(), "HTTP/2 for a client that offers it");
                var h1 = HttpRequest.newBuilder(request.uri()).version(HttpClient.Version.HTTP_1_1)
                        .header("Authorization", "Bearer " + TOKEN).GET().build();
                var old = trusting(cert.pem()).send(h1, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, old.statusCode(), old.body());
                assertEquals(HttpClient.Version.HTTP_1_1, old.version(), "HTTP/1.1 for a client that asks for it");
                var stream = trusting(cert.pem()).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                                + "/api/stream")).header("Authorization", "Bearer " + TOKEN)
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
                assertEquals(200, stream.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, stream.version());
                try (var lines = stream.body()) {
                    assertEquals("event: hello", lines.filter(l -> l.startsWith("event:")).findFirst().orElseThrow(),
                            "the live feed streams over HTTP/2");
                }
                byte[] big = ("{\"comment\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
                var oversize = trusting(cert.pem()).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                                + "/api/maintenance")).header("Authorization", "Bearer " + TOKEN + "-planner")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(HttpClient.Version.HTTP_2, oversize.version());
                assertEquals(413, oversize.statusCode(), "the body cap holds for HTTP/2 frames without a length: "
                        + oversize.body());

                assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofString()), "a client that does not trust it");
                var plain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/twins"))
                        .header("Authorization", "Bearer " + TOKEN).GET().build();
                assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient()
                        .send(plain, HttpResponse.BodyHandlers.ofString()), "no plain HTTP on the HTTPS port");
            } finally {
                server.close();
            }
        }
    }

    @Test
    void plainHttpOnANetworkAddressIsRefusedUnlessSaidInWriting() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("bind", "0.0.0.0"),
                "minetwin.yaml"));
        assertTrue(e.getMessage().contains("http.bind 0.0.0.0 would serve plain HTTP to the network")
                && e.getMessage().contains("insecure-http: true") && e.getMessage().contains("http.tls"), e.getMessage());
        assertTrue(ApiSettings.from(Map.of("bind", "0.0.0.0", "insecure-http", true), "minetwin.yaml").insecureHttp());

        var cert = SelfSignedHttps.ensure(dir.resolve("https"));
        String password = new String(cert.tls().password());
        ApiSettings tls = ApiSettings.from(Map.of("bind", "0.0.0.0", "tls", Map.of("keystore", "https/server.p12",
                "password-env", "HTTPS_PASSWORD")), "minetwin.yaml", Map.of("HTTPS_PASSWORD", password)::get, dir);
        assertEquals("https", tls.scheme());
        var missing = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("tls",
                Map.of("keystore", "nowhere.p12", "password-env", "X")), "minetwin.yaml", name -> "x", dir));
        assertTrue(missing.getMessage().contains("http.tls.keystore") && missing.getMessage().contains("cannot be read"),
                missing.getMessage());
        var unset = assertThrows(IllegalArgumentException.class, () -> ApiSettings.from(Map.of("tls",
                Map.of("keystore", "https/server.p12", "password-env", "UNSET")), "minetwin.yaml", name -> null, dir));
        assertTrue(unset.getMessage().contains("UNSET is not set"), unset.getMessage());
    }
}
