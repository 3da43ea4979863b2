package io.minetwin.engine.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The bearer tokens the API accepts: those of the configuration ({@code http.tokens}, kept as SHA-256 hashes) and
 * those of the data directory's {@link TokenFile} (created, listed and revoked with {@code minetwin tokens} while
 * the engine runs, with an optional expiry, kept as an HMAC under the installation's secret).
 *
 * <p>A token is looked up by its hash, so the secret itself is never compared and never stored; the
 * configuration holds {@code sha256} values, which {@link #hash} computes.
 */
public final class AccessTokens {

    /**
     * Who a token belongs to and what it may do.
     *
     * @param tokenId the token file's id of the token, empty for a token of the configuration
     */
    public record Principal(String name, Role role, Optional<String> tokenId) {
        public Principal {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(tokenId, "tokenId");
        }

        public Principal(String name, Role role) {
            this(name, role, Optional.empty());
        }
    }

    /** What a presented token turned out to be: a principal, or why it is refused. */
    public sealed interface Check {
        /** A token in force. */
        record Valid(Principal principal) implements Check {
        }

        /** A token that is not accepted, with the reason to give the client. */
        record Refused(String reason) implements Check {
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
    private final Optional<TokenFile> file;
    private final Clock clock;

    public AccessTokens(List<Entry> entries) {
        this(entries, Optional.empty(), Clock.systemUTC());
    }

    /** The configuration's tokens and, when given, those of a token file, checked against {@code clock}. */
    public AccessTokens(List<Entry> entries, Optional<TokenFile> file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        Map<String, Principal> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (map.put(e.sha256(), new Principal(e.name(), e.role())) != null) {
                throw new IllegalArgumentException("token '" + e.name() + "' has the same secret as another token;"
                        + " give every token its own secret");
            }
        }
        this.byHash = Map.copyOf(map);
    }

    /** Whether no token could ever be accepted: none configured and no token file to add them to. */
    public boolean isEmpty() {
        return byHash.isEmpty() && file.isEmpty();
    }

    /** How many tokens are accepted now. */
    public int count() {
        Instant now = clock.instant();
        return byHash.size() + file.map(f -> (int) f.list().stream()
                .filter(t -> t.state(now).equals("active")).count()).orElse(0);
    }

    /** The principal of {@code token}, if it is one of ours and in force. */
    public Optional<Principal> authenticate(String token) {
        return check(token) instanceof Check.Valid v ? Optional.of(v.principal()) : Optional.empty();
    }

    /** Whether {@code token} is in force, and if not, why (unknown, expired, revoked). */
    public Check check(String token) {
        if (token == null || token.isEmpty()) {
            return new Check.Refused("no token was given");
        }
        Principal configured = byHash.get(hash(token));
        if (configured != null) {
            return new Check.Valid(configured);
        }
        Optional<TokenFile.Token> issued = file.flatMap(f -> f.find(token));
        if (issued.isEmpty()) {
            return new Check.Refused("the token is not valid: it is unknown, mistyped or has been revoked");
        }
        TokenFile.Token t = issued.get();
        return switch (t.state(clock.instant())) {
            case "active" -> new Check.Valid(new Principal(t.name(), t.role(), Optional.of(t.id())));
            case "expired" -> new Check.Refused("the token '" + t.name() + "' expired at " + t.expires().orElseThrow()
                    + "; ask an administrator for a new one ('minetwin tokens create')");
            default -> new Check.Refused("the token '" + t.name() + "' was revoked at " + t.revoked().orElseThrow());
        };
    }

    /**
     * Whether a principal accepted earlier is still in force: a token of the token file may have expired or been
     * revoked since (the live feed asks this of its open streams).
     */
    public boolean stillValid(Principal principal) {
        if (principal.tokenId().isEmpty()) {
            return true;
        }
        Instant now = clock.instant();
        return file.flatMap(f -> f.byId(principal.tokenId().get()))
                .map(t -> t.state(now).equals("active")).orElse(false);
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
