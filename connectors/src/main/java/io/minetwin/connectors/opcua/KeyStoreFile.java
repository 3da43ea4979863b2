package io.minetwin.connectors.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PKCS#12 file holding one application instance's key and self-signed certificate under one alias, as the
 * OPC UA client ({@link Pki}) and the SCADA server keep theirs in their PKI folders.
 *
 * <p>The key store's password is never a constant: it comes from the environment variable
 * {@value #PASSWORD_ENV} when set, else from {@code <file>.password} beside the key store, generated at random
 * when the key store is created. The key store, its password file and the folder holding them are readable by
 * the owner only (0600 and 0700) where the file system has POSIX permissions. A key store written by an older
 * version under its fixed password is re-protected with a generated one on first load.
 */
public final class KeyStoreFile {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreFile.class);
    /** The environment variable that, when set, holds the password of every key store. */
    public static final String PASSWORD_ENV = "MINETWIN_KEYSTORE_PASSWORD";
    private static final char[] LEGACY_PASSWORD = "minetwin".toCharArray();

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
     * @throws ConnectorException if the file holds no such entry, or its password is not the one given (naming the
     *                            fix)
     * @throws Exception          if the file cannot be read
     */
    public static Optional<Entry> load(Path file, String alias, String what, String peers) throws Exception {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<char[]> configured = configuredPassword(file);
        char[] password = configured.orElse(LEGACY_PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage())
                    .contains("password")) {
                throw new ConnectorException("cannot open " + file + ": the password (" + (System.getenv(PASSWORD_ENV)
                        != null ? "from " + PASSWORD_ENV : "in " + passwordFile(file)) + ") is not this key store's;"
                        + " give the right one, or delete the key store to generate a new " + what + " certificate ("
                        + peers + " must then trust the new one)", e);
            }
            throw e;
        }
        var key = (PrivateKey) ks.getKey(alias, password);
        var cert = (X509Certificate) ks.getCertificate(alias);
        if (key == null || cert == null) {
            throw new ConnectorException(file + " holds no '" + alias + "' key; delete it to generate a new " + what
                    + " certificate (" + peers + " must then trust the new one)");
        }
        Entry entry = new Entry(new KeyPair(cert.getPublicKey(), key), cert);
        if (configured.isEmpty()) {
            save(file, alias, entry);
            LOG.info("{} was protected by a fixed password; it now has its own, in {}", file, passwordFile(file));
        } else {
            ownerOnly(file);
        }
        return Optional.of(entry);
    }

    /** Writes {@code entry} under {@code alias} into {@code file}, with its own password unless one is set. */
    public static void save(Path file, String alias, Entry entry) throws Exception {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (posix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        char[] password = passwordForWriting(file);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, entry.keyPair().getPrivate(), password, new Certificate[] {entry.certificate()});
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ownerOnly(tmp);
            ks.store(out, password);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the generated password of {@code file} is kept. */
    public static Path passwordFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".password");
    }

    private static Optional<char[]> configuredPassword(Path file) throws IOException {
        String env = System.getenv(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return Optional.of(env.toCharArray());
        }
        Path p = passwordFile(file);
        return Files.exists(p) ? Optional.of(Files.readString(p, StandardCharsets.UTF_8).trim().toCharArray())
                : Optional.empty();
    }

    private static char[] passwordForWriting(Path file) throws IOException {
        Optional<char[]> configured = configuredPassword(file);
        if (configured.isPresent()) {
            return configured.get();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path p = passwordFile(file);
        Path tmp = p.resolveSibling(p.getFileName() + ".tmp");
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        ownerOnly(tmp);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return password.toCharArray();
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void ownerOnly(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
