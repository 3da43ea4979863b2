package io.minetwin.simulator.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.minetwin.simulator.SimulationPlan;
import io.minetwin.simulator.SimulationSettings;
import io.minetwin.simulator.TestFleetsAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * Starts the simulator's server over the test fleet ({@code Objects/Test pit/shovel-01/...}) on a free
 * 127.0.0.1 port, and connects Milo clients to it.
 */
final class TestServers {

    /** Simulated time at the start of every test server. */
    static final Instant START = Instant.parse("2025-06-01T00:00:00Z");
    /** An hour of simulated time per second: each 50 ms update moves the clock 3 minutes. */
    static final double SPEED = 3600;
    static final String CLIENT_URI = "urn:minetwin:simulator:test-client";

    private TestServers() {
    }

    static int freePort() {
        try (var s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test fleet served at {@code settings}'s port, updated every 50 ms at {@link #SPEED}. */
    static SimulationServer start(ServerSettings settings) throws Exception {
        var plan = SimulationPlan.of(TestFleetsAccess.fleet(), SimulationSettings.DEFAULTS);
        return SimulationServer.start(plan, 1, settings, Clock.systemUTC(), START, SPEED, Duration.ofMillis(50));
    }

    /**
     * A client (not yet connected) for the first endpoint {@code choose} returns; {@code offered} receives
     * every endpoint the server offers. The client trusts any server certificate and brings its own.
     */
    static OpcUaClient client(String url, Function<List<EndpointDescription>, Optional<EndpointDescription>> choose,
                              IdentityProvider identity, List<EndpointDescription> offered) throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("minetwin simulator test client")
                .setApplicationUri(CLIENT_URI)
                .build();
        return OpcUaClient.create(url, endpoints -> {
            offered.addAll(endpoints);
            return choose.apply(endpoints);
        }, transport -> transport.setConnectTimeout(uint(10_000)), b -> b
                .setApplicationName(LocalizedText.english("minetwin simulator test client"))
                .setApplicationUri(CLIENT_URI)
                .setKeyPair(keyPair)
                .setCertificate(certificate)
                .setCertificateChain(new X509Certificate[] {certificate})
                .setCertificateValidator((chain, uri, hosts) -> { })
                .setIdentityProvider(identity)
                .setRequestTimeout(uint(20_000)));
    }

    /** The namespace index of the simulator's nodes. */
    static int namespace(OpcUaClient client) {
        return client.getNamespaceTable().getIndex(ServerSettings.NAMESPACE_URI).intValue();
    }

    /** Forward references of {@code referenceType} (and its subtypes) from {@code node}, all of them. */
    static List<ReferenceDescription> children(OpcUaClient client, NodeId node, NodeId referenceType)
            throws UaException {
        BrowseResult r = client.browse(new BrowseDescription(node, BrowseDirection.Forward, referenceType, true,
                uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                uint(BrowseResultMask.All.getValue())));
        if (!r.getStatusCode().isGood()) {
            throw new AssertionError("browsing " + node + " failed: " + r.getStatusCode());
        }
        var out = new ArrayList<>(Arrays.asList(r.getReferences() == null ? new ReferenceDescription[0]
                : r.getReferences()));
        if (r.getContinuationPoint() != null && r.getContinuationPoint().isNotNull()) {
            throw new AssertionError("browsing " + node + " left references behind a continuation point");
        }
        return out;
    }

    /**
     * Browses from the Objects folder along {@code path} (browse names, e.g. {@code Test pit/shovel-01}),
     * as a client that knows no node ids would.
     */
    static NodeId browsePath(OpcUaClient client, String path) throws UaException {
        NodeId node = NodeIds.ObjectsFolder;
        String walked = "Objects";
        for (String name : path.split("/")) {
            List<ReferenceDescription> refs = children(client, node, NodeIds.HierarchicalReferences);
            String parent = walked;
            node = refs.stream().filter(r -> r.getBrowseName().getName().equals(name)).findFirst()
                    .flatMap(r -> r.getNodeId().toNodeId(client.getNamespaceTable()))
                    .orElseThrow(() -> new AssertionError("no node '" + name + "' below " + parent + "; found "
                            + refs.stream().map(r -> r.getBrowseName().getName()).toList()));
            walked += "/" + name;
        }
        return node;
    }

    /** The value of {@code owner}'s property {@code name}, found by browsing HasProperty references. */
    static DataValue property(OpcUaClient client, NodeId owner, String name) throws UaException {
        NodeId prop = children(client, owner, NodeIds.HasProperty).stream()
                .filter(r -> r.getBrowseName().getName().equals(name)).findFirst()
                .flatMap(r -> r.getNodeId().toNodeId(client.getNamespaceTable()))
                .orElseThrow(() -> new AssertionError(owner + " has no property " + name));
        return client.readValues(0, TimestampsToReturn.Both, List.of(prop)).get(0);
    }
}
