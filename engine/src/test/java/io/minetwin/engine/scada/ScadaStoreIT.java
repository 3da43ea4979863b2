package io.minetwin.engine.scada;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.connectors.opcua.server.ScadaServerSettings;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.AggregateConfiguration;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadProcessedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HistoryRead against the engine's RocksDB store: raw pages through continuation points equal the store's
 * raw read, and processed averages, minima and maxima equal the store's rollups (aligned hours) and the
 * raw samples (unaligned intervals).
 */
class ScadaStoreIT {

    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    static final SeriesKey WINDING = new SeriesKey(SHOVEL, "hoist-motor", "winding-temp");
    static final AggregateConfiguration DEFAULTS = new AggregateConfiguration(true, false, ubyte(100), ubyte(100), false);

    @TempDir
    Path dir;

    @Test
    void historyReadAnswersFromTheStoreAsItsOwnQueriesDo() throws Exception {
        var type = new AssetType("electric-shovel", "", List.of(new ComponentType("hoist-motor", "",
                List.of(new ChannelSpec("winding-temp", "degC", ValueType.NUMBER, null, null, null, List.of(), "")))));
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        repo.register(new TwinDefinition(SHOVEL, type, TwinAttributes.NONE));
        long base = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
        try (Store store = Store.open(dir.resolve("store"), StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
            var rnd = new Random(11);
            var points = new ArrayList<Point>();
            for (int i = 0; i < 12 * 360; i++) {
                // 12 hours every 10 s; every 37th sample uncertain, which rollups leave out
                points.add(new Point(WINDING, base + i * 10_000L, 80 + rnd.nextGaussian() * 4,
                        i % 37 == 5 ? QualityLevel.UNCERTAIN : QualityLevel.GOOD));
            }
            store.history().append(points);
            var settings = ScadaServerSettings.local(0, dir.resolve("pki"), List.of(), true);
            try (ScadaServer server = ScadaServer.start(settings, repo, store.history())) {
                OpcUaClient c = connect(server.endpointUrl());
                try {
                    int ns = c.getNamespaceTable().getIndex("urn:minetwin:twins").intValue();
                    NodeId node = new NodeId(ns, "baiyun:shovel-07/hoist-motor/winding-temp");
                    long from = base + 3_600_000L + 1234;
                    long to = base + 9 * 3_600_000L;
                    var raw = new ReadRawModifiedDetails(false, time(from), time(to), uint(500), false);
                    List<DataValue> all = new ArrayList<>();
                    ByteString cp = ByteString.NULL_VALUE;
                    int pages = 0;
                    do {
                        HistoryReadResult r = read(c, raw, node, cp);
                        all.addAll(values(c, r));
                        cp = r.getContinuationPoint();
                        pages++;
                    } while (cp != null && cp.isNotNull());
                    SeriesData expected = store.history().read(WINDING, from, to);
                    assertEquals(expected.size(), all.size());
                    assertEquals((expected.size() + 499) / 500, pages);
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.time(i), all.get(i).sourceTime().getJavaTime());
                        assertEquals(expected.value(i), (Double) all.get(i).value().getValue(), 0.0);
                        assertEquals(expected.quality(i) == QualityLevel.GOOD, all.get(i).statusCode().isGood());
                    }

                    RollupData hours = store.history().readRollup(WINDING, Resolution.HOUR, base, base + 12 * 3_600_000L);
                    for (NodeId agg : List.of(NodeIds.AggregateFunction_Average, NodeIds.AggregateFunction_Minimum,
                            NodeIds.AggregateFunction_Maximum)) {
                        var hourly = new ReadProcessedDetails(time(base), time(base + 12 * 3_600_000L), 3_600_000.0,
                                new NodeId[] {agg}, DEFAULTS);
                        List<DataValue> got = values(c, read(c, hourly, node, ByteString.NULL_VALUE));
                        assertEquals(12, got.size());
                        for (int h = 0; h < 12; h++) {
                            double want = agg.equals(NodeIds.AggregateFunction_Average) ? hours.mean(h)
                                    : agg.equals(NodeIds.AggregateFunction_Minimum) ? hours.min()[h] : hours.max()[h];
                            assertEquals(hours.starts()[h], got.get(h).sourceTime().getJavaTime());
                            assertEquals(want, (Double) got.get(h).value().getValue(), 1e-9, agg + " hour " + h);
                        }
                    }
                    // 17-minute intervals fit no rollup: the same figures from the raw samples
                    long start = base + 5 * 60_000L + 300;
                    var odd = new ReadProcessedDetails(time(start), time(start + 10 * 1_020_000L), 1_020_000.0,
                            new NodeId[] {NodeIds.AggregateFunction_Average}, DEFAULTS);
                    List<DataValue> got = values(c, read(c, odd, node, ByteString.NULL_VALUE));
                    assertEquals(10, got.size());
                    for (int k = 0; k < 10; k++) {
                        SeriesData s = store.history().read(WINDING, start + k * 1_020_000L, start + (k + 1) * 1_020_000L);
                        double sum = 0;
                        int n = 0;
                        for (int i = 0; i < s.size(); i++) {
                            if (s.quality(i) == QualityLevel.GOOD) {
                                sum += s.value(i);
                                n++;
                            }
                        }
                        assertTrue(n > 90);
                        assertEquals(sum / n, (Double) got.get(k).value().getValue(), 1e-9, "interval " + k);
                    }
                } finally {
                    c.disconnect();
                }
            }
        }
    }

    static DateTime time(long millis) {
        return new DateTime(Instant.ofEpochMilli(millis));
    }

    static HistoryReadResult read(OpcUaClient c, HistoryReadDetails details, NodeId n, ByteString cp) throws Exception {
        HistoryReadResult r = c.historyRead(details, TimestampsToReturn.Source, false,
                List.of(new HistoryReadValueId(n, null, QualifiedName.NULL_VALUE, cp))).getResults()[0];
        assertTrue(r.getStatusCode().isGood(), r.getStatusCode().toString());
        return r;
    }

    static List<DataValue> values(OpcUaClient c, HistoryReadResult r) {
        HistoryData d = (HistoryData) r.getHistoryData().decode(c.getStaticEncodingContext());
        return d.getDataValues() == null ? List.of() : List.of(d.getDataValues());
    }

    static OpcUaClient connect(String url) throws Exception {
        URI uri = URI.create(url);
        OpcUaClient client = OpcUaClient.create(url, endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.None.getUri())
                                && e.getSecurityMode() == MessageSecurityMode.None)
                        .findFirst().map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
                transport -> { },
                b -> b.setApplicationName(LocalizedText.english("scada store test"))
                        .setApplicationUri("urn:minetwin:test").setIdentityProvider(new AnonymousProvider()));
        client.connect();
        return client;
    }
}
