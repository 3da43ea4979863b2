package io.minetwin.milo.server;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * The parts of an Eclipse Milo 1.x server that every minetwin server sets up the same way: the server over
 * the opc.tcp binary transport, the certificate manager that holds the application certificate, and a
 * self-signed certificate for servers that keep none on disk.
 */
public final class MiloServers {

    /** An application certificate with its key pair. */
    public record Certificate(KeyPair keyPair, X509Certificate certificate) {
    }

    private MiloServers() {
    }

    /** A server with {@code config} over opc.tcp (UA binary), the only transport offered. */
    public static OpcUaServer server(OpcUaServerConfig config) {
        return new OpcUaServer(config, profile -> {
            if (profile != TransportProfile.TCP_UASC_UABINARY) {
                throw new IllegalArgumentException("transport " + profile + " is not offered; use opc.tcp");
            }
            return new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        });
    }

    /**
     * A server on 127.0.0.1:{@code port}{@code path} with one endpoint, security None and anonymous login, and a
     * self-signed certificate (Milo's server needs a certificate manager even when nothing is checked). For the
     * servers that benches and the fault suite run as their own processes; not started yet.
     *
     * @param name           the application name and certificate common name, e.g. {@code "minetwin bench server"}
     * @param applicationUri e.g. {@code "urn:minetwin:bench-server"}
     * @param productUri     e.g. {@code "urn:minetwin:bench"}
     */
    public static OpcUaServer localAnonymous(String name, String applicationUri, String productUri, int port,
                                             String path) throws Exception {
        Certificate own = selfSigned(name, applicationUri, "127.0.0.1");
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setBindAddress("127.0.0.1")
                .setBindPort(port)
                .setHostname("127.0.0.1")
                .setPath(path)
                .setCertificate(own.certificate())
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setApplicationName(LocalizedText.english(name))
                .setProductUri(productUri)
                .setEndpoints(Set.of(endpoint))
                .setCertificateManager(acceptingAllClients(own))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .setLimits(new OpcUaServerConfigLimits() { })
                .build();
        return server(config);
    }

    /**
     * A new RSA 2048 self-signed application certificate for {@code localhost} and {@code ipAddress}.
     *
     * @param commonName     e.g. {@code "minetwin simulator"}
     * @param applicationUri the server's application URI, which the certificate must carry
     */
    public static Certificate selfSigned(String commonName, String applicationUri, String ipAddress) throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName(commonName)
                .setApplicationUri(applicationUri)
                .addDnsName("localhost")
                .addIpAddress(ipAddress)
                .build();
        return new Certificate(keyPair, certificate);
    }

    /**
     * The certificate manager of a server whose clients are not checked: an in-memory trust list and quarantine
     * and a validator that accepts every client certificate. For simulators, benches and tests, where there is no
     * trust list to manage.
     */
    public static DefaultCertificateManager acceptingAllClients(Certificate own) throws Exception {
        CertificateValidator acceptAll = (chain, uri, hosts) -> { };
        return certificateManager(own, new MemoryTrustListManager(), acceptAll, new MemoryCertificateQuarantine());
    }

    /**
     * The certificate manager of a server that presents {@code own} (as the RSA-SHA256 application certificate,
     * never replaced by a generated one) and checks clients with {@code validator} against {@code trustList}.
     */
    public static DefaultCertificateManager certificateManager(Certificate own, TrustListManager trustList,
                                                               CertificateValidator validator,
                                                               CertificateQuarantine quarantine) throws Exception {
        var store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(own.keyPair().getPrivate(), new X509Certificate[] {own.certificate()}));
        var group = new DefaultApplicationGroup(trustList, store, new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair kp) {
                return new X509Certificate[] {own.certificate()};
            }
        }, validator);
        group.initialize();
        return new DefaultCertificateManager(quarantine, group);
    }
}
