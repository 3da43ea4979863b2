package io.minetwin.connectors.opcua;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A PKCS#12 file holding one application instance's key and self-signed certificate under one alias, as the
 * OPC UA client ({@link Pki}) and the SCADA server keep theirs in their PKI folders.
 */
public final class KeyStoreFile {

    private static final char[] PASSWORD = "minetwin".toCharArray();

    /** The key pair and the certificate of an application instance. */
    public record Entry(KeyPair keyPair, X509Certificate certificate) {
    }

    private KeyStoreFile() {
    }

    /**
     * The entry under {@code alias} of {@code file}; empty if the file does not exist.
     *
     * @param what names the certificate in the message, e.g. {@code "client"}
     * @param peers who must trust a new one, e.g. {@code "servers"}
     * @throws ConnectorException if the file holds no such entry (naming the fix)
     * @throws Exception          if the file cannot be read
     */
    public static Optional<Entry> load(Path file, String alias, String what, String peers) throws Exception {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        var key = (PrivateKey) ks.getKey(alias, PASSWORD);
        var cert = (X509Certificate) ks.getCertificate(alias);
        if (key == null || cert == null) {
            throw new ConnectorException(file + " holds no '" + alias + "' key; delete it to generate a new " + what
                    + " certificate (" + peers + " must then trust the new one)");
        }
        return Optional.of(new Entry(new KeyPair(cert.getPublicKey(), key), cert));
    }

    /** Writes {@code entry} under {@code alias} into a new {@code file}. */
    public static void save(Path file, String alias, Entry entry) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, entry.keyPair().getPrivate(), PASSWORD, new Certificate[] {entry.certificate()});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, PASSWORD);
        }
    }
}
