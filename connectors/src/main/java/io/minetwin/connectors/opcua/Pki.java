package io.minetwin.connectors.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's public-key folder: {@code own/} holds the client certificate and key (generated on
 * first start, valid 10 years; give {@code own/client-cert.der} to servers that must trust minetwin),
 * {@code trusted/} holds server certificates to trust (DER or PEM; issuer CA certificates work too),
 * and {@code rejected/} receives the certificate of every server that was refused, ready to be moved
 * into {@code trusted/} by someone who checked it.
 */
public final class Pki {

    private static final Logger LOG = LoggerFactory.getLogger(Pki.class);

    /** The application URI in the client certificate and session. */
    public static final String APPLICATION_URI = "urn:minetwin:engine";

    private static final String ALIAS = "client";

    private final Path dir;
    private final KeyPair keyPair;
    private final X509Certificate certificate;

    private Pki(Path dir, KeyPair keyPair, X509Certificate certificate) {
        this.dir = dir;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /**
     * Opens {@code dir}, creating its folders and the client certificate if they do not exist yet.
     *
     * @throws ConnectorException if the folder or the key store cannot be written or read
     */
    public static Pki open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir.resolve("own"));
            Files.createDirectories(dir.resolve("trusted"));
            Files.createDirectories(dir.resolve("rejected"));
            Path store = dir.resolve("own").resolve("client.p12");
            var existing = KeyStoreFile.load(store, ALIAS, "client", "servers");
            if (existing.isPresent()) {
                return new Pki(dir, existing.get().keyPair(), existing.get().certificate());
            }
            KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            String host = hostName();
            var builder = new SelfSignedCertificateBuilder(kp)
                    .setCommonName("minetwin engine")
                    .setOrganization("minetwin")
                    .setApplicationUri(APPLICATION_URI)
                    .setValidityPeriod(Period.ofYears(10))
                    .addDnsName("localhost")
                    .addIpAddress("127.0.0.1");
            if (!host.equals("localhost")) {
                builder.addDnsName(host);
            }
            X509Certificate cert = builder.build();
            KeyStoreFile.save(store, ALIAS, new KeyStoreFile.Entry(kp, cert));
            Files.write(dir.resolve("own").resolve("client-cert.der"), cert.getEncoded());
            LOG.info("generated the client certificate {} (thumbprint {}); servers with security must trust it",
                    dir.resolve("own").resolve("client-cert.der"), thumbprint(cert));
            return new Pki(dir, kp, cert);
        } catch (ConnectorException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectorException("PKI folder " + dir + " cannot be set up: " + e
                    + "; check that the folder is writable", e);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
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

    public Path trustedDir() {
        return dir.resolve("trusted");
    }

    public Path rejectedDir() {
        return dir.resolve("rejected");
    }

    /** The certificates in {@code trusted/} (read on every call, so that moving a file in takes effect). */
    public List<X509Certificate> trusted() {
        var out = new ArrayList<X509Certificate>();
        collect(trustedDir(), out);
        collect(trustedDir().resolve("certs"), out);
        return out;
    }

    private static void collect(Path folder, List<X509Certificate> out) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path f : files) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(f) || !(n.endsWith(".der") || n.endsWith(".crt") || n.endsWith(".cer")
                        || n.endsWith(".pem"))) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        out.add((X509Certificate) c);
                    }
                } catch (IOException | CertificateException e) {
                    LOG.warn("trusted certificate file {} cannot be read ({}); replace it with a DER or PEM"
                            + " certificate", f, e.getMessage());
                }
            }
        } catch (IOException | CertificateException e) {
            LOG.warn("trusted certificate folder {} cannot be read: {}", folder, e.toString());
        }
    }

    /**
     * A validator for server certificates that trusts what {@code trusted/} holds and, for anything else,
     * saves the certificate into {@code rejected/} and fails with a message naming the file and where to
     * move it.
     */
    public CertificateValidator serverValidator(String endpointName) {
        return (chain, applicationUri, hostnames) -> {
            var trust = new MemoryTrustListManager();
            trust.setTrustedCertificates(trusted());
            var delegate = new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine());
            try {
                delegate.validateCertificateChain(chain, applicationUri, hostnames);
            } catch (UaException e) {
                X509Certificate cert = chain.get(0);
                Path saved = reject(cert);
                String msg = "server certificate of endpoint '" + endpointName + "' ("
                        + cert.getSubjectX500Principal().getName() + ", thumbprint " + thumbprint(cert)
                        + ") is not trusted [" + e.getStatusCode() + "]; it was saved as " + saved
                        + "; if it is the right server, move that file to " + trustedDir() + "/ and the connector"
                        + " will connect on its next attempt";
                LOG.error(msg);
                throw new UaException(e.getStatusCode(), msg);
            }
        };
    }

    private Path reject(X509Certificate cert) {
        String cn = cert.getSubjectX500Principal().getName().replaceAll(".*CN=([^,]*).*", "$1");
        String safe = cn.replaceAll("[^A-Za-z0-9._-]+", "_");
        Path f = rejectedDir().resolve(safe + "-" + thumbprint(cert).substring(0, 12) + ".der");
        try {
            Files.write(f, cert.getEncoded());
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            LOG.warn("rejected certificate cannot be saved to {}: {}", f, e.toString());
        }
        return f;
    }

    /** SHA-1 thumbprint in hex, as OPC UA tools show it. */
    public static String thumbprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
        } catch (Exception e) {
            return "unknown";
        }
    }
}
