package io.minetwin.connectors.sparkplug;

import io.minetwin.connectors.opcua.ChannelCatalog;
import io.minetwin.connectors.opcua.Identity;
import io.minetwin.connectors.sparkplug.proto.SparkplugBProto.Payload;
import io.minetwin.model.Quality;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import io.minetwin.testkit.mqtt.MosquittoBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.minetwin.connectors.sparkplug.EdgeNodePublisher.birth;
import static io.minetwin.connectors.sparkplug.EdgeNodePublisher.birthBool;
import static io.minetwin.connectors.sparkplug.EdgeNodePublisher.data;
import static io.minetwin.connectors.sparkplug.EdgeNodePublisher.historical;
import static io.minetwin.connectors.sparkplug.RecordingSink.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Sparkplug B connector against a real broker (Debian's mosquitto, started here) and an edge node written
 * from the specification: births, aliases, units, data, deaths with bdSeq, rebirth on sequence gaps, data
 * before birth, store-and-forward history, device deaths and a broker crash.
 */
class SparkplugConnectorIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Map<String, String> UNITS = Map.of("hoist.temperature", "degC", "hoist.running", "",
            "hoist.winding-temp", "degC", "drive.current", "A");
    /** Channels of twins baiyun:shovel-*, as a fleet of shovels would have them. */
    static final ChannelCatalog CATALOG = key -> key.twin().name().startsWith("shovel-")
            ? Optional.ofNullable(UNITS.get(key.component() + "." + key.channel())) : Optional.empty();

    @TempDir
    static Path dir;
    static MosquittoBroker broker;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        assumeTrue(MosquittoBroker.executable().isPresent(), MosquittoBroker.MISSING);
        broker = MosquittoBroker.start(dir.resolve("broker"), MosquittoBroker.Options.PLAIN);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    static List<MetricRule> rules() {
        return List.of(
                new MetricRule(NamePattern.parse("Baiyun", "group"), NamePattern.parse("{asset}", "edge-node"),
                        Optional.empty(), NamePattern.parse("Hoist Motor/Winding Temp", "metric"), "baiyun:{asset}",
                        "hoist.winding-temp", Optional.of("degF"), "test:1"),
                new MetricRule(NamePattern.parse("Baiyun", "group"), NamePattern.parse("{asset}", "edge-node"),
                        Optional.empty(), NamePattern.parse("{component}/{channel}", "metric"), "baiyun:{asset}",
                        "{component}.{channel}", Optional.empty(), "test:2"),
                new MetricRule(NamePattern.parse("Baiyun", "group"), NamePattern.parse("{asset}", "edge-node"),
                        Optional.of(NamePattern.parse("{component}", "device")), NamePattern.parse("{channel}", "metric"),
                        "baiyun:{asset}", "{component}.{channel}", Optional.empty(), "test:3"));
    }

    private SparkplugConnector connector(RecordingSink sink, BrokerConfig config) {
        var c = new SparkplugConnector(config, CATALOG, sink, Clock.systemUTC());
        open.add(c);
        c.start();
        await(WAIT, () -> c.status().state() == SparkplugStatus.State.CONNECTED, () -> "connected: " + c.status());
        return c;
    }

    /** Waits until {@code key} has {@code n} samples; the connector's status says what happened if not. */
    private static void awaitSamples(RecordingSink sink, SparkplugConnector c, SeriesKey key, int n, String what) {
        await(WAIT, () -> sink.samples(key).size() == n, () -> what + ", status " + c.status());
    }

    private SparkplugConnector connector(RecordingSink sink) {
        return connector(sink, BrokerConfig.of("test", broker.url(), rules()));
    }

    private EdgeNodePublisher edgeNode(String node, long bdSeq) throws Exception {
        var p = new EdgeNodePublisher(broker.url(), "Baiyun", node, bdSeq);
        open.add(p);
        return p;
    }

    private static SeriesKey key(String twin, String channel) {
        return SeriesKey.of(TwinId.parse("baiyun:" + twin), channel);
    }

    private static double num(Sample s) {
        return ((Value.Num) s.value()).value();
    }

    @Test
    void birthsDefineMetricsAndAliasesAndDataFollowsByAliasWithUnitsConverted() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-01", 0);
        long t0 = System.currentTimeMillis() - 10_000;
        edge.nodeBirth(List.of(
                birth("hoist/temperature", 1, 71.5, "°C", t0),
                birth("Hoist Motor/Winding Temp", 2, 212.0, null, t0),
                birthBool("hoist/running", 3, true, t0),
                birth("lube/pressure", 4, 3.2, "bar", t0)));
        edge.deviceBirth("drive", List.of(birth("current", 10, 410.0, "kA", t0)));
        SeriesKey temp = key("shovel-01", "hoist.temperature");
        SeriesKey winding = key("shovel-01", "hoist.winding-temp");
        SeriesKey current = key("shovel-01", "drive.current");
        awaitSamples(sink, c, current, 1, "device birth value");
        assertEquals(71.5, num(sink.samples(temp).get(0)), 1e-9);
        // The rule declares degF for the winding temperature: 212 degF is 100 degC.
        assertEquals(100.0, num(sink.samples(winding).get(0)), 1e-9);
        assertEquals(Value.of(true), sink.samples(key("shovel-01", "hoist.running")).get(0).value());
        // The birth's engUnit kA converts to the channel's A.
        assertEquals(410_000.0, num(sink.samples(current).get(0)), 1e-6);
        assertEquals(t0, sink.samples(temp).get(0).sourceTime().toEpochMilli());

        long t1 = t0 + 1_000;
        edge.nodeData(List.of(data(1, 72.25, t1), data(2, 32.0, t1)));
        edge.deviceData("drive", List.of(data(10, 0.5, t1)));
        awaitSamples(sink, c, current, 2, "device data by alias");
        assertEquals(72.25, num(sink.samples(temp).get(1)), 1e-9);
        assertEquals(0.0, num(sink.samples(winding).get(1)), 1e-9);
        assertEquals(500.0, num(sink.samples(current).get(1)), 1e-9);
        assertEquals(t1, sink.samples(current).get(1).sourceTime().toEpochMilli());

        SparkplugStatus s = c.status();
        assertEquals(1, s.nodesOnline());
        assertEquals(1, s.devicesOnline());
        assertEquals(0, s.rebirthRequests(), "a clean session needs no rebirth");
        assertTrue(s.unmapped().keySet().stream().anyMatch(k -> k.contains("lube/pressure")),
                "lube/pressure feeds no channel of the fleet: " + s.unmapped());
    }

    @Test
    void badQualityAndNullValuesArriveAsBadSamples() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-02", 0);
        long t0 = System.currentTimeMillis() - 5_000;
        edge.nodeBirth(List.of(birth("hoist/temperature", 1, 60.0, "degC", t0)));
        SeriesKey temp = key("shovel-02", "hoist.temperature");
        awaitSamples(sink, c, temp, 1, "birth");
        Payload.Metric badQuality = data(1, 61.0, t0 + 1).toBuilder().setProperties(Payload.PropertySet.newBuilder()
                .addKeys("Quality").addValues(Payload.PropertyValue.newBuilder().setType(3).setIntValue(0))).build();
        Payload.Metric isNull = Payload.Metric.newBuilder().setAlias(1).setTimestamp(t0 + 2).setIsNull(true).build();
        edge.nodeData(List.of(badQuality));
        edge.nodeData(List.of(isNull));
        awaitSamples(sink, c, temp, 3, "bad samples");
        assertInstanceOf(Quality.Bad.class, sink.samples(temp).get(1).quality());
        assertInstanceOf(Quality.Bad.class, sink.samples(temp).get(2).quality());
        assertTrue(Double.isNaN(num(sink.samples(temp).get(2))));
    }

    @Test
    void deathOfTheCurrentSessionMarksChannelsStaleAndRebirthClosesTheGap() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-03", 7);
        long t0 = System.currentTimeMillis() - 5_000;
        edge.nodeBirth(List.of(birth("hoist/temperature", 1, 80.0, "degC", t0), birthBool("hoist/running", 2, true, t0)));
        edge.deviceBirth("drive", List.of(birth("current", 10, 300.0, "A", t0)));
        SeriesKey temp = key("shovel-03", "hoist.temperature");
        SeriesKey running = key("shovel-03", "hoist.running");
        SeriesKey current = key("shovel-03", "drive.current");
        TwinId twin = TwinId.parse("baiyun:shovel-03");
        awaitSamples(sink, c, current, 1, "births");

        // The will of an older connection (bdSeq 6) arrives late: it must not take the node offline.
        edge.nodeDeath(6);
        await(WAIT, () -> c.status().ignoredDeaths() == 1, () -> "ignored death, status " + c.status());
        assertEquals(1, sink.samples(temp).size());
        assertEquals(1, c.status().nodesOnline());

        // The edge node's connection drops: the broker publishes its will, the NDEATH with bdSeq 7.
        edge.crash();
        awaitSamples(sink, c, current, 2, "stale marks");
        for (SeriesKey k : List.of(temp, running, current)) {
            Sample stale = sink.samples(k).get(1);
            assertEquals(sink.samples(k).get(0).value(), stale.value(), "the last value, marked stale");
            assertTrue(stale.quality() instanceof Quality.Bad b && b.reason().startsWith("stale: ")
                    && b.reason().contains("NDEATH"), stale.quality().toString());
            assertTrue(stale.sourceTime().isAfter(sink.samples(k).get(0).sourceTime()));
        }
        assertEquals(0, c.status().nodesOnline());
        assertEquals(0, c.status().devicesOnline());
        assertEquals(1, sink.gaps(twin).size());
        assertEquals("stale", sink.gaps(twin).get(0).details().get("state"));

        // Data of the dead node is not trusted: the connector asks for a rebirth.
        EdgeNodePublisher again = edgeNode("shovel-03", 8);
        again.nodeData(List.of(data(1, 81.0, t0 + 10)));
        await(WAIT, () -> again.rebirthCommands() == 1, () -> "rebirth request, status " + c.status());
        assertEquals(2, sink.samples(temp).size(), "data before birth is not delivered");

        long t1 = System.currentTimeMillis();
        again.nodeBirth(List.of(birth("hoist/temperature", 1, 82.0, "degC", t1)));
        await(WAIT, () -> sink.gaps(twin).size() == 2 && sink.samples(temp).size() == 3,
                () -> "gap closed and the reborn value applied, status " + c.status());
        RecordingSink.Gap closed = sink.gaps(twin).get(1);
        assertEquals("reborn", closed.details().get("state"));
        assertEquals(sink.gaps(twin).get(0).from(), closed.from());
        assertTrue(closed.to().isAfter(closed.from()) || closed.to().equals(closed.from()));
        assertEquals(82.0, num(sink.samples(temp).get(2)), 1e-9);
        assertEquals(1, c.status().nodesOnline());
    }

    @Test
    void aSequenceGapTriggersARebirthAndTheRebornSessionIsFollowed() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-04", 0);
        long t0 = System.currentTimeMillis() - 60_000;
        List<Payload.Metric> births = List.of(birth("hoist/temperature", 1, 50.0, "degC", t0));
        edge.onRebirth(() -> {
            try {
                edge.nodeBirth(births);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        edge.nodeBirth(births);
        SeriesKey temp = key("shovel-04", "hoist.temperature");
        awaitSamples(sink, c, temp, 1, "birth");
        // 255 messages wrap the sequence number past 255 to 0 without a gap.
        for (int i = 1; i <= 255; i++) {
            edge.nodeData(List.of(data(1, 50.0 + i * 0.01, t0 + i)));
        }
        awaitSamples(sink, c, temp, 256, "data");
        assertEquals(0, c.status().sequenceGaps());
        assertEquals(0, edge.rebirthCommands());

        edge.skipSequenceNumber();
        edge.nodeData(List.of(data(1, 55.0, t0 + 1_000)));
        await(WAIT, () -> edge.rebirthCommands() == 1, () -> "rebirth request, status " + c.status());
        assertEquals(1, c.status().sequenceGaps());
        // The edge node answers with a new NBIRTH (seq 0); data after it is in sequence again.
        awaitSamples(sink, c, temp, 258, "rebirth");
        edge.nodeData(List.of(data(1, 56.0, t0 + 2_000)));
        awaitSamples(sink, c, temp, 259, "data after rebirth");
        assertEquals(1, c.status().sequenceGaps());
        assertEquals(1, c.status().rebirthRequests());
    }

    @Test
    void historicalMetricsGoToHistoryOnlyAndAnUnknownAliasAsksForARebirth() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-05", 0);
        long now = System.currentTimeMillis();
        edge.nodeBirth(List.of(birth("hoist/temperature", 1, 70.0, "degC", now)));
        SeriesKey temp = key("shovel-05", "hoist.temperature");
        awaitSamples(sink, c, temp, 1, "birth");
        // Store-and-forward: what the edge node buffered while it had no broker, sent late.
        edge.nodeData(List.of(historical(1, 65.0, now - 3_000), historical(1, 66.0, now - 2_000),
                data(1, 71.0, now + 1)));
        await(WAIT, () -> sink.history(temp).size() == 2, () -> "history, status " + c.status());
        assertEquals(List.of(65.0, 66.0), sink.history(temp).stream().map(SparkplugConnectorIT::num).toList());
        awaitSamples(sink, c, temp, 2, "live");
        assertEquals(71.0, num(sink.samples(temp).get(1)), 1e-9);
        assertEquals(2, c.status().historical());

        edge.nodeData(List.of(data(99, 1.0, now + 2)));
        await(WAIT, () -> edge.rebirthCommands() == 1, () -> "rebirth on unknown alias, status " + c.status());
        assertEquals(1, c.status().unknownMetrics());
    }

    @Test
    void aDeviceDeathMarksOnlyThatDevicesChannelsStale() throws Exception {
        var sink = new RecordingSink();
        SparkplugConnector c = connector(sink);
        EdgeNodePublisher edge = edgeNode("shovel-06", 0);
        long t0 = System.currentTimeMillis() - 1_000;
        edge.nodeBirth(List.of(birth("hoist/temperature", 1, 70.0, "degC", t0)));
        edge.deviceBirth("drive", List.of(birth("current", 10, 300.0, "A", t0)));
        SeriesKey temp = key("shovel-06", "hoist.temperature");
        SeriesKey current = key("shovel-06", "drive.current");
        awaitSamples(sink, c, current, 1, "births");
        edge.deviceDeath("drive");
        awaitSamples(sink, c, current, 2, "device stale");
        assertInstanceOf(Quality.Bad.class, sink.samples(current).get(1).quality());
        assertEquals(1, sink.samples(temp).size(), "the node's own channels stay live");
        assertEquals(1, c.status().nodesOnline());
        assertEquals(0, c.status().devicesOnline());
        edge.deviceData("drive", List.of(data(10, 1.0, t0 + 5)));
        await(WAIT, () -> edge.rebirthCommands() == 1, () -> "rebirth on data of a dead device " + c.status());
    }

    @Test
    void aBrokerCrashMarksChannelsStaleAndTheConnectorReconnects() throws Exception {
        Path d = dir.resolve("crash");
        MosquittoBroker own = MosquittoBroker.start(d, MosquittoBroker.Options.PLAIN);
        try {
            var sink = new RecordingSink();
            SparkplugConnector c = connector(sink, BrokerConfig.of("crash", own.url(), rules()));
            var edge = new EdgeNodePublisher(own.url(), "Baiyun", "shovel-07", 0);
            long t0 = System.currentTimeMillis() - 1_000;
            edge.nodeBirth(List.of(birth("hoist/temperature", 1, 70.0, "degC", t0)));
            SeriesKey temp = key("shovel-07", "hoist.temperature");
            awaitSamples(sink, c, temp, 1, "birth");
            own.kill();
            awaitSamples(sink, c, temp, 2, "stale after broker crash");
            assertTrue(sink.samples(temp).get(1).quality() instanceof Quality.Bad b
                    && b.reason().contains("connection to broker"), sink.samples(temp).get(1).quality().toString());
            assertFalse(c.status().state() == SparkplugStatus.State.CONNECTED);
            TwinId twin = TwinId.parse("baiyun:shovel-07");
            assertEquals(1, sink.gaps(twin).size());
            edge.crash();

            own.restart();
            await(Duration.ofSeconds(40), () -> c.status().state() == SparkplugStatus.State.CONNECTED,
                    () -> "reconnected, status " + c.status());
            var reborn = new EdgeNodePublisher(own.url(), "Baiyun", "shovel-07", 1);
            try {
                reborn.nodeBirth(List.of(birth("hoist/temperature", 1, 75.0, "degC", System.currentTimeMillis())));
                // The gap is closed and the reborn value applied; the two reach the sink in either order.
                await(WAIT, () -> sink.gaps(twin).size() == 2 && sink.samples(temp).size() == 3,
                        () -> "gap closed and the reborn value applied, status " + c.status());
                assertEquals("reborn", sink.gaps(twin).get(1).details().get("state"));
                assertEquals(75.0, num(sink.samples(temp).get(2)), 1e-9);
            } finally {
                reborn.close();
            }
        } finally {
            own.close();
        }
    }

    @Test
    void usersAreCheckedByTheBroker() throws Exception {
        Path d = dir.resolve("auth");
        MosquittoBroker own = MosquittoBroker.start(d, new MosquittoBroker.Options(
                List.<String[]>of(new String[] {"minetwin", "s3cret-pass"}), Optional.empty()));
        try {
            var wrong = new SparkplugConnector(BrokerConfig.of("auth", own.url(), rules())
                    .withIdentity(new Identity.UserPassword("minetwin", "wrong")), CATALOG, new RecordingSink(),
                    Clock.systemUTC());
            open.add(wrong);
            wrong.start();
            await(WAIT, () -> wrong.status().lastError().isPresent(), () -> "refused login " + wrong.status());
            assertTrue(wrong.status().lastError().get().contains("user name or password"),
                    wrong.status().lastError().get());
            assertEquals(SparkplugStatus.State.CONNECTING, wrong.status().state());
            var sink = new RecordingSink();
            connector(sink, BrokerConfig.of("auth-ok", own.url(), rules())
                    .withIdentity(new Identity.UserPassword("minetwin", "s3cret-pass")));
        } finally {
            closeAll();
            open.clear();
            own.close();
        }
    }
}
