package io.minetwin.engine.ditto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DittoConfigTest {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Path config(String ditto) throws IOException {
        Path f = dir.resolve("minetwin.yaml");
        Files.writeString(f, "data-dir: data\n"
                + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                + ditto);
        return f;
    }

    Optional<DittoSettings> load(Path f) {
        return DittoConfig.load(EngineConfig.load(f), Map.of("DITTO_PASSWORD", "s3cret", "DITTO_TOKEN", "a.b.c")::get);
    }

    @Test
    void readsEverySetting() throws IOException {
        DittoSettings s = load(config("""
                ditto:
                  endpoint: wss://ditto.example:443
                  user: minetwin
                  password-env: DITTO_PASSWORD
                  policy: org.baiyun:minetwin
                  namespaces: {baiyun: org.baiyun}
                  twins: ["baiyun:shovel-*", "baiyun:truck-01"]
                  components: [hoist-motor]
                  max-updates-per-second: 0.5
                  max-in-flight: 32
                  request-timeout: 5s
                  backoff: {min: 200ms, max: 30s}
                  watch-deletions: true
                """)).orElseThrow();
        assertEquals("wss://ditto.example:443", s.endpoint().toString());
        assertEquals(new DittoSettings.Auth.Basic("minetwin", "s3cret"), s.auth());
        assertEquals(Optional.of("org.baiyun:minetwin"), s.policyId());
        assertEquals(Map.of("baiyun", "org.baiyun"), s.namespaces());
        assertEquals(List.of("baiyun:shovel-*", "baiyun:truck-01"), s.twins());
        assertEquals(List.of("hoist-motor"), s.components());
        assertEquals(0.5, s.maxUpdatesPerSecond());
        assertEquals(32, s.maxInFlight());
        assertEquals(Duration.ofSeconds(5), s.requestTimeout());
        assertEquals(Duration.ofMillis(200), s.minBackoff());
        assertEquals(Duration.ofSeconds(30), s.maxBackoff());
        assertTrue(s.watchDeletions());
    }

    @Test
    void defaultsAndTokens() throws IOException {
        DittoSettings s = load(config("""
                ditto:
                  endpoint: ws://localhost:8080
                  token-env: DITTO_TOKEN
                """)).orElseThrow();
        assertTrue(s.auth() instanceof DittoSettings.Auth.Bearer b && b.token().get().equals("a.b.c"));
        assertEquals(DittoSettings.DEFAULT_MAX_UPDATES_PER_SECOND, s.maxUpdatesPerSecond());
        assertEquals(List.of(), s.twins());
        assertEquals(Optional.empty(), s.policyId());
    }

    @Test
    void noSectionOrDisabledMeansNoSync() throws IOException {
        assertEquals(Optional.empty(), load(config("")));
        assertEquals(Optional.empty(), load(config("""
                ditto:
                  enabled: false
                  endpoint: ws://localhost:8080
                """)));
    }

    @Test
    void everyProblemIsReportedWithItsLineAndTheFix() throws IOException {
        Path f = config("""
                ditto:
                  endpoint: http://localhost:8080
                  user: minetwin
                  password-env: NOT_SET
                  policy: no-namespace
                  max-updates-per-second: fast
                  backoff: {min: soon}
                  colour: blue
                """);
        var e = assertThrows(ConfigException.class, () -> load(f));
        String m = e.getMessage();
        assertTrue(m.contains(f + ":5:3") && m.contains("ditto.endpoint") && m.contains("ws://host:port"), m);
        assertTrue(m.contains(f + ":7:3") && m.contains("NOT_SET is not set"), m);
        assertTrue(m.contains(f + ":8:3") && m.contains("namespace:name"), m);
        assertTrue(m.contains(f + ":9:3") && m.contains("'fast'"), m);
        assertTrue(m.contains("ditto.backoff.min"), m);
        assertTrue(m.contains(f + ":11:3") && m.contains("ditto.colour") && m.contains("known keys"), m);
        assertEquals(6, e.problems().size(), m);
    }

    @Test
    void aMissingEndpointAndLoginAreNamed() throws IOException {
        var e = assertThrows(ConfigException.class, () -> load(config("""
                ditto:
                  policy: org.baiyun:minetwin
                """)));
        assertTrue(e.getMessage().contains("ditto.endpoint") && e.getMessage().contains("ws://localhost:8080"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ditto.user"), e.getMessage());
    }
}
