package io.minetwin.milo.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.junit.jupiter.api.Test;

class MiloServersIT {

    @Test
    void aSelfSignedCertificateNamesTheServerAndItsApplicationUri() throws Exception {
        var own = MiloServers.selfSigned("minetwin test", "urn:minetwin:test", "127.0.0.1");
        assertTrue(own.certificate().getSubjectX500Principal().getName().contains("CN=minetwin test"),
                own.certificate().getSubjectX500Principal().getName());
        assertTrue(own.certificate().getSubjectAlternativeNames().contains(List.of(6, "urn:minetwin:test")),
                String.valueOf(own.certificate().getSubjectAlternativeNames()));
        assertEquals(own.keyPair().getPublic(), own.certificate().getPublicKey());
    }

    @Test
    void aServerStartsOverOpcTcpWithItsSampledNamespaceAndStops() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        var own = MiloServers.selfSigned("minetwin test", "urn:minetwin:test", "127.0.0.1");
        var endpoints = new LinkedHashSet<EndpointConfig>();
        endpoints.add(EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath("/test")
                .setCertificate(own.certificate())
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .build());
        OpcUaServer server = MiloServers.server(OpcUaServerConfig.builder()
                .setApplicationUri("urn:minetwin:test")
                .setApplicationName(LocalizedText.english("minetwin test"))
                .setProductUri("urn:minetwin:test")
                .setEndpoints(endpoints)
                .setCertificateManager(MiloServers.acceptingAllClients(own))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .setLimits(new OpcUaServerConfigLimits() { })
                .build());
        var namespace = new SampledNamespace(server, "urn:minetwin:test:ns") {
            {
                getLifecycleManager().addStartupTask(() -> folder("plant", "plant", NodeIds.ObjectsFolder));
            }
        };
        namespace.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        try {
            assertTrue(namespace.getNodeManager().containsNode(new NodeId(namespace.getNamespaceIndex(), "plant")));
            try (var probe = new java.net.Socket("127.0.0.1", port)) {
                assertTrue(probe.isConnected(), "the opc.tcp endpoint listens on " + port);
            }
        } finally {
            namespace.shutdown();
            server.shutdown().get(30, TimeUnit.SECONDS);
        }
    }
}
