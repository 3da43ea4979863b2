package io.minetwin.connectors.opcua.server;

import static io.minetwin.connectors.opcua.server.ScadaTestSupport.await;
import static io.minetwin.connectors.opcua.server.ScadaTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.ParentLink;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.nodes.UaNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as the mine sees it in the SCADA server's address space, browsed with Milo's client: site, area,
 * machine and the twins installed in it, beside the site paths, which keep resolving to the same nodes.
 */
class ScadaFleetTreeIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String NORTH = "North pit";
    static final String SOUTH = "South pit";
    static final TwinId TRUCK = new TwinId("baiyun", "truck-12");
    static final TwinId INVERTER = new TwinId("baiyun", "inverter-12a");

    @TempDir
    static Path dir;

    static InMemoryTwinRepository repo;
    static ScadaServer server;
    OpcUaClient client;
    int ns;

    @BeforeAll
    static void start() {
        repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        // the inverter before the truck it is installed in: the link is made when the truck's nodes are built
        repo.register(twin(INVERTER, "", Optional.of(new ParentLink(TRUCK, "hoist-motor", "left"))));
        repo.register(twin(TRUCK, NORTH, Optional.empty()));
        repo.register(twin(new TwinId("baiyun", "shovel-07"), NORTH, Optional.empty()));
        repo.register(twin(new TwinId("baiyun", "shovel-08"), "", Optional.empty()));
        server = ScadaServer.start(ScadaServerSettings.local(0, dir.resolve("pki"), List.of(), true), repo,
                new ScadaTestSupport.MemoryHistory());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connectClient() throws Exception {
        client = connect(server.endpointUrl(), SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider(), null);
        ns = client.getNamespaceTable().getIndex(TwinNamespace.URI).intValue();
    }

    @AfterEach
    void disconnect() throws Exception {
        client.disconnect();
    }

    static TwinDefinition twin(TwinId id, String area, Optional<ParentLink> parent) {
        return new TwinDefinition(id, ScadaTestSupport.shovelType(), new TwinAttributes("4100XPC", "Baiyun iron mine",
                "SN-" + id.name(), Optional.empty(), Map.of(), parent, area));
    }

    List<String> names(NodeId parent) throws UaException {
        return client.getAddressSpace().browseNodes(parent).stream().map(n -> n.getBrowseName().name()).toList();
    }

    /** The node at {@code path} below Objects, browsing by browse names. */
    Optional<NodeId> at(String... path) throws UaException {
        NodeId node = NodeIds.ObjectsFolder;
        for (String name : path) {
            NodeId next = null;
            for (UaNode n : client.getAddressSpace().browseNodes(node)) {
                if (name.equals(n.getBrowseName().name())) {
                    next = n.getNodeId();
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            node = next;
        }
        return Optional.of(node);
    }

    NodeId resolve(String... path) throws UaException {
        return at(path).orElseThrow(() -> new AssertionError(String.join("/", path) + " does not resolve"));
    }

    NodeId node(String id) {
        return new NodeId(ns, id);
    }

    @Test
    void machinesAreUnderTheirAreaWithTheirInstalledDrivesAndTheSitePathsStillResolve() throws Exception {
        NodeId site = resolve("minetwin", "baiyun");
        List<String> inSite = names(site);
        assertTrue(inSite.containsAll(List.of(NORTH, "truck-12", "inverter-12a", "shovel-07", "shovel-08")),
                inSite.toString());

        NodeId north = resolve("minetwin", "baiyun", NORTH);
        assertEquals(List.of("shovel-07", "truck-12"), names(north).stream().sorted().toList(),
                "machines only, not the drive installed in one");
        assertEquals(node(TRUCK.toString()), resolve("minetwin", "baiyun", NORTH, "truck-12"));
        NodeId drive = resolve("minetwin", "baiyun", NORTH, "truck-12", "inverter-12a");
        assertEquals(node(INVERTER.toString()), drive);
        assertEquals(resolve("minetwin", "baiyun", "inverter-12a"), drive, "the old path reaches the same node");
        assertEquals(node("baiyun:inverter-12a/hoist-motor/winding-temp"),
                resolve("minetwin", "baiyun", NORTH, "truck-12", "inverter-12a", "hoist-motor", "winding-temp"));
        assertEquals(node("baiyun:truck-12/hoist-motor/winding-temp"),
                resolve("minetwin", "baiyun", "truck-12", "hoist-motor", "winding-temp"));
        assertTrue(names(resolve("minetwin", "baiyun", "truck-12")).containsAll(List.of("hoist-motor", "swing-gearbox",
                "Model", "inverter-12a")));
        assertTrue(names(drive).contains("InstalledIn"));
        assertFalse(names(resolve("minetwin", "baiyun", "shovel-08")).contains("inverter-12a"));
    }

    @Test
    void aTwinRegisteredAgainWithAnotherAreaMovesAndAnEmptyAreaFolderGoes() throws Exception {
        TwinId shovel = new TwinId("baiyun", "shovel-09");
        try {
            repo.register(twin(shovel, NORTH, Optional.empty()));
            await(WAIT, () -> present("minetwin", "baiyun", NORTH, "shovel-09"), this::siteState);

            repo.register(twin(shovel, SOUTH, Optional.empty()));
            await(WAIT, () -> present("minetwin", "baiyun", SOUTH, "shovel-09"), this::siteState);
            assertFalse(names(resolve("minetwin", "baiyun", NORTH)).contains("shovel-09"));
            assertEquals(node(shovel.toString()), resolve("minetwin", "baiyun", "shovel-09"));

            // the truck's nodes rebuilt: the drive installed in it is still beneath it
            repo.register(twin(TRUCK, NORTH, Optional.empty()));
            repo.register(twin(shovel, "", Optional.empty()));
            await(WAIT, () -> !present("minetwin", "baiyun", SOUTH), this::siteState);
            assertEquals(node(INVERTER.toString()), resolve("minetwin", "baiyun", NORTH, "truck-12", "inverter-12a"));
            assertEquals(List.of("shovel-07", "truck-12"), names(resolve("minetwin", "baiyun", NORTH)).stream()
                    .sorted().toList());
            assertTrue(present("minetwin", "baiyun", "shovel-09"));
        } finally {
            repo.remove(shovel);
        }
    }

    @Test
    void aDriveMovedToAnotherMachineIsBeneathTheNewOneOnly() throws Exception {
        TwinId drive = new TwinId("baiyun", "inverter-07a");
        try {
            repo.register(twin(drive, "", Optional.of(new ParentLink(TRUCK, "hoist-motor", "right"))));
            await(WAIT, () -> present("minetwin", "baiyun", NORTH, "truck-12", "inverter-07a"), this::siteState);
            repo.register(twin(drive, "", Optional.of(new ParentLink(new TwinId("baiyun", "shovel-07"), "hoist-motor",
                    "left"))));
            await(WAIT, () -> present("minetwin", "baiyun", NORTH, "shovel-07", "inverter-07a"), this::siteState);
            assertFalse(present("minetwin", "baiyun", NORTH, "truck-12", "inverter-07a"));
            assertTrue(present("minetwin", "baiyun", NORTH, "truck-12", "inverter-12a"));

            repo.remove(drive);
            await(WAIT, () -> !present("minetwin", "baiyun", "inverter-07a"), this::siteState);
            assertFalse(present("minetwin", "baiyun", NORTH, "shovel-07", "inverter-07a"));
        } finally {
            repo.remove(drive);
        }
    }

    boolean present(String... path) {
        try {
            return at(path).isPresent();
        } catch (UaException e) {
            throw new AssertionError(e);
        }
    }

    String siteState() {
        try {
            NodeId site = resolve("minetwin", "baiyun");
            StringBuilder b = new StringBuilder("baiyun: ").append(names(site));
            for (String area : List.of(NORTH, SOUTH)) {
                Optional<NodeId> a = at("minetwin", "baiyun", area);
                if (a.isPresent()) {
                    b.append("; ").append(area).append(": ").append(names(a.get()));
                }
            }
            return b.toString();
        } catch (UaException e) {
            return e.toString();
        }
    }
}
