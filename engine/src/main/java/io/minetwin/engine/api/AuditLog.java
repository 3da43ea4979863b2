package io.minetwin.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who changed what, when, from where and with what outcome: every write through the API (acknowledgements,
 * maintenance records, promotions, rollbacks, training, refused ones included) and through the command line
 * (tokens created and revoked, models promoted and rolled back).
 *
 * <p>One JSON object per line in {@code <data>/audit.jsonl}, appended and synced before the write is answered.
 * A file rather than the event log, because the command line must record its writes while the engine holds the
 * store; appends of one line from several processes do not interleave ({@code O_APPEND}). The file is never
 * rewritten by minetwin; rotate it with the site's log tooling if it grows.
 */
public final class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "audit.jsonl";

    /**
     * One audited change.
     *
     * @param who     the token's name, or the operating-system user for the command line
     * @param role    the token's role, or {@code cli}
     * @param action  what was done, e.g. {@code POST /api/models/{id}/promote} or {@code tokens revoke}
     * @param target  what it was done to, e.g. the path or the token's name
     * @param from    the client's address, or {@code cli}
     * @param outcome the HTTP status, or {@code ok} / the error for the command line
     */
    public record Entry(Instant time, String who, String role, String action, String target, String from,
                        String outcome) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(who, "who");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(outcome, "outcome");
        }

        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", time.toString());
            m.put("who", who);
            m.put("role", role);
            m.put("action", action);
            m.put("target", target);
            m.put("from", from);
            m.put("outcome", outcome);
            return m;
        }
    }

    private final Path file;

    public AuditLog(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    public Path path() {
        return file;
    }

    /** Appends {@code entry} and syncs it to disk. */
    public void append(Entry entry) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(entry.json()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit entry: " + e.getOriginalMessage(), e);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    c.write(buffer);
                }
                c.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries at or after {@code since}, oldest first, at most the latest {@code limit} of them. A line that
     * is not an entry (a torn write from a power loss, an edit) is skipped and logged.
     */
    public List<Entry> read(Instant since, int limit) {
        Deque<Entry> latest = new ArrayDeque<>();
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Entry e;
                try {
                    JsonNode n = JSON.readTree(line);
                    e = new Entry(Instant.parse(n.path("time").asText()), n.path("who").asText(),
                            n.path("role").asText(), n.path("action").asText(), n.path("target").asText(),
                            n.path("from").asText(), n.path("outcome").asText());
                } catch (JsonProcessingException | RuntimeException bad) {
                    LOG.warn("{}:{} is not an audit entry; skipped", file, lineNumber);
                    continue;
                }
                if (!e.time().isBefore(since)) {
                    latest.addLast(e);
                    if (latest.size() > limit) {
                        latest.removeFirst();
                    }
                }
            }
        } catch (NoSuchFileException none) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(latest);
    }

    /** Who runs the command line, for its audit entries. */
    public static String commandLineUser() {
        return System.getProperty("user.name", "unknown");
    }
}
