package io.minetwin.connectors.opcua.server;

import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.connectors.opcua.KeyStoreFile;
import io.minetwin.connectors.opcua.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCADA server's public-key folder, in the layout OPC UA tools expect:
 * <ul>
 *   <li>{@code own/server.p12}, {@code own/server-cert.der}: the server's certificate and key, generated on
 *       first start (RSA 2048, valid 10 years, naming the host and {@code 127.0.0.1}); give
 *       {@code server-cert.der} to SCADA clients that must trust the server;</li>
 *   <li>{@code trusted/certs/}, {@code issuer/certs/} (and {@code crl/} beside each): client certificates
 *       and CAs to trust, watched while the server runs;</li>
 *   <li>{@code rejected/}: every refused client certificate lands here, to be moved into
 *       {@code trusted/certs/} by someone who checked it.</li>
 * </ul>
 * A certificate that does not name the configured host is replaced by a new one (clients then trust the new one).
 */
public final class ServerPki implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerPki.class);

    /** The application URI of the server, in its certificate and its application description. */
    public static final String APPLICATION_URI = "urn:minetwin:scada-server";

    private static final String ALIAS = "server";

    private final Path dir;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final FileBasedTrustListManager trustList;
    private final FileBasedCertificateQuarantine quarantine;

    private ServerPki(Path dir, KeyPair keyPair, X509Certificate certificate, FileBasedTrustListManager trustList,
                      FileBasedCertificateQuarantine quarantine) {
        this.dir = dir;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.trustList = trustList;
        this.quarantine = quarantine;
    }

    /**
     * Opens {@code dir}, creating its folders and the server certificate for {@code hostname} if needed.
     *
     * @throws ConnectorException if the folder cannot be written or the key store cannot be read
     */
    public static ServerPki open(Path dir, String hostname) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir.resolve("own"));
            Path store = dir.resolve("own").resolve("server.p12");
            KeyPair kp = null;
            X509Certificate cert = null;
            var existing = KeyStoreFile.load(store, ALIAS, "server", "clients");
            if (existing.isPresent()) {
                cert = existing.get().certificate();
                kp = existing.get().keyPair();
                if (!names(cert, hostname)) {
                    LOG.warn("server certificate {} does not name host '{}'; generating a new one (clients must"
                            + " trust the new {})", store, hostname, dir.resolve("own").resolve("server-cert.der"));
                    kp = null;
                    cert = null;
                }
            }
            if (cert == null) {
                kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                var builder = new SelfSignedCertificateBuilder(kp)
                        .setCommonName("minetwin SCADA server")
                        .setOrganization("minetwin")
                        .setApplicationUri(APPLICATION_URI)
                        .setValidityPeriod(Period.ofYears(10))
                        .addDnsName("localhost")
                        .addIpAddress("127.0.0.1");
                if (hostname.matches("[0-9.]+") || hostname.contains(":")) {
                    if (!hostname.equals("127.0.0.1")) {
                        builder.addIpAddress(hostname);
                    }
                } else if (!hostname.equals("localhost")) {
                    builder.addDnsName(hostname);
                }
                cert = builder.build();
                KeyStoreFile.save(store, ALIAS, new KeyStoreFile.Entry(kp, cert));
                Files.write(dir.resolve("own").resolve("server-cert.der"), cert.getEncoded());
                LOG.info("generated the SCADA server certificate {} (thumbprint {})",
                        dir.resolve("own").resolve("server-cert.der"), Pki.thumbprint(cert));
            }
            FileBasedTrustListManager trust = FileBasedTrustListManager.createAndInitialize(dir);
            FileBasedCertificateQuarantine rejected = FileBasedCertificateQuarantine.create(dir.resolve("rejected"));
            return new ServerPki(dir, kp, cert, trust, rejected);
        } catch (ConnectorException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectorException("SCADA server PKI folder " + dir + " cannot be set up: " + e
                    + "; check that the folder is writable", e);
        }
    }

    private static boolean names(X509Certificate cert, String hostname) {
        try {
            List<String> dns = CertificateUtil.getSanDnsNames(cert);
            List<String> ips = CertificateUtil.getSanIpAddresses(cert);
            return dns.contains(hostname) || ips.contains(hostname);
        } catch (Exception e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public FileBasedTrustListManager trustList() {
        return trustList;
    }

    public FileBasedCertificateQuarantine quarantine() {
        return quarantine;
    }

    /** Where client certificates to trust go. */
    public Path trustedCertsDir() {
        return dir.resolve("trusted").resolve("certs");
    }

    public Path rejectedDir() {
        return dir.resolve("rejected");
    }

    @Override
    public void close() {
        try {
            trustList.close();
        } catch (Exception e) {
            LOG.debug("trust list watcher did not close: {}", e.toString());
        }
    }
}
