package io.minetwin.connectors.opcua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key stores: a password of their own (never a constant), owner-only files, old key stores re-protected. */
class KeyStoreFileTest {

    private static KeyStoreFile.Entry entry;

    @TempDir
    Path dir;

    @BeforeAll
    static void key() throws Exception {
        Assumptions.assumeTrue(System.getenv(KeyStoreFile.PASSWORD_ENV) == null,
                "runs without " + KeyStoreFile.PASSWORD_ENV + " set");
        KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert = new SelfSignedCertificateBuilder(kp).setCommonName("test")
                .setApplicationUri("urn:test").build();
        entry = new KeyStoreFile.Entry(kp, cert);
    }

    private static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewKeyStoreGetsAGeneratedPasswordAndOwnerOnlyFiles() throws Exception {
        Path store = dir.resolve("own").resolve("client.p12");
        KeyStoreFile.save(store, "a", entry);

        Path password = KeyStoreFile.passwordFile(store);
        String generated = Files.readString(password).trim();
        assertTrue(generated.length() >= 32, generated);
        assertEquals("rw-------", permissions(store));
        assertEquals("rw-------", permissions(password));
        assertEquals("rwx------", permissions(store.getParent()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            assertThrows(Exception.class, () -> ks.load(in, "minetwin".toCharArray()), "the old fixed password");
        }
        var loaded = KeyStoreFile.load(store, "a", "client", "servers").orElseThrow();
        assertArrayEquals(entry.keyPair().getPrivate().getEncoded(), loaded.keyPair().getPrivate().getEncoded());
    }

    @Test
    void aKeyStoreUnderTheOldFixedPasswordIsReProtectedOnLoad() throws Exception {
        Path store = dir.resolve("server.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("a", entry.keyPair().getPrivate(), "minetwin".toCharArray(),
                new Certificate[] {entry.certificate()});
        try (OutputStream out = Files.newOutputStream(store)) {
            ks.store(out, "minetwin".toCharArray());
        }

        var loaded = KeyStoreFile.load(store, "a", "server", "clients").orElseThrow();

        assertArrayEquals(entry.certificate().getEncoded(), loaded.certificate().getEncoded());
        char[] password = Files.readString(KeyStoreFile.passwordFile(store)).trim().toCharArray();
        KeyStore reopened = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            reopened.load(in, password);
        }
        assertEquals("rw-------", permissions(store));
        assertTrue(KeyStoreFile.load(store, "a", "server", "clients").isPresent(), "loads again with its own password");
    }

    @Test
    void aWrongPasswordNamesWhereItCameFromAndTheFix() throws Exception {
        Path store = dir.resolve("client.p12");
        KeyStoreFile.save(store, "a", entry);
        Files.writeString(KeyStoreFile.passwordFile(store), "not-the-password\n");

        var e = assertThrows(ConnectorException.class, () -> KeyStoreFile.load(store, "a", "client", "servers"));
        assertTrue(e.getMessage().contains(KeyStoreFile.passwordFile(store).toString())
                && e.getMessage().contains("delete the key store"), e.getMessage());
    }
}
