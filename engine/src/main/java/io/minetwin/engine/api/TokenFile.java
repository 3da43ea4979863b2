package io.minetwin.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens of a data directory, managed with {@code minetwin tokens} while the engine runs: a token is
 * created with a role, a name and an optional expiry, printed once, and kept only as an HMAC-SHA256 under a
 * secret of this installation ({@code tokens.key}, generated on first use, readable by the owner only); it can be
 * revoked at any time. The engine reads {@code tokens.json} again when it changes, so a new or revoked token
 * takes effect within a second, without a restart.
 *
 * <p>Writers (the command line, possibly two at once) take a file lock on {@code tokens.lock} and replace the file
 * atomically, so a reader never sees half a file.
 */
public final class TokenFile {

    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Tokens this file issues start with this, so a leaked one is recognisable (e.g. by secret scanners). */
    public static final String PREFIX = "mt_";
    static final String FILE = "tokens.json";
    static final String KEY = "tokens.key";
    private static final long RECHECK_NANOS = 1_000_000_000L;

    /** A token as the file keeps it: never the token itself. */
    public record Token(String id, String name, Role role, Instant created, Optional<Instant> expires,
                        Optional<Instant> revoked, String hmac) {
        public Token {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(expires, "expires");
            Objects.requireNonNull(revoked, "revoked");
            Objects.requireNonNull(hmac, "hmac");
        }

        /** {@code active}, {@code expired} or {@code revoked}, at {@code now}. */
        public String state(Instant now) {
            if (revoked.isPresent()) {
                return "revoked";
            }
            return expires.isPresent() && !now.isBefore(expires.get()) ? "expired" : "active";
        }
    }

    /** A token just created: the secret to hand over (shown once) and what the file keeps of it. */
    public record Issued(String secret, Token token) {
    }

