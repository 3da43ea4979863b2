package io.minetwin.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer tokens the API accepts, kept only as SHA-256 hashes.
 *
 * <p>A token is looked up by its hash, so the secret itself is never compared and never stored; the
 * configuration holds {@code sha256} values, which {@link #hash} computes.
 */
public final class AccessTokens {

    /** Who a token belongs to and what it may do. */
    public record Principal(String name, Role role) {
        public Principal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    /** A configured token: its owner, role and the hex SHA-256 of the secret. */
    public record Entry(String name, Role role, String sha256) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("token '" + name + "': sha256 must be 64 lower-case hex digits,"
                        + " the SHA-256 of the token (e.g. from: printf %s TOKEN | sha256sum)");
            }
        }
    }

    private final Map<String, Principal> byHash;

    public AccessTokens(List<Entry> entries) {
        Map<String, Principal> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (map.put(e.sha256(), new Principal(e.name(), e.role())) != null) {
                throw new IllegalArgumentException("token '" + e.name() + "' has the same secret as another token;"
                        + " give every token its own secret");
            }
        }
        this.byHash = Map.copyOf(map);
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The principal of {@code token}, if it is one of ours. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    /** The hex SHA-256 of {@code token}, as configured under {@code http.tokens[].sha256}. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** A new random token: 32 bytes from {@code random}, URL-safe base64. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
