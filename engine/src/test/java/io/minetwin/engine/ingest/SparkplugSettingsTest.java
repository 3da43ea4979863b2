package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.sparkplug.BrokerConfig;
import io.minetwin.connectors.sparkplug.MetricRule;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkplugSettingsTest {

    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Path config(String sparkplug) throws IOException {
        Path f = dir.resolve("minetwin.yaml");
        Files.writeString(f, "data-dir: data\n"
                + "asset-types: " + CONFIG_DIR.resolve("asset-types") + "\n"
                + "fleet: " + CONFIG_DIR.resolve("fleets/demo.yaml") + "\n"
                + sparkplug);
        return f;
    }

    SparkplugSettings load(Path f) {
        EngineConfig c = EngineConfig.load(f);
        return SparkplugSettings.load(c, c.loadFleet(), Map.of("UNS_PASSWORD", "pw", "TS_PASSWORD", "tpw")::get);
    }

    @Test
    void readsBrokersWithTlsLoginGroupsAndMappings() throws IOException {
        Files.writeString(dir.resolve("uns-ca.p12"), "not read until the connector starts");
        var s = load(config("""
                sparkplug:
                  brokers:
                    - name: uns
                      url: ssl://10.1.2.5:8883
                      user: minetwin
                      password-env: UNS_PASSWORD
                      truststore: uns-ca.p12
                      truststore-password-env: TS_PASSWORD
                      groups: [Baiyun, Pit-North]
                      rebirth-interval: 10s
                      host-id: minetwin-baiyun
                      mappings:
                        - group: Baiyun
                          edge-node: "{asset}"
                          metric: "{component}/{channel}"
                          twin: "baiyun:{asset}"
                        - edge-node: "{asset}"
                          device: "{component}"
                          metric: "{channel}"
                          twin: "baiyun:{asset}"
                          unit: degF
                """));
        assertEquals(1, s.brokers().size());
        BrokerConfig b = s.brokers().get(0);
        assertEquals("minetwin-uns", b.clientId());
        assertEquals(new Identity.UserPassword("minetwin", "pw"), b.identity());
        assertEquals(dir.resolve("uns-ca.p12"), b.truststore().orElseThrow().file());
        assertEquals("tpw", new String(b.truststore().orElseThrow().password()));
        assertEquals(List.of("spBv1.0/Baiyun/#", "spBv1.0/Pit-North/#"), b.topicFilters());
        assertEquals(Duration.ofSeconds(10), b.rebirthInterval());
        assertEquals(Optional.of("spBv1.0/STATE/minetwin-baiyun"), b.stateTopic());
        MetricRule node = b.mappings().get(0);
        assertEquals("{component}.{channel}", node.channel());
        assertTrue(node.device().isEmpty());
        assertTrue(node.match("Baiyun", "shovel-01", Optional.empty(), "hoist-motor/winding-temp").isPresent());
        assertTrue(node.match("Other", "shovel-01", Optional.empty(), "hoist-motor/winding-temp").isEmpty());
        MetricRule device = b.mappings().get(1);
        assertEquals(Optional.of("degF"), device.unit());
        assertEquals(Map.of("asset", "truck-01", "component", "engine", "channel", "coolant-temp"),
                device.match("Any", "truck-01", Optional.of("engine"), "coolant-temp").orElseThrow());
        assertTrue(device.match("Any", "truck-01", Optional.empty(), "coolant-temp").isEmpty(),
                "a device rule takes no node metrics");
    }

    @Test
    void badConfigFailsWithFileLineAndTheFix() throws IOException {
        Path f = config("""
                sparkplug:
                  brokers:
                    - name: uns
                      url: mqtt://10.1.2.5
                      user: minetwin
                      password-env: NOT_SET
                      truststore: missing.p12
                      mappings:
                        - edge-node: "pre{asset}"
                          metric: "{channel}"
                          twin: "baiyun:{asset}"
                        - edge-node: "{asset}"
                          metric: "{channel}"
                          twin: "baiyun:{site}"
                          unit: furlongs
                        - twin: "baiyun:x"
                    - name: uns
                      url: tcp://10.1.2.6:1883
                      user: minetwin
                      password-env: UNS_PASSWORD
                      host-id: site/minetwin
                      mappings: []
                """);
        var ex = assertThrows(ConfigException.class, () -> load(f));
        String m = ex.getMessage();
        assertTrue(m.contains(f + ":7:12: sparkplug.brokers[0].url: 'mqtt://10.1.2.5' is not an MQTT URL"), m);
        assertTrue(m.contains(f + ":9:21: sparkplug.brokers[0].password-env: environment variable NOT_SET is not"
                + " set"), m);
        assertTrue(m.contains("sparkplug.brokers[0].truststore: file " + dir.resolve("missing.p12")
                + " does not exist"), m);
        assertTrue(m.contains("sparkplug.brokers[0].truststore-password-env: missing"), m);
        assertTrue(m.contains(f + ":12:22: sparkplug.brokers[0].mappings[0].edge-node: edge-node pattern"
                + " 'pre{asset}': segment 'pre{asset}' mixes text"), m);
        assertTrue(m.contains("sparkplug.brokers[0].mappings[1]: template 'baiyun:{site}' uses {site}"), m);
        assertTrue(m.contains("sparkplug.brokers[0].mappings[1].unit: unit 'furlongs' is not known"), m);
        assertTrue(m.contains("sparkplug.brokers[0].mappings[2].metric: missing"), m);
        assertTrue(m.contains("sparkplug.brokers[1].name: broker name 'uns' is used twice"), m);
        assertTrue(m.contains("sparkplug.brokers[1].url: user 'minetwin' would send its password unencrypted over"
                + " tcp://"), m);
        assertTrue(m.contains("sparkplug.brokers[1].host-id: host id 'site/minetwin' is not a Sparkplug host id"), m);
    }
}
