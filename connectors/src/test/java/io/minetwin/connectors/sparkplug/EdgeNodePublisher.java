package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A Sparkplug B edge node written from the specification, for tests: connects with its NDEATH (with bdSeq) as
 * the MQTT will, publishes NBIRTH/DBIRTH/NDATA/DDATA/DDEATH with the session's sequence numbers, listens to its
 * NCMD topic and answers {@code Node Control/Rebirth} by publishing its births again when told to.
 */
final class EdgeNodePublisher implements AutoCloseable {

    static final int DOUBLE = 10;
    static final int BOOLEAN = 11;
    static final int INT32 = 3;

    private final MqttAsyncClient client;
    private final String group;
    private final String node;
    private final long bdSeq;
    private int seq;
    private final AtomicInteger rebirthCommands = new AtomicInteger();
    private volatile Runnable onRebirth = () -> { };

    EdgeNodePublisher(String url, String group, String node, long bdSeq) throws MqttException {
        this(url, group, node, bdSeq, null, null, null, null);
    }

    /** An edge node that logs in as {@code user} and, over TLS, trusts the CA in the PKCS#12 {@code truststore}. */
    EdgeNodePublisher(String url, String group, String node, long bdSeq, String user, String password,
                      java.nio.file.Path truststore, String truststorePassword) throws MqttException {
        this.group = group;
        this.node = node;
        this.bdSeq = bdSeq;
        this.client = new MqttAsyncClient(url, "edge-" + group + "-" + node + "-" + bdSeq, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                Payload p = Payload.parseFrom(message.getPayload());
                for (Payload.Metric m : p.getMetricsList()) {
                    if (m.getName().equals("Node Control/Rebirth") && m.getBooleanValue()) {
                        rebirthCommands.incrementAndGet();
                        new Thread(onRebirth).start();
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        var o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setKeepAliveInterval(5);
        if (user != null) {
            o.setUserName(user);
            o.setPassword(password.toCharArray());
        }
        if (truststore != null) {
            try (var in = java.nio.file.Files.newInputStream(truststore)) {
                var ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(in, truststorePassword.toCharArray());
                var tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                var ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                o.setSocketFactory(ctx.getSocketFactory());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        o.setWill(topic("NDEATH", null), Payload.newBuilder().addMetrics(bdSeqMetric(bdSeq)).build().toByteArray(), 1,
                false);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(topic("NCMD", null), 1).waitForCompletion(10_000);
    }

    String topic(String type, String device) {
        return "spBv1.0/" + group + "/" + type + "/" + node + (device == null ? "" : "/" + device);
    }

    static Payload.Metric bdSeqMetric(long bdSeq) {
        return Payload.Metric.newBuilder().setName("bdSeq").setDatatype(4).setLongValue(bdSeq).build();
    }

    /** A birth metric: name, alias, datatype and value, with an optional engineering unit property. */
    static Payload.Metric birth(String name, long alias, double value, String unit, long time) {
        var b = Payload.Metric.newBuilder().setName(name).setAlias(alias).setTimestamp(time).setDatatype(DOUBLE)
                .setDoubleValue(value);
        if (unit != null) {
            b.setProperties(Payload.PropertySet.newBuilder().addKeys("engUnit")
                    .addValues(Payload.PropertyValue.newBuilder().setType(12).setStringValue(unit)));
        }
        return b.build();
    }

    static Payload.Metric birthBool(String name, long alias, boolean value, long time) {
        return Payload.Metric.newBuilder().setName(name).setAlias(alias).setTimestamp(time).setDatatype(BOOLEAN)
                .setBooleanValue(value).build();
    }

    /** A data metric by alias only, as a Sparkplug edge node sends once its birth announced the alias. */
    static Payload.Metric data(long alias, double value, long time) {
        return Payload.Metric.newBuilder().setAlias(alias).setTimestamp(time).setDoubleValue(value).build();
    }

    static Payload.Metric historical(long alias, double value, long time) {
        return data(alias, value, time).toBuilder().setIsHistorical(true).build();
    }

    void onRebirth(Runnable r) {
        this.onRebirth = r;
    }

    int rebirthCommands() {
        return rebirthCommands.get();
    }

    /** NBIRTH: seq 0, the bdSeq, and {@code metrics}. */
    synchronized void nodeBirth(List<Payload.Metric> metrics) throws MqttException {
        seq = 0;
        publish(topic("NBIRTH", null), Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(0)
                .addMetrics(bdSeqMetric(bdSeq)).addAllMetrics(metrics));
    }

    synchronized void deviceBirth(String device, List<Payload.Metric> metrics) throws MqttException {
        publish(topic("DBIRTH", device), next().addAllMetrics(metrics));
    }

    synchronized void nodeData(List<Payload.Metric> metrics) throws MqttException {
        publish(topic("NDATA", null), next().addAllMetrics(metrics));
    }

    synchronized void deviceData(String device, List<Payload.Metric> metrics) throws MqttException {
        publish(topic("DDATA", device), next().addAllMetrics(metrics));
    }

    synchronized void deviceDeath(String device) throws MqttException {
        publish(topic("DDEATH", device), next());
    }

    /** Loses a message: the next one carries a sequence number one further on. */
    synchronized void skipSequenceNumber() {
        seq++;
    }

    /** Publishes an NDEATH with {@code bdSeq} itself, as a late will of an older session would arrive. */
    void nodeDeath(long deathBdSeq) throws MqttException {
        publish(topic("NDEATH", null), Payload.newBuilder().addMetrics(bdSeqMetric(deathBdSeq)));
    }

    private Payload.Builder next() {
        seq = (seq + 1) & 0xFF;
        return Payload.newBuilder().setTimestamp(System.currentTimeMillis()).setSeq(seq);
    }

    private void publish(String topic, Payload.Builder payload) throws MqttException {
        client.publish(topic, payload.build().toByteArray(), 0, false).waitForCompletion(10_000);
    }

    /** Drops the TCP connection without an MQTT DISCONNECT, so that the broker publishes the will (NDEATH). */
    void crash() throws MqttException {
        if (client.isConnected()) {
            client.disconnectForcibly(0, 1_000, false);
        }
        client.close(true);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
