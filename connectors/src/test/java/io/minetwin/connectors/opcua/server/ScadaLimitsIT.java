package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.await;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.connect;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.Pki;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCADA server's limits against Milo's client: past each one the client is refused with its status code;
 * queues and HistoryRead calls are cut to size; writes are audited.
 */
class ScadaLimitsIT {

    @TempDir
    Path dir;

    private ScadaServer start(InMemoryTwinRepository repo, ScadaLimits limits, ScadaTestSupport.MemoryHistory history,
                              List<ScadaUser> users, ScadaAudit audit) {
        return ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("server-pki"), users, true).withLimits(limits),
                repo, history, audit);
    }

    private static InMemoryTwinRepository repo() {
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(ScadaTestSupport.shovel("shovel-07"));
        repo.register(ScadaTestSupport.shovel("shovel-08"));
        return repo;
    }

    private static OpcUaClient anonymous(ScadaServer server) throws Exception {
        return connect(server.endpointUrl(), SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider(),
                null);
    }

    private static int ns(OpcUaClient c) {
        return c.getNamespaceTable().getIndex(TwinNamespace.URI).intValue();
    }

    @Test
    void aSessionPastMaxSessionsIsRefusedWithBadTooManySessions() throws Exception {
        try (ScadaServer server = start(repo(), ScadaLimits.DEFAULTS.withMaxSessions(2),
                new ScadaTestSupport.MemoryHistory(), List.of(), ScadaAudit.NONE)) {
            OpcUaClient a = anonymous(server);
            OpcUaClient b = anonymous(server);
            try {
                UaException refused = assertThrows(UaException.class, () -> anonymous(server));
                assertEquals(StatusCodes.Bad_TooManySessions, refused.getStatusCode().value(), refused.toString());
                b.disconnect();
                await(Duration.ofSeconds(10), () -> server.status().sessions() == 1,
                        () -> server.status().sessions() + " sessions");
                OpcUaClient again = anonymous(server);
                again.disconnect();
            } finally {
                a.disconnect();
            }
        }
    }

    @Test
    void aSubscriptionPastTheSessionsShareIsRefusedWithBadTooManySubscriptions() throws Exception {
        try (ScadaServer server = start(repo(), ScadaLimits.DEFAULTS.withMaxSubscriptionsPerSession(2),
                new ScadaTestSupport.MemoryHistory(), List.of(), ScadaAudit.NONE)) {
            OpcUaClient c = anonymous(server);
            OpcUaClient other = anonymous(server);
            try {
                new OpcUaSubscription(c, 100.0).create();
                new OpcUaSubscription(c, 100.0).create();
                UaException refused = assertThrows(UaException.class, () -> new OpcUaSubscription(c, 100.0).create());
                assertEquals(StatusCodes.Bad_TooManySubscriptions, refused.getStatusCode().value(), refused.toString());
                new OpcUaSubscription(other, 100.0).create(); // the limit is per session
            } finally {
                c.disconnect();
                other.disconnect();
            }
        }
    }

    @Test
    void monitoredItemsPastTheSessionsShareAreRefusedWithBadTooManyMonitoredItemsAndQueuesAreCut() throws Exception {
        var repo = repo();
        try (ScadaServer server = start(repo, ScadaLimits.DEFAULTS.withMaxMonitoredItemsPerSession(50)
                        .withMaxQueueSize(7), new ScadaTestSupport.MemoryHistory(), List.of(), ScadaAudit.NONE)) {
            OpcUaClient c = anonymous(server);
            try {
                var sub1 = new OpcUaSubscription(c, 50.0);
                sub1.create();
                var sub2 = new OpcUaSubscription(c, 50.0);
                sub2.create();
                List<DataValue> seen = Collections.synchronizedList(new ArrayList<>());
                NodeId winding = new NodeId(ns(c), "baiyun:shovel-07/hoist-motor/winding-temp");
                List<OpcUaMonitoredItem> first = items(winding, 30, seen);
                List<OpcUaMonitoredItem> second = items(winding, 30, seen);
                sub1.addMonitoredItems(first);
                sub1.createMonitoredItems();
                sub2.addMonitoredItems(second);
                sub2.createMonitoredItems();
                int good = 0;
                int refused = 0;
                for (OpcUaMonitoredItem item : concat(first, second)) {
                    StatusCode s = item.getCreateResult().orElseThrow();
                    if (s.isGood()) {
                        good++;
                        assertEquals(uint(7), item.getRevisedQueueSize().orElseThrow(), "queue revised down");
                    } else {
                        assertEquals(StatusCodes.Bad_TooManyMonitoredItems, s.value(), s.toString());
                        refused++;
                    }
                }
                assertEquals(50, good, "the session's share, over both subscriptions");
                assertEquals(10, refused);
                // the admitted items work
                repo.apply(List.of(Sample.good(ScadaTestSupport.WINDING, Instant.now(), 88.5)));
                await(Duration.ofSeconds(10), () -> seen.stream().filter(v -> v.value().getValue() instanceof Double d
                        && d == 88.5).count() == 50, () -> seen.size() + " values");
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void aSubscriberGetsTheLatestValueAndAtMostOnePerSamplingInterval() throws Exception {
        var repo = repo();
        try (ScadaServer server = start(repo, ScadaLimits.DEFAULTS.withMinSamplingInterval(40),
                new ScadaTestSupport.MemoryHistory(), List.of(), ScadaAudit.NONE)) {
            OpcUaClient c = anonymous(server);
            try {
                var sub = new OpcUaSubscription(c, 50.0);
                sub.create();
                NodeId winding = new NodeId(ns(c), "baiyun:shovel-07/hoist-motor/winding-temp");
                List<DataValue> slow = Collections.synchronizedList(new ArrayList<>());
                List<DataValue> fastest = Collections.synchronizedList(new ArrayList<>());
                var slowItem = OpcUaMonitoredItem.newDataItem(winding);
                slowItem.setSamplingInterval(250.0);
                slowItem.setQueueSize(uint(100));
                slowItem.setDataValueListener((it, v) -> slow.add(v));
                var fastestItem = OpcUaMonitoredItem.newDataItem(winding);
                fastestItem.setSamplingInterval(0.0);
                fastestItem.setQueueSize(uint(100));
                fastestItem.setDataValueListener((it, v) -> fastest.add(v));
                long start = System.nanoTime();
                sub.addMonitoredItems(List.of(slowItem, fastestItem));
                sub.createMonitoredItems();
                assertEquals(250.0, slowItem.getRevisedSamplingInterval().orElseThrow());
                assertEquals(40.0, fastestItem.getRevisedSamplingInterval().orElseThrow(),
                        "0 (the fastest) is revised to the server's min-sampling-interval");
                // a change every millisecond or so for 1.5 s: six times the slow item's interval, 37 of the fastest
                Instant t0 = Instant.now().minusSeconds(60);
                int n = 0;
                long until = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
                while (System.nanoTime() < until) {
                    repo.apply(List.of(Sample.good(ScadaTestSupport.WINDING, t0.plusMillis(n), n)));
                    n++;
                    Thread.sleep(1);
                }
                double last = n - 1;
                await(Duration.ofSeconds(10), () -> !slow.isEmpty() && !fastest.isEmpty()
                        && last(slow) == last && last(fastest) == last, () -> slow.size() + " and " + fastest.size()
                        + " values, the last " + last(slow) + " and " + last(fastest) + " of " + last);
                assertTrue(server.awaitApplied(10_000));
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                // each item: its first value when created, then at most one per interval until now
                assertTrue(slow.size() <= elapsedMs / 250 + 2, slow.size() + " values in " + elapsedMs + " ms at 250 ms");
                assertTrue(fastest.size() <= elapsedMs / 40 + 2, fastest.size() + " values in " + elapsedMs
                        + " ms at 40 ms");
                assertTrue(slow.size() >= 3, "the slow item sampled while the changes went on: " + slow.size());
                assertTrue(fastest.size() > slow.size(), fastest.size() + " vs " + slow.size());
                for (List<DataValue> got : List.of(List.copyOf(slow), List.copyOf(fastest))) {
                    for (int i = 2; i < got.size(); i++) {
                        assertTrue(got.get(i).sourceTime().getJavaTime() > got.get(i - 1).sourceTime().getJavaTime(),
                                "in order");
                    }
                }
                ScadaServer.Status st = server.status();
                assertEquals(n, st.monitoredChanges(), "every change of the monitored channel was seen");
                assertTrue(st.valuesCoalesced() > n / 2, st.valuesCoalesced() + " of " + n + " coalesced");
                assertEquals(slow.size() + fastest.size(), st.notifications(), "what was delivered arrived");
            } finally {
                c.disconnect();
            }
        }
    }

    private static double last(List<DataValue> values) {
        synchronized (values) {
            Object v = values.get(values.size() - 1).value().getValue();
            return v instanceof Double d ? d : Double.NaN;
        }
    }

    private static List<OpcUaMonitoredItem> items(NodeId node, int n, List<DataValue> seen) {
        List<OpcUaMonitoredItem> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(0.0);
            item.setQueueSize(uint(10_000));
            item.setDataValueListener((it, v) -> seen.add(v));
            out.add(item);
        }
        return out;
    }

    private static List<OpcUaMonitoredItem> concat(List<OpcUaMonitoredItem> a, List<OpcUaMonitoredItem> b) {
        List<OpcUaMonitoredItem> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void oneHistoryReadCallReturnsAtMostItsPointsSharedOverItsNodes() throws Exception {
        var history = new ScadaTestSupport.MemoryHistory();
        long base = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        var a = new SeriesKey(TwinId.parse("baiyun:shovel-07"), "hoist-motor", "current");
        var b = new SeriesKey(TwinId.parse("baiyun:shovel-08"), "hoist-motor", "current");
        for (int i = 0; i < 40; i++) {
            history.add(a, base + i * 60_000L, i, QualityLevel.GOOD);
            history.add(b, base + i * 60_000L, 100 + i, QualityLevel.GOOD);
        }
        try (ScadaServer server = start(repo(), ScadaLimits.DEFAULTS.withMaxHistoryPointsPerCall(10), history,
                List.of(), ScadaAudit.NONE)) {
            OpcUaClient c = anonymous(server);
            try {
                int ns = ns(c);
                var details = new ReadRawModifiedDetails(false, new DateTime(Instant.ofEpochMilli(base)),
                        new DateTime(Instant.ofEpochMilli(base + 40 * 60_000L)), uint(0), false);
                List<HistoryReadValueId> nodes = new ArrayList<>(List.of(
                        new HistoryReadValueId(new NodeId(ns, "baiyun:shovel-07/hoist-motor/current"), null,
                                QualifiedName.NULL_VALUE, ByteString.NULL_VALUE),
                        new HistoryReadValueId(new NodeId(ns, "baiyun:shovel-08/hoist-motor/current"), null,
                                QualifiedName.NULL_VALUE, ByteString.NULL_VALUE)));
                int calls = 0;
                int[] total = new int[2];
                while (nodes.stream().anyMatch(n -> n != null)) {
                    List<HistoryReadValueId> ask = nodes.stream().filter(n -> n != null).toList();
                    HistoryReadResult[] r = c.historyRead(details, TimestampsToReturn.Source, false, ask).getResults();
                    calls++;
                    int inCall = 0;
                    int j = 0;
                    for (int i = 0; i < nodes.size(); i++) {
                        if (nodes.get(i) == null) {
                            continue;
                        }
                        HistoryReadResult one = r[j++];
                        assertTrue(one.getStatusCode().isGood(), one.getStatusCode().toString());
                        HistoryData d = (HistoryData) one.getHistoryData().decode(c.getStaticEncodingContext());
                        int n = d.getDataValues() == null ? 0 : d.getDataValues().length;
                        inCall += n;
                        total[i] += n;
                        ByteString cp = one.getContinuationPoint();
                        nodes.set(i, cp == null || cp.isNull() ? null : new HistoryReadValueId(
                                nodes.get(i).getNodeId(), null, QualifiedName.NULL_VALUE, cp));
                    }
                    assertTrue(inCall <= 10, "call " + calls + " returned " + inCall + " values");
                }
                assertEquals(40, total[0], "every value of the first node, over the pages");
                assertEquals(40, total[1]);
                assertEquals(8, calls, "5 values per node per call");
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void writesBySecureUsersAndAnonymousSessionsAreAuditedWithUserAddressAndOutcome() throws Exception {
        var random = new SecureRandom();
        var users = List.of(new ScadaUser("control-room", PasswordHash.hash("control-room-pw", random),
                ScadaRole.SCADA));
        List<String> audit = Collections.synchronizedList(new ArrayList<>());
        ScadaAudit recorder = (who, role, action, target, from, outcome) ->
                audit.add(String.join("|", who, role, action, target, from, outcome));
        try (ScadaServer server = start(repo(), ScadaLimits.DEFAULTS, new ScadaTestSupport.MemoryHistory(), users,
                recorder)) {
            Pki clientPki = Pki.open(dir.resolve("client-pki"));
            Files.write(server.pki().trustedCertsDir().resolve("client.der"), clientPki.certificate().getEncoded());
            OpcUaClient secure = connect(server.endpointUrl(), SecurityPolicy.Basic256Sha256,
                    MessageSecurityMode.SignAndEncrypt, new UsernameProvider("control-room", "control-room-pw"),
                    clientPki);
            OpcUaClient anon = anonymous(server);
            try {
                NodeId n = new NodeId(ns(secure), "baiyun:shovel-07/hoist-motor/winding-temp");
                List<StatusCode> s1 = secure.writeValues(List.of(n), List.of(DataValue.valueOnly(new Variant(1.0))));
                List<StatusCode> s2 = anon.writeValues(List.of(n), List.of(DataValue.valueOnly(new Variant(2.0))));
                assertTrue(s1.get(0).isBad() && s2.get(0).isBad(), s1 + " " + s2);
                assertEquals(2, audit.size(), audit.toString());
                String[] first = audit.get(0).split("\\|");
                assertEquals("control-room", first[0]);
                assertEquals("scada", first[1]);
                assertEquals("opcua Write Value", first[2]);
                assertTrue(first[3].contains("baiyun:shovel-07/hoist-motor/winding-temp"), first[3]);
                assertEquals("127.0.0.1", first[4]);
                assertTrue(first[5].startsWith("Bad_"), first[5]);
                String[] second = audit.get(1).split("\\|");
                assertEquals("anonymous", second[0]);
                assertTrue(second[5].startsWith("Bad_"), second[5]);
            } finally {
                secure.disconnect();
                anon.disconnect();
            }
        }
    }
}
