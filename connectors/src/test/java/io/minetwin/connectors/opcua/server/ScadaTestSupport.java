package io.minetwin.connectors.opcua.server;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.minetwin.connectors.opcua.Pki;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.Limits;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Range;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.ValueType;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/** A small fleet, an in-memory history and client helpers for the SCADA server tests. */
final class ScadaTestSupport {

    static final TwinId SHOVEL = TwinId.parse("baiyun:shovel-07");
    static final SeriesKey WINDING = new SeriesKey(SHOVEL, "hoist-motor", "winding-temp");
    static final SeriesKey MODE = new SeriesKey(SHOVEL, "hoist-motor", "mode");

    private ScadaTestSupport() {
    }

    static AssetType shovelType() {
        var winding = new ChannelSpec("winding-temp", "degC", ValueType.NUMBER, Range.of(20, 120), Limits.NONE,
                Range.of(-40, 250), List.of(), "Hoist motor winding temperature");
        var current = new ChannelSpec("current", "A", ValueType.NUMBER, Range.UNBOUNDED, Limits.NONE, Range.UNBOUNDED,
                List.of(), "");
        var mode = new ChannelSpec("mode", "", ValueType.STATE, null, null, null, List.of("idle", "digging", "swinging"), "");
        var hoist = new ComponentType("hoist-motor", "Hoist motor", List.of(winding, current, mode));
        var swing = new ComponentType("swing-gearbox", "", List.of(new ChannelSpec("oil-temp", "degC", ValueType.NUMBER,
                null, null, null, List.of(), "")));
        return new AssetType("electric-shovel", "Electric rope shovel", List.of(hoist, swing));
    }

    static TwinDefinition shovel(String name) {
        return new TwinDefinition(new TwinId("baiyun", name), shovelType(),
                new TwinAttributes("4100XPC", "Baiyun iron mine", "SN-" + name, Optional.empty(), Map.of(),
                        Optional.empty()));
    }

    /** Waits for {@code condition} up to {@code timeout}, failing with {@code state} if it never holds. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + state.get());
            }
            Thread.sleep(10);
        }
    }

    /** A Milo client on {@code url} with the given security; {@code pki} gives the client certificate. */
    static OpcUaClient connect(String url, SecurityPolicy policy, MessageSecurityMode mode, IdentityProvider identity,
                               Pki pki) throws Exception {
        URI uri = URI.create(url);
        OpcUaClient client = OpcUaClient.create(url,
                endpoints -> endpoints.stream()
                        .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()) && e.getSecurityMode() == mode)
                        .findFirst().map(e -> EndpointUtil.updateUrl(e, uri.getHost(), uri.getPort())),
                transport -> transport.setConnectTimeout(uint(5_000)),
                b -> {
                    b.setApplicationName(LocalizedText.english("scada test client"))
                            .setApplicationUri(Pki.APPLICATION_URI)
                            .setProductUri("urn:minetwin:test")
                            .setIdentityProvider(identity)
                            .setRequestTimeout(uint(20_000));
                    if (pki != null) {
                        b.setKeyPair(pki.keyPair()).setCertificate(pki.certificate())
                                .setCertificateChain(new X509Certificate[] {pki.certificate()})
                                .setCertificateValidator((chain, appUri, hosts) -> { });
                    }
                });
        client.connect();
        return client;
    }

    /** History kept in memory with rollups computed on read, as the store's contract describes them. */
    static final class MemoryHistory implements SeriesReader {
        private final Map<SeriesKey, TreeMap<Long, double[]>> data = new ConcurrentHashMap<>();

        void add(SeriesKey key, long time, double value, QualityLevel q) {
            data.computeIfAbsent(key, k -> new TreeMap<>()).put(time, new double[] {value, q.code()});
        }

        @Override
        public synchronized SeriesData read(SeriesKey series, long from, long to) {
            var m = data.getOrDefault(series, new TreeMap<>()).subMap(from, true, to, false);
            long[] t = new long[m.size()];
            double[] v = new double[m.size()];
            byte[] q = new byte[m.size()];
            int i = 0;
            for (var e : m.entrySet()) {
                t[i] = e.getKey();
                v[i] = e.getValue()[0];
                q[i] = (byte) e.getValue()[1];
                i++;
            }
            return new SeriesData(t, v, q, i);
        }

        @Override
        public synchronized RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            long bucket = resolution.bucketMillis();
            var m = data.getOrDefault(series, new TreeMap<>());
            List<long[]> starts = new ArrayList<>();
            var mins = new ArrayList<Double>();
            var maxs = new ArrayList<Double>();
            var sums = new ArrayList<Double>();
            var counts = new ArrayList<Long>();
            long first = Math.floorDiv(from, bucket) * bucket;
            if (first < from) {
                first += bucket;
            }
            for (long b = first; b < to; b += bucket) {
                double mn = Double.POSITIVE_INFINITY;
                double mx = Double.NEGATIVE_INFINITY;
                double s = 0;
                long c = 0;
                for (var e : m.subMap(b, true, b + bucket, false).values()) {
                    if (e[1] == QualityLevel.GOOD.code()) {
                        mn = Math.min(mn, e[0]);
                        mx = Math.max(mx, e[0]);
                        s += e[0];
                        c++;
                    }
                }
                if (c > 0) {
                    starts.add(new long[] {b});
                    mins.add(mn);
                    maxs.add(mx);
                    sums.add(s);
                    counts.add(c);
                }
            }
            int n = starts.size();
            long[] st = new long[n];
            double[] mn = new double[n];
            double[] mx = new double[n];
            double[] sm = new double[n];
            long[] ct = new long[n];
            for (int i = 0; i < n; i++) {
                st[i] = starts.get(i)[0];
                mn[i] = mins.get(i);
                mx[i] = maxs.get(i);
                sm[i] = sums.get(i);
                ct[i] = counts.get(i);
            }
            rollupReads++;
            return new RollupData(resolution, st, mn, mx, sm, ct, n);
        }

        volatile int rollupReads;

        @Override
        public synchronized java.util.Set<SeriesKey> series() {
            return data.keySet();
        }
    }

    /**
     * Alarm actions of an alert owner that keeps its alert steps in {@code recorded} (the engine's event log in
     * miniature): an Acknowledge records the acknowledgement after the alert's last step and applies it to the
     * conditions; a Confirm is told to {@code confirmed} as "id user comment" and marked on the condition.
     */
    static ScadaAlarmActions recordingActions(ScadaAlarms alarms, List<AlertEvent> recorded,
            Consumer<String> confirmed) {
        return new ScadaAlarmActions() {
            @Override
            public void acknowledge(String alertId, String user, String comment) {
                AlertEvent last = recorded.stream().filter(a -> a.alert().equals(alertId))
                        .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no alert " + alertId));
                AlertEvent ack = AlertEvent.acknowledged(last.time().plusMillis(1),
                        last.twin(), last.component(), alertId, last.level(), user, comment);
                recorded.add(ack);
                alarms.apply(ack);
            }

            @Override
            public void confirm(String alertId, String user, String comment) {
                confirmed.accept(alertId + " " + user + " " + comment);
                alarms.confirmed(alertId, user, comment, Instant.now());
            }
        };
    }
}