    private final Path dir;
    private final Path file;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), List.of(), null, -1);
    private volatile long checkedAt;
    private volatile byte[] key;

    private record Snapshot(Map<String, Token> byHmac, List<Token> all, FileTime modified, long size) {
    }

    public TokenFile(Path dataDir, Clock clock) {
        this.dir = Objects.requireNonNull(dataDir, "dataDir");
        this.file = dataDir.resolve(FILE);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Every token in the file, as of its last change (read again if it changed more than a second ago). */
    public List<Token> list() {
        return current().all();
    }

    /** The token whose secret is {@code secret}, whatever its state; empty for one this file never issued. */
    public Optional<Token> find(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Snapshot s = current();
        if (s.all().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(s.byHmac().get(hmac(secret)));
    }

    /** The token with this id as the file holds it now. */
    public Optional<Token> byId(String id) {
        return current().all().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Creates a token; the returned secret is the only copy. */
    public Issued create(String name, Role role, Optional<Instant> expires) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("token name '" + name + "': use 1-64 letters, digits, '.', '_' or '-',"
                    + " e.g. planning-office");
        }
        Instant now = clock.instant();
        if (expires.isPresent() && !expires.get().isAfter(now)) {
            throw new IllegalArgumentException("--expires " + expires.get() + " is not in the future");
        }
        SecureRandom random = new SecureRandom();
        String secret = PREFIX + AccessTokens.generate(random);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Token[] made = new Token[1];
        update(tokens -> {
            if (tokens.stream().anyMatch(t -> t.name().equals(name) && t.state(now).equals("active"))) {
                throw new IllegalArgumentException("an active token is already named '" + name + "'; revoke it first"
                        + " ('minetwin tokens revoke " + name + "') or choose another name");
            }
            made[0] = new Token(id, name, role, now, expires, Optional.empty(), hmac(secret));
            List<Token> next = new ArrayList<>(tokens);
            next.add(made[0]);
            return next;
        });
        return new Issued(secret, made[0]);
    }

    /**
     * Revokes the active token with this id, or the active token with this name.
     *
     * @return the token as revoked
     * @throws IllegalArgumentException when there is no such active token
     */
    public Token revoke(String idOrName) {
        Instant now = clock.instant();
        Token[] done = new Token[1];
        update(tokens -> {
            List<Token> next = new ArrayList<>();
            for (Token t : tokens) {
                if (done[0] == null && t.revoked().isEmpty() && (t.id().equals(idOrName) || t.name().equals(idOrName))) {
                    done[0] = new Token(t.id(), t.name(), t.role(), t.created(), t.expires(), Optional.of(now), t.hmac());
                    next.add(done[0]);
                } else {
                    next.add(t);
                }
            }
            if (done[0] == null) {
                throw new IllegalArgumentException("no token that is not revoked has the id or name '" + idOrName
                        + "' in " + file + "; 'minetwin tokens list' shows them");
            }
            return next;
        });
        return done[0];
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    private Snapshot current() {
        long now = System.nanoTime();
        if (now - checkedAt < RECHECK_NANOS) {
            return snapshot;
        }
        checkedAt = now;
        Snapshot s = snapshot;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(s.modified()) && size == s.size()) {
                return s;
            }
            List<Token> tokens = read();
            Map<String, Token> byHmac = new LinkedHashMap<>();
            for (Token t : tokens) {
                byHmac.put(t.hmac(), t);
            }
            Snapshot next = new Snapshot(Map.copyOf(byHmac), List.copyOf(tokens), modified, size);
            if (s.modified() != null) {
                LOG.info("{} changed: {} tokens", file, tokens.size());
            }
            snapshot = next;
            return next;
        } catch (NoSuchFileException gone) {
            if (!s.all().isEmpty()) {
                LOG.warn("{} was removed: its tokens are no longer accepted", file);
            }
            snapshot = new Snapshot(Map.of(), List.of(), null, -1);
            return snapshot;
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("cannot read {} ({}); the tokens read before stay in force until it is fixed", file,
                    e.getMessage());
            return s;
        }
    }

    private List<Token> read() throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode list = root == null ? null : root.get("tokens");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ": expected {\"tokens\": [...]}");
        }
        List<Token> tokens = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode t = list.get(i);
            String at = file + ": tokens[" + i + "]";
            try {
                tokens.add(new Token(text(t, "id", at), text(t, "name", at), Role.parse(text(t, "role", at)),
                        Instant.parse(text(t, "created", at)), optionalInstant(t, "expires"),
                        optionalInstant(t, "revoked"), text(t, "hmac", at)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage());
            }
        }
        return tokens;
    }

    private static String text(JsonNode t, String field, String at) {
        JsonNode v = t.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(at + "." + field + " is missing");
        }
        return v.asText();
    }

    private static Optional<Instant> optionalInstant(JsonNode t, String field) {
        JsonNode v = t.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(Instant.parse(v.asText()));
    }

    // ---- writing ------------------------------------------------------------------------------------------------

    private void update(UnaryOperator<List<Token>> change) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve("tokens.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                List<Token> before = Files.exists(file) ? read() : List.of();
                List<Token> after = change.apply(before);
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("tokens");
                for (Token t : after) {
                    ObjectNode n = list.addObject();
                    n.put("id", t.id());
                    n.put("name", t.name());
                    n.put("role", t.role().id());
                    n.put("created", t.created().toString());
                    n.put("expires", t.expires().map(Instant::toString).orElse(null));
                    n.put("revoked", t.revoked().map(Instant::toString).orElse(null));
                    n.put("hmac", t.hmac());
                }
                Path tmp = dir.resolve(FILE + ".tmp");
                Files.writeString(tmp, JSON.writeValueAsString(root), StandardCharsets.UTF_8);
                ownerOnly(tmp);
                try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                checkedAt = System.nanoTime() - RECHECK_NANOS;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- the installation's secret -------------------------------------------------------------------------------

    String hmac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no HmacSHA256", e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key == null) {
                key = loadOrCreateKey();
            }
            return key;
        }
    }

    private byte[] loadOrCreateKey() {
        Path path = dir.resolve(KEY);
        try {
            if (!Files.exists(path)) {
                Files.createDirectories(dir);
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = dir.resolve(KEY + "." + ProcessHandle.current().pid() + ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n");
                ownerOnly(tmp);
                try {
                    // Another writer may have made the key meanwhile: the first one wins, and both read it back.
                    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] k = Base64.getDecoder().decode(Files.readString(path).trim());
            if (k.length < 32) {
                throw new IllegalStateException(path + " holds " + k.length + " bytes; it needs 32 (delete it and"
                        + " create the tokens again)");
            }
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(path + " is not base64; delete it and create the tokens again", e);
        }
    }

    /** rw for the owner only, where the file system has POSIX permissions. */
    static void ownerOnly(Path path) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
