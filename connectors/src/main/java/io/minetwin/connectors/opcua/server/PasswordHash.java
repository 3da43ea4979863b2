package io.minetwin.connectors.opcua.server;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes for the users of the SCADA server, in the form
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>} (PBKDF2 with HMAC-SHA-256, 32-byte
 * hash). Configuration holds only these strings, so a leaked configuration file does not give away
 * passwords; {@link #verify} compares in constant time.
 */
public final class PasswordHash {

    private static final String SCHEME = "pbkdf2-sha256";
    /**
     * Iterations for new hashes (current guidance for PBKDF2-HMAC-SHA256), paid once per session; hashes made with
     * fewer (older versions used 120,000) still verify.
     */
    public static final int ITERATIONS = 600_000;
    private static final int HASH_BYTES = 32;

    private PasswordHash() {
    }

    /** A new hash of {@code password} with a random salt. */
    public static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] h = derive(password, salt, ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(h);
    }

    /** Whether {@code password} matches {@code stored}; false for a malformed hash. */
    public static boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        try {
            String[] p = parts(stored);
            int iterations = Integer.parseInt(p[1]);
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] expected = Base64.getDecoder().decode(p[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks the form of a stored hash.
     *
     * @throws IllegalArgumentException saying what is wrong and how to produce a valid hash
     */
    public static void check(String stored) {
        String how = "; write the output of './minetwin scada hash-password' (form pbkdf2-sha256:ITERATIONS:SALT:HASH)";
        if (stored == null || stored.isBlank()) {
            throw new IllegalArgumentException("password hash is missing" + how);
        }
        String[] p;
        try {
            p = parts(stored);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + how);
        }
        int iterations;
        try {
            iterations = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iterations '" + p[1] + "' is not a number" + how);
        }
        if (iterations < 10_000) {
            throw new IllegalArgumentException("password hash has " + iterations
                    + " iterations; use at least 10000" + how);
        }
        try {
            if (Base64.getDecoder().decode(p[2]).length < 8 || Base64.getDecoder().decode(p[3]).length != HASH_BYTES) {
                throw new IllegalArgumentException("password hash has a salt under 8 bytes or a hash that is not "
                        + HASH_BYTES + " bytes" + how);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().contains(how) ? e.getMessage()
                    : "password hash salt or hash is not base64" + how);
        }
    }

    private static String[] parts(String stored) {
        String[] p = stored.trim().split(":");
        if (p.length != 4 || !p[0].equals(SCHEME)) {
            throw new IllegalArgumentException("password hash does not start with '" + SCHEME
                    + ":' or does not have 4 ':'-separated parts");
        }
        return p;
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            KeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no PBKDF2WithHmacSHA256", e);
        }
    }
}
