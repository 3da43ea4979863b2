package io.minetwin.engine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.MappingRule;
import io.minetwin.connectors.opcua.Security;
import io.minetwin.engine.config.ConfigException;
import io.minetwin.engine.config.EngineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpcuaSettingsTest {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** A configuration file with the shipped fleet and {@code opcua} as its last section. */
    Path config(String opcua) throws IOException {
        Path f = dir.resolve("minetwin.yaml");
        Files.writeString(f, "data-dir: data\n"
                + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                + opcua);
        return f;
    }

    OpcuaSettings load(Path f) {
        EngineConfig c = EngineConfig.load(f);
        return OpcuaSettings.load(c, c.loadFleet(), Map.of("PIT_PASSWORD", "pw")::get);
    }

    @Test
    void readsEndpointsWithSecurityLoginAndMappings() throws IOException {
        var s = load(config("""
                opcua:
                  endpoints:
                    - name: pit
                      url: opc.tcp://10.1.2.3:4840
                      security: Basic256Sha256/SignAndEncrypt
                      user: minetwin
                      password-env: PIT_PASSWORD
                      sampling: {interval: 250ms, queue-size: 8, deadband: "2%"}
                      mappings:
                        - pattern: Objects/{site}/{asset}/{component}/{channel}
                          twin: "baiyun:{asset}"
                        - node: ns=2;s=T1.Coolant
                          twin: baiyun:truck-01
                          channel: engine.coolant-temp
                          unit: degF
                """));
        assertEquals(1, s.endpoints().size());
        var e = s.endpoints().get(0);
        assertEquals(new Security(Security.Policy.BASIC256SHA256, Security.Mode.SIGN_AND_ENCRYPT), e.security());
        assertEquals(2, e.mappings().size());
        var p = (MappingRule.ByPattern) e.mappings().get(0);
        assertEquals("{component}.{channel}", p.channel());
        assertEquals(250, p.sampling().samplingIntervalMs());
        assertEquals(dir.resolve("data/pki/pit"), e.pkiDir());
    }

    @Test
    void badConfigFailsWithFileLineAndTheFix() throws IOException {
        Path f = config("""
                opcua:
                  endpoints:
                    - name: pit
                      url: opc.tcp://10.1.2.3:4840
                      security: Basic128Rsa15
                      mappings:
                        - pattern: Objects/{site}/pre{asset}
                          twin: "baiyun:{asset}"
                        - node: ns=2;s=T1.Coolant
                          twin: baiyun:truck-01
                          channel: engine.coolant-temp
                          unit: psi
                """);
        var ex = assertThrows(ConfigException.class, () -> load(f));
        String m = ex.getMessage();
        assertTrue(m.contains(f + ":8:17: opcua.endpoints[0].security: security policy 'Basic128Rsa15' is not"
                + " supported; use None or Basic256Sha256"), m);
        assertTrue(m.contains(f + ":10:20: opcua.endpoints[0].mappings[0].pattern: browse pattern"
                + " 'Objects/{site}/pre{asset}': segment 'pre{asset}' mixes text"), m);
        assertTrue(m.contains(f + ":15:17: opcua.endpoints[0].mappings[1].unit: unit 'psi' (pressure) cannot be"
                + " converted to 'degC' (temperature); map the node to a pressure channel"), m);
        assertEquals(3, ex.problems().size(), m);
    }

    static String endpoint(String lines) {
        return """
                opcua:
                  endpoints:
                    - name: pit
                      url: opc.tcp://10.1.2.3:4840
                """ + lines.indent(6) + """
                      mappings:
                        - pattern: Objects/{site}/{asset}/{component}/{channel}
                          twin: "baiyun:{asset}"
                """;
    }

    @Test
    void anEndpointWithoutSecuritySignsAndEncrypts() throws IOException {
        var e = load(config(endpoint(""))).endpoints().get(0);
        assertEquals(new Security(Security.Policy.BASIC256SHA256, Security.Mode.SIGN_AND_ENCRYPT), e.security());
        assertEquals(Security.NONE, load(config(endpoint("security: None"))).endpoints().get(0).security(),
                "None when written out");
    }

    @Test
    void aPasswordOverSecurityNoneIsRefusedUnlessAllowedInWriting() throws IOException {
        Path f = config(endpoint("security: None\nuser: minetwin\npassword-env: PIT_PASSWORD"));
        var ex = assertThrows(ConfigException.class, () -> load(f));
        assertTrue(ex.getMessage().contains("opcua.endpoints[0].security: user 'minetwin' would send its password"
                + " unencrypted over security None") && ex.getMessage().contains("allow-password-over-none: true"),
                ex.getMessage());

        var allowed = load(config(endpoint("security: None\nallow-password-over-none: true\nuser: minetwin\n"
                + "password-env: PIT_PASSWORD"))).endpoints().get(0);
        assertEquals(Security.NONE, allowed.security());
    }

    @Test
    void noSectionMeansNoEndpoints() throws IOException {
        assertTrue(load(config("")).endpoints().isEmpty());
    }
}
