package io.minetwin.connectors.sparkplug;

import static io.minetwin.connectors.sparkplug.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.testkit.CuttableProxy;
import io.minetwin.testkit.mqtt.MosquittoBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a Sparkplug 3.0 host application against a real broker (Debian's mosquitto, started here):
 * its retained {@code spBv1.0/STATE/<host id>} birth on connect, the MQTT will with {@code online: false} and the
 * same timestamp that the broker publishes when the connection breaks (cut for real by a proxy), the birth again
 * after reconnecting, the answer to a false death, and the death published on an orderly close.
 */
class SparkplugHostStateIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "minetwin-test-host";
    private static final String TOPIC = "spBv1.0/STATE/" + HOST;

    @TempDir
    Path dir;

    /** An MQTT client that records what arrives on the STATE topic, retained flag included. */
    static final class StateWatcher implements AutoCloseable {
        record State(boolean online, long timestamp, boolean retained) {
        }

        final List<State> seen = new CopyOnWriteArrayList<>();
        final MqttAsyncClient client;

        StateWatcher(String url, String id) throws MqttException {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    JsonNode n = JSON.readTree(message.getPayload());
                    seen.add(new State(n.get("online").asBoolean(), n.get("timestamp").asLong(), message.isRetained()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            var o = new MqttConnectOptions();
            o.setCleanSession(true);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(TOPIC, 1).waitForCompletion(10_000);
        }

        State last() {
            return seen.get(seen.size() - 1);
        }

        /** What is retained on the topic now, as a new subscriber sees it. */
        static State retained(String url, String id) throws MqttException {
            try (StateWatcher w = new StateWatcher(url, id)) {
                await(WAIT, () -> !w.seen.isEmpty(), () -> "the retained STATE on " + TOPIC);
                return w.seen.get(0);
            }
        }

        void publish(String json, boolean retained) throws MqttException {
            client.publish(TOPIC, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, retained)
                    .waitForCompletion(10_000);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        }
    }

    @Test
    void theHostPublishesItsStateRetainedWithItsDeathAsTheWill() throws Exception {
        assumeTrue(MosquittoBroker.executable().isPresent(), MosquittoBroker.MISSING);
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.PLAIN);
             CuttableProxy proxy = CuttableProxy.start("127.0.0.1", broker.port());
             StateWatcher watcher = new StateWatcher(broker.url(), "state-watcher")) {
            BrokerConfig config = BrokerConfig.of("state", "tcp://127.0.0.1:" + proxy.port(),
                    SparkplugConnectorIT.rules()).withHostId(HOST);
            assertEquals(java.util.Optional.of(TOPIC), config.stateTopic());
            var connector = new SparkplugConnector(config, SparkplugConnectorIT.CATALOG, new RecordingSink(),
                    Clock.systemUTC());
            try {
                long before = System.currentTimeMillis();
                connector.start();
                await(WAIT, () -> !watcher.seen.isEmpty() && watcher.last().online(), () -> "STATE online, seen "
                        + watcher.seen + ", status " + connector.status());
                long birth = watcher.last().timestamp();
                assertTrue(birth >= before && birth <= System.currentTimeMillis(), "the connect time: " + birth);
                StateWatcher.State kept = StateWatcher.retained(broker.url(), "late-1");
                assertTrue(kept.online() && kept.retained(), "a late subscriber gets the retained birth: " + kept);

                // The connection breaks without a DISCONNECT: the broker publishes the will.
                int seenBefore = watcher.seen.size();
                proxy.cut();
                await(WAIT, () -> watcher.seen.size() > seenBefore && !watcher.last().online(),
                        () -> "the will, seen " + watcher.seen);
                assertEquals(birth, watcher.last().timestamp(), "the death carries the birth's timestamp");
                kept = StateWatcher.retained(broker.url(), "late-2");
                assertTrue(!kept.online() && kept.retained(), "the death is retained: " + kept);

                // Back through the proxy, the host says it is online again.
                proxy.admit();
                await(WAIT, () -> watcher.last().online(), () -> "STATE online after reconnecting, seen "
                        + watcher.seen + ", status " + connector.status());

                // Another client claims the host is offline: the host answers with its birth.
                int seenNow = watcher.seen.size();
                watcher.publish("{\"online\":false,\"timestamp\":1}", true);
                await(WAIT, () -> watcher.seen.size() >= seenNow + 2 && watcher.last().online(),
                        () -> "the birth answering a false death, seen " + watcher.seen);
            } finally {
                connector.close();
            }
            // An orderly close sends no will: the host publishes its death itself.
            await(WAIT, () -> !watcher.last().online(), () -> "the death on close, seen " + watcher.seen);
            StateWatcher.State kept = StateWatcher.retained(broker.url(), "late-3");
            assertTrue(!kept.online() && kept.retained(), "the death on close is retained: " + kept);
        }
    }

    @Test
    void statePayloadIsTheSpecificationsJson() throws Exception {
        JsonNode n = JSON.readTree(SparkplugConnector.statePayload(true, 1767600000000L));
        assertEquals(2, n.size());
        assertTrue(n.get("online").isBoolean() && n.get("online").asBoolean());
        assertEquals(1767600000000L, n.get("timestamp").asLong());
    }
}
