package io.minetwin.engine.scada;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.server.PasswordHash;
import io.minetwin.connectors.opcua.server.ScadaLimits;
import io.minetwin.connectors.opcua.server.ScadaRole;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScadaConfigTest {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    static final String HASH = PasswordHash.hash("control-room-password", new SecureRandom());

    @TempDir
    Path dir;

    Path config(String scada) throws IOException {
        Path f = dir.resolve("minetwin.yaml");
        Files.writeString(f, "data-dir: data\n"
                + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                + scada);
        return f;
    }

    Optional<ScadaServerSettings> load(Path f) {
        return ScadaConfig.load(EngineConfig.load(f));
    }

    @Test
    void readsEverySetting() throws IOException {
        ScadaServerSettings s = load(config("""
                scada:
                  bind: 0.0.0.0
                  hostname: scada-gw.example
                  port: 4841
                  path: /twins
                  pki-dir: pki/scada
                  users:
                    - name: control-room
                      role: scada
                      password-hash: '%s'
                    - name: ops
                      role: admin
                      password-hash: '%s'
                  allow-anonymous-none: true
                  max-values-per-read: 500
                  max-sessions: 5
                  max-subscriptions-per-session: 3
                  max-monitored-items-per-session: 2000
                  max-queue-size: 10
                  max-history-points-per-call: 50000
                  min-sampling-interval: 250
                """.formatted(HASH, HASH))).orElseThrow();
        assertEquals(new ScadaLimits(5, 3, 2000, 10, 50_000, 250), s.limits());
        assertEquals("0.0.0.0", s.bindAddress());
        assertEquals("scada-gw.example", s.hostname());
        assertEquals(4841, s.port());
        assertEquals("/twins", s.path());
        assertEquals(dir.resolve("pki/scada"), s.pkiDir());
        assertEquals(List.of("control-room", "ops"), s.users().stream().map(u -> u.name()).toList());
        assertEquals(ScadaRole.ADMIN, s.users().get(1).role());
        assertTrue(PasswordHash.verify("control-room-password", s.users().get(0).passwordHash()));
        assertTrue(s.allowAnonymousNone());
        assertEquals(500, s.maxValuesPerRead());
        assertEquals("opc.tcp://scada-gw.example:4841/twins", s.endpointUrl(s.port()));
    }

    @Test
    void defaultsServeLoopbackOn4840AtMinetwinWithSecurityOnly() throws IOException {
        ScadaServerSettings s = load(config("""
                scada:
                  users: [{name: control-room, role: scada, password-hash: '%s'}]
                """.formatted(HASH))).orElseThrow();
        assertEquals("127.0.0.1", s.bindAddress());
        assertEquals("127.0.0.1", s.hostname());
        assertEquals(4840, s.port());
        assertEquals("/minetwin", s.path());
        assertEquals(dir.resolve("data").resolve("scada-pki"), s.pkiDir());
        assertFalse(s.allowAnonymousNone());
        assertEquals(ScadaServerSettings.DEFAULT_MAX_VALUES_PER_READ, s.maxValuesPerRead());
        assertEquals(ScadaLimits.DEFAULTS, s.limits());
    }

    @Test
    void aLimitOutOfRangeIsReportedWithItsKeyAndRange() throws IOException {
        Path f = config("""
                scada:
                  users: [{name: control-room, role: scada, password-hash: '%s'}]
                  max-sessions: 0
                  max-queue-size: lots
                  min-sampling-interval: 0
                """.formatted(HASH));
        ConfigException e = assertThrows(ConfigException.class, () -> load(f));
        assertTrue(e.getMessage().contains("scada.max-sessions") && e.getMessage().contains("from 1 to 10000"),
                e.getMessage());
        assertTrue(e.getMessage().contains("scada.max-queue-size") && e.getMessage().contains("'lots'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("scada.min-sampling-interval") && e.getMessage().contains("from 1 to 60000")
                && e.getMessage().contains("milliseconds"), e.getMessage());
    }

    @Test
    void absentOrDisabledSectionServesNothing() throws IOException {
        assertTrue(load(config("")).isEmpty());
        assertTrue(load(config("scada:\n  enabled: false\n")).isEmpty());
    }

    @Test
    void everyProblemIsReportedWithItsLineKeyAndFix() throws IOException {
        Path f = config("""
                scada:
                  port: 99999
                  path: minetwin
                  allow-anonymous-none: yes-please
                  colour: blue
                  users:
                    - name: control-room
                      role: operator
                      password-hash: '%s'
                    - name: ops
                      role: admin
                      password: plain-text
                    - name: night
                      role: scada
                      password-hash: sha256:abc
                """.formatted(HASH));
        ConfigException e = assertThrows(ConfigException.class, () -> load(f));
        String m = e.getMessage();
        assertTrue(m.contains("minetwin.yaml:5:") && m.contains("scada.port") && m.contains("4840"), m);
        assertTrue(m.contains(":6:") && m.contains("scada.path") && m.contains("must start with '/'"), m);
        assertTrue(m.contains(":7:") && m.contains("scada.allow-anonymous-none") && m.contains("true or false"), m);
        assertTrue(m.contains(":8:") && m.contains("scada.colour") && m.contains("known keys"), m);
        assertTrue(m.contains("scada.users[0].role") && m.contains("not one of scada, admin"), m);
        assertTrue(m.contains("scada.users[1].password") && m.contains("hash-password"), m);
        assertTrue(m.contains("scada.users[2].password-hash") && m.contains("pbkdf2-sha256"), m);
        assertEquals(8, e.problems().size(), "users[1] has an unknown key and lacks a hash: " + m);
    }

    @Test
    void aServerNobodyCouldLogInToIsRefused() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(config("scada:\n  port: 4840\n")));
        assertTrue(e.getMessage().contains("scada.users") && e.getMessage().contains("nobody could connect"),
                e.getMessage());
    }
}
