package io.minetwin.engine.api;

import io.minetwin.connectors.opcua.KeyStoreFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * A self-signed certificate for serving HTTPS on this machine (the demo's): generated once into a folder as a
 * PKCS#12 key store under a password of its own ({@link KeyStoreFile}), with the certificate beside it as PEM for
 * clients to trust ({@code curl --cacert}). Valid for {@code localhost} and {@code 127.0.0.1}.
 */
public final class SelfSignedHttps {

    private static final String ALIAS = "https";

    /** The key store to serve with, the certificate file to give clients, and its SHA-256 fingerprint. */
    public record Certificate(ApiSettings.Tls tls, Path pem, String sha256) {
    }

    private SelfSignedHttps() {
    }

    /** The certificate in {@code dir}, generated on first use. */
    public static Certificate ensure(Path dir) {
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("server-cert.pem");
        try {
            var existing = KeyStoreFile.load(store, ALIAS, "HTTPS", "browsers and clients");
            X509Certificate cert;
            if (existing.isPresent()) {
                cert = existing.get().certificate();
            } else {
                KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                cert = new SelfSignedCertificateBuilder(kp)
                        .setCommonName("minetwin on this machine")
                        .setOrganization("minetwin")
                        .setApplicationUri("urn:minetwin:https")
                        .setValidityPeriod(Period.ofYears(2))
                        .addDnsName("localhost")
                        .addIpAddress("127.0.0.1")
                        .build();
                KeyStoreFile.save(store, ALIAS, new KeyStoreFile.Entry(kp, cert));
            }
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(cert.getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
            String sha256 = HexFormat.ofDelimiter(":").withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
            char[] password = Files.readString(KeyStoreFile.passwordFile(store)).trim().toCharArray();
            return new Certificate(new ApiSettings.Tls(store, password), pem, sha256);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(String.format(Locale.ROOT, "cannot set up the HTTPS certificate in %s: %s;"
                    + " check that the folder is writable, or delete it to generate a new one", dir, e), e);
        }
    }
}
