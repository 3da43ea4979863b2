package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.MODE;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.SHOVEL;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.WINDING;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.await;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.connect;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.Pki;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Sample;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.client.subscriptions.EventFilterBuilder;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCADA server against Milo's client: browse, read, subscriptions pushed from twin changes, events,
 * HistoryRead raw and processed, and the secure endpoint's logins.
 */
class ScadaServerIT {

    static final String SCADA_PASSWORD = "control-room-pw";
    static final String ADMIN_PASSWORD = "admin-pw";
    static final AggregateConfiguration DEFAULTS = new AggregateConfiguration(true, false,
            org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte(100),
            org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte(100), false);

    @TempDir
    static Path dir;

    static InMemoryTwinRepository repo;
    static ScadaTestSupport.MemoryHistory history;
    static ScadaServer server;
    static Pki clientPki;
    static int ns;

    @BeforeAll
    static void start() throws Exception {
        repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(ScadaTestSupport.shovel("shovel-07"));
        repo.register(ScadaTestSupport.shovel("shovel-08"));
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        repo.apply(List.of(Sample.good(WINDING, t0, 71.5), Sample.good(MODE, t0, Value.of("digging"))));
        history = new ScadaTestSupport.MemoryHistory();
        var random = new SecureRandom();
        var users = List.of(new ScadaUser("control-room", PasswordHash.hash(SCADA_PASSWORD, random), ScadaRole.SCADA),
                new ScadaUser("ops-admin", PasswordHash.hash(ADMIN_PASSWORD, random), ScadaRole.ADMIN));
        server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("server-pki"), users, true), repo, history);
        clientPki = Pki.open(dir.resolve("client-pki"));
        Files.write(server.pki().trustedCertsDir().resolve("test-client.der"), clientPki.certificate().getEncoded());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static OpcUaClient anonymous() throws Exception {
        OpcUaClient c = connect(server.endpointUrl(), SecurityPolicy.None, MessageSecurityMode.None,
                new AnonymousProvider(), null);
        ns = c.getNamespaceTable().getIndex(TwinNamespace.URI).intValue();
        return c;
    }

    static OpcUaClient secure(String user, String password) throws Exception {
        OpcUaClient c = connect(server.endpointUrl(), SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt,
                new UsernameProvider(user, password), clientPki);
        ns = c.getNamespaceTable().getIndex(TwinNamespace.URI).intValue();
        return c;
    }

    static NodeId node(String id) {
        return new NodeId(ns, id);
    }

    static List<String> browseNames(OpcUaClient c, NodeId parent) throws UaException {
        return c.getAddressSpace().browseNodes(parent).stream().map(n -> n.getBrowseName().name()).toList();
    }

    static NodeId child(OpcUaClient c, NodeId parent, String name) throws UaException {
        for (UaNode n : c.getAddressSpace().browseNodes(parent)) {
            if (name.equals(n.getBrowseName().name())) {
                return n.getNodeId();
            }
        }
        throw new AssertionError(name + " not found under " + parent + ": " + browseNames(c, parent));
    }

    @Test
    void browsingObjectsMinetwinSiteAssetComponentReachesChannelsPropertiesAndHealth() throws Exception {
        OpcUaClient c = anonymous();
        try {
            NodeId root = child(c, NodeIds.ObjectsFolder, "minetwin");
            NodeId site = child(c, root, "baiyun");
            assertTrue(browseNames(c, site).containsAll(List.of("shovel-07", "shovel-08")), browseNames(c, site).toString());
            NodeId asset = child(c, site, "shovel-07");
            assertTrue(browseNames(c, asset).containsAll(List.of("hoist-motor", "swing-gearbox", "Model", "SerialNumber",
                    "AssetType")), browseNames(c, asset).toString());
            assertEquals("4100XPC", c.readValue(0, TimestampsToReturn.Neither, child(c, asset, "Model")).value().getValue());
            NodeId hoist = child(c, asset, "hoist-motor");
            assertTrue(browseNames(c, hoist).containsAll(List.of("winding-temp", "current", "mode", "Health")));
            NodeId winding = child(c, hoist, "winding-temp");
            assertEquals(node("baiyun:shovel-07/hoist-motor/winding-temp"), winding);

            DataValue v = c.readValue(0, TimestampsToReturn.Both, winding);
            assertEquals(71.5, (Double) v.value().getValue());
            assertTrue(v.statusCode().isGood());
            assertEquals(repo.twin(SHOVEL).orElseThrow().channel(WINDING).orElseThrow().latest().sourceTime(),
                    v.sourceTime().getJavaInstant());
            assertEquals("digging", c.readValue(0, TimestampsToReturn.Both, child(c, hoist, "mode")).value().getValue());
            DataValue never = c.readValue(0, TimestampsToReturn.Both, child(c, hoist, "current"));
            assertEquals(StatusCodes.Bad_WaitingForInitialData, never.statusCode().value());

            var eu = (EUInformation) ((ExtensionObject) c.readValue(0, TimestampsToReturn.Neither,
                    child(c, winding, "EngineeringUnits")).value().getValue()).decode(c.getStaticEncodingContext());
            assertEquals("degC", eu.getDisplayName().text());
            var range = (org.eclipse.milo.opcua.stack.core.types.structured.Range) ((ExtensionObject) c.readValue(0,
                    TimestampsToReturn.Neither, child(c, winding, "EURange")).value().getValue())
                    .decode(c.getStaticEncodingContext());
            assertEquals(-40.0, range.getLow());
            assertEquals(250.0, range.getHigh());

            NodeId health = child(c, hoist, "Health");
            assertTrue(browseNames(c, health).containsAll(List.of("HealthScore", "FailureProbability72h",
                    "FailureProbability7d", "RemainingUsefulLifeHours", "RemainingUsefulLifeLowerHours",
                    "RemainingUsefulLifeUpperHours", "AlertLevel", "TopSignals", "ModelVersion")), browseNames(c, health).toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void subscriptionsSeeChannelChangesInOrderUpToTheLatestWithTheIngestTimestampsAndHealthUpdates() throws Exception {
        OpcUaClient c = anonymous();
        try {
            var sub = new OpcUaSubscription(c, 50.0);
            sub.create();
            List<DataValue> winding = Collections.synchronizedList(new ArrayList<>());
            List<DataValue> p7d = Collections.synchronizedList(new ArrayList<>());
            var wi = OpcUaMonitoredItem.newDataItem(node("baiyun:shovel-08/hoist-motor/winding-temp"));
            wi.setSamplingInterval(0.0);
            wi.setQueueSize(uint(1000));
            wi.setDataValueListener((item, value) -> winding.add(value));
            var hi = OpcUaMonitoredItem.newDataItem(node("baiyun:shovel-08/hoist-motor#Health/FailureProbability7d"));
            hi.setQueueSize(uint(100));
            hi.setDataValueListener((item, value) -> p7d.add(value));
            sub.addMonitoredItems(List.of(wi, hi));
            sub.createMonitoredItems();
            await(Duration.ofSeconds(10), () -> winding.size() == 1 && p7d.size() == 1, () -> winding + " " + p7d);
            assertEquals(StatusCodes.Bad_WaitingForInitialData, winding.get(0).statusCode().value());

            var w8 = new io.minetwin.model.SeriesKey(TwinId.parse("baiyun:shovel-08"), "hoist-motor", "winding-temp");
            Instant t0 = Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MILLIS);
            // 200 changes in separate batches: the server hands on the latest value of the channel each time it
            // gets to it, so values in between may be skipped, but what arrives is in order and ends with the last.
            for (int i = 0; i < 200; i++) {
                repo.apply(List.of(Sample.good(w8, t0.plusMillis(i * 10L), 60 + i * 0.1)));
            }
            repo.apply(List.of(Sample.bad(w8, t0.plusMillis(2_000), "sensor failure")));
            await(Duration.ofSeconds(20), () -> winding.size() >= 2 && winding.get(winding.size() - 1).statusCode()
                    .isBad(), () -> winding.size() + " values");
            List<DataValue> got = List.copyOf(winding);
            long last = Long.MIN_VALUE;
            for (DataValue v : got.subList(1, got.size() - 1)) {
                long i = (v.sourceTime().getJavaTime() - t0.toEpochMilli()) / 10;
                assertTrue(v.sourceTime().getJavaTime() > last, "in order, each once: " + got);
                last = v.sourceTime().getJavaTime();
                assertEquals(60 + i * 0.1, (Double) v.value().getValue(), 1e-9, "value of change " + i);
                assertNotNull(v.serverTime(), "server time is the engine's receive time");
            }
            assertTrue(got.size() <= 202, "no change twice");
            assertEquals(t0.plusMillis(2_000), got.get(got.size() - 1).sourceTime().getJavaInstant(),
                    "bad quality arrives as a Bad status, last");

            var forecast = new ComponentHealth(Instant.now().truncatedTo(ChronoUnit.MILLIS), 42, Map.of("72h", 0.12, "7d", 0.31),
                    Optional.of(new ComponentHealth.Rul(120, 80, 200)), AlertLevel.WARNING,
                    List.of(new ComponentHealth.Signal("f", "hoist-motor winding-temp: slope over 24 h", 0.6)), "m@3");
            repo.updateHealth(TwinId.parse("baiyun:shovel-08"), "hoist-motor", forecast);
            await(Duration.ofSeconds(10), () -> p7d.size() >= 2, () -> p7d.toString());
            assertEquals(0.31, (Double) p7d.get(1).value().getValue(), 1e-12);
            assertEquals(forecast.time(), p7d.get(1).sourceTime().getJavaInstant());
            DataValue rul = c.readValue(0, TimestampsToReturn.Both,
                    node("baiyun:shovel-08/hoist-motor#Health/RemainingUsefulLifeLowerHours"));
            assertEquals(80.0, rul.value().getValue());
            assertEquals("warning", c.readValue(0, TimestampsToReturn.Both,
                    node("baiyun:shovel-08/hoist-motor#Health/AlertLevel")).value().getValue());
            String[] signals = (String[]) c.readValue(0, TimestampsToReturn.Both,
                    node("baiyun:shovel-08/hoist-motor#Health/TopSignals")).value().getValue();
            assertEquals(List.of("hoist-motor winding-temp: slope over 24 h"), List.of(signals));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void alertLevelChangesAndTwinsAddedAtRuntimeArriveAsServerEvents() throws Exception {
        OpcUaClient c = anonymous();
        try {
            var sub = new OpcUaSubscription(c, 50.0);
            sub.create();
            List<Variant[]> events = Collections.synchronizedList(new ArrayList<>());
            var filter = new EventFilterBuilder()
                    .select(NodeIds.BaseEventType, new QualifiedName(0, "EventType"))
                    .select(NodeIds.BaseEventType, new QualifiedName(0, "SourceName"))
                    .select(NodeIds.BaseEventType, new QualifiedName(0, "Message"))
                    .select(NodeIds.BaseEventType, new QualifiedName(0, "Severity"))
                    .build();
            var item = OpcUaMonitoredItem.newEventItem(NodeIds.Server, filter);
            item.setQueueSize(uint(100));
            item.setEventValueListener((i, values) -> events.add(values));
            sub.addMonitoredItem(item);
            sub.createMonitoredItems();

            repo.register(ScadaTestSupport.shovel("shovel-09"));
            await(Duration.ofSeconds(10), () -> events.stream().anyMatch(e ->
                    NodeIds.GeneralModelChangeEventType.equals(e[0].getValue())), () -> describe(events));
            NodeId root = child(c, NodeIds.ObjectsFolder, "minetwin");
            NodeId site = child(c, root, "baiyun");
            await(Duration.ofSeconds(5), () -> {
                try {
                    return browseNames(c, site).contains("shovel-09");
                } catch (UaException e) {
                    return false;
                }
            }, () -> "shovel-09 not browsable");

            TwinId id = TwinId.parse("baiyun:shovel-09");
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            repo.updateHealth(id, "swing-gearbox", health(t, 80, AlertLevel.OK));
            repo.updateHealth(id, "swing-gearbox", health(t.plusSeconds(1), 35, AlertLevel.CRITICAL));
            repo.updateHealth(id, "swing-gearbox", health(t.plusSeconds(2), 90, AlertLevel.OK));
            await(Duration.ofSeconds(10), () -> alerts(events).size() >= 2, () -> describe(events));
            List<Variant[]> alerts = alerts(events);
            assertEquals(2, alerts.size(), describe(events));
            assertEquals("baiyun:shovel-09/swing-gearbox", alerts.get(0)[1].getValue());
            String raised = ((LocalizedText) alerts.get(0)[2].getValue()).text();
            assertTrue(raised.contains("critical (raised from ok)") && raised.contains("[alert baiyun:shovel-09.swing-gearbox."
                    + t.plusSeconds(1).toEpochMilli() + "]"), raised);
            assertEquals(900, ((Number) alerts.get(0)[3].getValue()).intValue());
            String cleared = ((LocalizedText) alerts.get(1)[2].getValue()).text();
            assertTrue(cleared.contains("ok (cleared from critical)") && cleared.contains("." + t.plusSeconds(1).toEpochMilli()
                    + "]"), "a cleared alert keeps the id it was raised with: " + cleared);

            repo.remove(id);
            await(Duration.ofSeconds(10), () -> {
                try {
                    return !browseNames(c, site).contains("shovel-09");
                } catch (UaException e) {
                    return false;
                }
            }, () -> "shovel-09 still browsable");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void subscriptionsKeepWorkingWhenATwinIsRegisteredAgain() throws Exception {
        repo.register(ScadaTestSupport.shovel("shovel-10"));
        var key = new io.minetwin.model.SeriesKey(TwinId.parse("baiyun:shovel-10"), "hoist-motor", "winding-temp");
        server.awaitApplied(10_000);
        OpcUaClient c = anonymous();
        try {
            var sub = new OpcUaSubscription(c, 50.0);
            sub.create();
            List<DataValue> values = Collections.synchronizedList(new ArrayList<>());
            var item = OpcUaMonitoredItem.newDataItem(node("baiyun:shovel-10/hoist-motor/winding-temp"));
            item.setQueueSize(uint(10));
            item.setDataValueListener((i, v) -> values.add(v));
            sub.addMonitoredItem(item);
            sub.createMonitoredItems();
            await(Duration.ofSeconds(10), () -> values.size() == 1, values::toString);

            // a changed definition (new serial number) rebuilds the twin's nodes under the same ids
            var d = ScadaTestSupport.shovel("shovel-10");
            repo.register(new io.minetwin.model.TwinDefinition(d.id(), d.type(), new io.minetwin.model.TwinAttributes(
                    "4100XPC", "Baiyun iron mine", "SN-NEW", Optional.empty(), Map.of(), Optional.empty())));
            server.awaitApplied(10_000);
            assertEquals("SN-NEW", c.readValue(0, TimestampsToReturn.Neither,
                    node("baiyun:shovel-10#SerialNumber")).value().getValue());
            repo.apply(List.of(Sample.good(key, Instant.now().truncatedTo(ChronoUnit.MILLIS), 66.0)));
            await(Duration.ofSeconds(10), () -> values.size() == 2, values::toString);
            assertEquals(66.0, values.get(1).value().getValue());
        } finally {
            c.disconnect();
        }
    }

    private static ComponentHealth health(Instant t, double score, AlertLevel level) {
        return new ComponentHealth(t, score, Map.of("7d", (100 - score) / 100), Optional.empty(), level, List.of(), "m@1");
    }

    private static List<Variant[]> alerts(List<Variant[]> events) {
        synchronized (events) {
            return events.stream().filter(e -> NodeIds.BaseEventType.equals(e[0].getValue())).toList();
        }
    }

    private static String describe(List<Variant[]> events) {
        synchronized (events) {
            return events.stream().map(e -> e[0].getValue() + " " + e[1].getValue() + " " + e[2].getValue())
                    .collect(Collectors.joining("\n"));
        }
    }

    static HistoryReadResult historyRead(OpcUaClient c, HistoryReadDetails details, NodeId n, ByteString cp)
            throws UaException {
        return c.historyRead(details, TimestampsToReturn.Source, false,
                List.of(new HistoryReadValueId(n, null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
    }

    static List<DataValue> values(OpcUaClient c, HistoryReadResult r) {
        HistoryData d = (HistoryData) r.getHistoryData().decode(c.getStaticEncodingContext());
        return d.getDataValues() == null ? List.of() : List.of(d.getDataValues());
    }

    @Test
    void historyReadRawPagesThroughContinuationPointsForwardAndBackward() throws Exception {
        var key = new io.minetwin.model.SeriesKey(TwinId.parse("baiyun:shovel-08"), "hoist-motor", "current");
        long base = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 50; i++) {
            // one sample every 20 minutes, so the pages span several store windows
            history.add(key, base + i * 1_200_000L, i, i == 7 ? QualityLevel.BAD : QualityLevel.GOOD);
        }
        OpcUaClient c = anonymous();
        try {
            NodeId n = node("baiyun:shovel-08/hoist-motor/current");
            var details = new ReadRawModifiedDetails(false, new DateTime(Instant.ofEpochMilli(base)),
                    new DateTime(Instant.ofEpochMilli(base + 40 * 1_200_000L)), uint(7), false);
            List<DataValue> all = new ArrayList<>();
            ByteString cp = ByteString.NULL_VALUE;
            int pages = 0;
            do {
                HistoryReadResult r = historyRead(c, details, n, cp);
                assertTrue(r.getStatusCode().isGood(), r.getStatusCode().toString());
                List<DataValue> page = values(c, r);
                assertTrue(page.size() <= 7);
                all.addAll(page);
                cp = r.getContinuationPoint();
                pages++;
            } while (cp != null && cp.isNotNull());
            assertEquals(40, all.size(), "end time is exclusive");
            assertEquals(6, pages);
            for (int i = 0; i < 40; i++) {
                assertEquals(base + i * 1_200_000L, all.get(i).sourceTime().getJavaTime());
                if (i != 7) {
                    assertEquals((double) i, all.get(i).value().getValue());
                }
            }
            assertTrue(all.get(7).statusCode().isBad(), "stored quality comes back as the status");

            var reverse = new ReadRawModifiedDetails(false, new DateTime(Instant.ofEpochMilli(base + 49 * 1_200_000L)),
                    new DateTime(Instant.ofEpochMilli(base + 30 * 1_200_000L)), uint(4), false);
            List<DataValue> back = new ArrayList<>();
            cp = ByteString.NULL_VALUE;
            do {
                HistoryReadResult r = historyRead(c, reverse, n, cp);
                back.addAll(values(c, r));
                cp = r.getContinuationPoint();
            } while (cp != null && cp.isNotNull());
            assertEquals(19, back.size(), "(end, start] newest first");
            assertEquals(base + 49 * 1_200_000L, back.get(0).sourceTime().getJavaTime());
            assertEquals(base + 31 * 1_200_000L, back.get(18).sourceTime().getJavaTime());

            HistoryReadResult first = historyRead(c, details, n, ByteString.NULL_VALUE);
            HistoryReadResult misused = historyRead(c, reverse, n, first.getContinuationPoint());
            assertEquals(StatusCodes.Bad_ContinuationPointInvalid, misused.getStatusCode().value());

            HistoryReadResult health = historyRead(c, details, node("baiyun:shovel-08/hoist-motor#Health/HealthScore"),
                    ByteString.NULL_VALUE);
            assertEquals(StatusCodes.Bad_HistoryOperationUnsupported, health.getStatusCode().value());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void historyReadProcessedAveragesMinimaAndMaximaMatchTheHistoryAndUseRollupsWhenAligned() throws Exception {
        var key = new io.minetwin.model.SeriesKey(TwinId.parse("baiyun:shovel-07"), "swing-gearbox", "oil-temp");
        long base = Instant.parse("2026-01-06T00:00:00Z").toEpochMilli();
        var rnd = new java.util.Random(7);
        for (int i = 0; i < 6 * 360; i++) {
            // 6 hours every 10 s, one bad sample in 50
            history.add(key, base + i * 10_000L, 40 + rnd.nextGaussian() * 5, i % 50 == 3 ? QualityLevel.BAD : QualityLevel.GOOD);
        }
        OpcUaClient c = anonymous();
        try {
            NodeId n = node("baiyun:shovel-07/swing-gearbox/oil-temp");
            for (NodeId agg : List.of(NodeIds.AggregateFunction_Average, NodeIds.AggregateFunction_Minimum,
                    NodeIds.AggregateFunction_Maximum)) {
                // aligned 1-hour intervals from rollups, and unaligned 25-minute intervals from raw samples
                for (long[] spec : new long[][] {{base, 3_600_000L}, {base + 7_000, 1_500_000L}}) {
                    int before = history.rollupReads;
                    var details = new ReadProcessedDetails(new DateTime(Instant.ofEpochMilli(spec[0])),
                            new DateTime(Instant.ofEpochMilli(base + 6 * 3_600_000L)), (double) spec[1],
                            new NodeId[] {agg}, DEFAULTS);
                    HistoryReadResult r = historyRead(c, details, n, ByteString.NULL_VALUE);
                    assertTrue(r.getStatusCode().isGood(), r.getStatusCode().toString());
                    List<DataValue> got = values(c, r);
                    long end = base + 6 * 3_600_000L;
                    int intervals = (int) ((end - spec[0] + spec[1] - 1) / spec[1]);
                    assertEquals(intervals, got.size());
                    for (int k = 0; k < intervals; k++) {
                        long from = spec[0] + k * spec[1];
                        io.minetwin.model.SeriesData raw = history.read(key, from, Math.min(end, from + spec[1]));
                        double sum = 0;
                        double min = Double.POSITIVE_INFINITY;
                        double max = Double.NEGATIVE_INFINITY;
                        int count = 0;
                        for (int i = 0; i < raw.size(); i++) {
                            if (raw.qualities()[i] == QualityLevel.GOOD.code()) {
                                sum += raw.values()[i];
                                min = Math.min(min, raw.values()[i]);
                                max = Math.max(max, raw.values()[i]);
                                count++;
                            }
                        }
                        double expected = agg.equals(NodeIds.AggregateFunction_Average) ? sum / count
                                : agg.equals(NodeIds.AggregateFunction_Minimum) ? min : max;
                        assertEquals(expected, (Double) got.get(k).value().getValue(), 1e-9, agg + " interval " + k);
                        assertEquals(from, got.get(k).sourceTime().getJavaTime());
                        assertTrue(got.get(k).statusCode().isGood());
                    }
                    boolean aligned = spec[0] == base;
                    assertEquals(aligned, history.rollupReads > before, "rollups used exactly when intervals align");
                }
            }
            var unsupported = new ReadProcessedDetails(new DateTime(Instant.ofEpochMilli(base)),
                    new DateTime(Instant.ofEpochMilli(base + 3_600_000L)), 60_000.0,
                    new NodeId[] {NodeIds.AggregateFunction_Interpolative}, DEFAULTS);
            assertEquals(StatusCodes.Bad_AggregateNotSupported,
                    historyRead(c, unsupported, n, ByteString.NULL_VALUE).getStatusCode().value());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void secureEndpointRefusesAnonymousAndWrongPasswordsAndAdmitsConfiguredUsers() throws Exception {
        UaException anonymous = assertThrows(UaException.class, () -> connect(server.endpointUrl(),
                SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, new AnonymousProvider(), clientPki));
        assertTrue(anonymous.getStatusCode().isBad(), anonymous.toString());
        UaException wrong = assertThrows(UaException.class, () -> secure("control-room", "guess"));
        assertEquals(StatusCodes.Bad_UserAccessDenied, wrong.getStatusCode().value(), wrong.toString());
        UaException unknown = assertThrows(UaException.class, () -> secure("nobody", SCADA_PASSWORD));
        assertEquals(StatusCodes.Bad_UserAccessDenied, unknown.getStatusCode().value(), unknown.toString());

        OpcUaClient c = secure("control-room", SCADA_PASSWORD);
        try {
            DataValue v = c.readValue(0, TimestampsToReturn.Both, node("baiyun:shovel-07/hoist-motor/winding-temp"));
            assertTrue(v.statusCode().isGood(), v.toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void noUserCanWriteAChannelOrAForecast() throws Exception {
        for (String[] login : new String[][] {{"control-room", SCADA_PASSWORD}, {"ops-admin", ADMIN_PASSWORD}}) {
            OpcUaClient c = secure(login[0], login[1]);
            try {
                List<StatusCode> results = c.writeValues(
                        List.of(node("baiyun:shovel-07/hoist-motor/winding-temp"),
                                node("baiyun:shovel-07/hoist-motor#Health/AlertLevel")),
                        List.of(DataValue.valueOnly(new Variant(1.0)), DataValue.valueOnly(new Variant("ok"))));
                for (StatusCode s : results) {
                    assertTrue(s.isBad(), login[0] + " wrote: " + s);
                }
                assertEquals(71.5, c.readValue(0, TimestampsToReturn.Both,
                        node("baiyun:shovel-07/hoist-motor/winding-temp")).value().getValue());
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void untrustedClientCertificateIsRefusedAndSavedInTheRejectedFolder() throws Exception {
        Pki stranger = Pki.open(dir.resolve("stranger-pki"));
        assertThrows(UaException.class, () -> connect(server.endpointUrl(), SecurityPolicy.Basic256Sha256,
                MessageSecurityMode.SignAndEncrypt, new UsernameProvider("control-room", SCADA_PASSWORD), stranger));
        try (var files = Files.list(server.pki().rejectedDir())) {
            assertFalse(files.toList().isEmpty(), "the refused certificate is kept for review");
        }
    }
}
