package io.minetwin.analytics.monitor;

import io.minetwin.analytics.forecast.FeatureReference;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift windows of the active models, fed by the scorer with the feature rows it scores, and kept in a
 * folder ({@code <data>/monitor/<key>.properties}, one text file per model key, replaced atomically) so the
 * counts survive a restart and the API and the command line read what the engine counted. A window starts
 * empty when another version of its key becomes active.
 */
public final class DriftTracker {

    private static final Logger LOG = LoggerFactory.getLogger(DriftTracker.class);
    /** How far back scored rows count by default: a week, in daily slots. */
    public static final Duration WINDOW = Duration.ofDays(7);
    public static final int SLOTS = 7;

    private final Path dir;
    private final Duration window;
    private final int slots;
    private final Map<String, DriftWindow> windows = new LinkedHashMap<>();
    private final Set<String> dirty = new HashSet<>();

    public DriftTracker(Path dir, Duration window, int slots) {
        this.dir = dir;
        this.window = window;
        this.slots = slots;
    }

    /** A tracker over {@code dir} with the default window. */
    public DriftTracker(Path dir) {
        this(dir, WINDOW, SLOTS);
    }

    public Path dir() {
        return dir;
    }

    /** Counts rows that {@code version} of {@code key} scored at {@code time}; ignored when it has no reference. */
    public synchronized void observe(String key, String version, FeatureReference reference, double[][] rows,
                                     Instant time) {
        if (!reference.known() || rows.length == 0) {
            return;
        }
        DriftWindow w = windows.get(key);
        if (w == null || !w.version().equals(version)) {
            w = read(key, version, reference).orElseGet(() -> new DriftWindow(version, reference, window, slots));
            windows.put(key, w);
        }
        w.add(rows, time);
        dirty.add(key);
    }

    /** Writes the windows changed since the last flush; a failed write is logged and retried on the next. */
    public synchronized void flush() {
        for (var it = dirty.iterator(); it.hasNext(); ) {
            String key = it.next();
            try {
                write(key, windows.get(key));
                it.remove();
            } catch (UncheckedIOException e) {
                LOG.warn("cannot keep the drift counts of {}: {}", key, e.getMessage());
            }
        }
    }

    /**
     * The window of {@code version} of {@code key} as last kept: in memory when this tracker counts it, else
     * from its file; empty when none was kept for that version.
     */
    public synchronized Optional<DriftWindow> window(String key, String version, FeatureReference reference) {
        DriftWindow w = windows.get(key);
        if (w != null && w.version().equals(version)) {
            return Optional.of(w);
        }
        return read(key, version, reference);
    }

    private Path file(String key) {
        return dir.resolve(key + ".properties");
    }

    private Optional<DriftWindow> read(String key, String version, FeatureReference reference) {
        Path file = file(key);
        if (!reference.known() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("ignoring the drift counts in {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        if (!version.equals(p.getProperty("version"))) {
            return Optional.empty();
        }
        try {
            Duration w = Duration.parse(p.getProperty("window"));
            int n = Integer.parseInt(p.getProperty("slots"));
            DriftWindow out = new DriftWindow(version, reference, w, n);
            int features = reference.names().size();
            for (int s = 0; s < n; s++) {
                String start = p.getProperty("slot." + s + ".start");
                if (start == null) {
                    continue;
                }
                long[][] counts = new long[features][];
                for (int i = 0; i < features; i++) {
                    counts[i] = longs(p.getProperty("slot." + s + "." + i, ""));
                }
                if (!out.restore(s, Long.parseLong(start), Long.parseLong(p.getProperty("slot." + s + ".rows")),
                        counts)) {
                    LOG.warn("ignoring the drift counts in {}: they do not fit the reference of {}", file, version);
                    return Optional.empty();
                }
            }
            return Optional.of(out);
        } catch (RuntimeException e) {
            LOG.warn("ignoring the damaged drift counts in {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static long[] longs(String text) {
        if (text.isEmpty()) {
            return new long[0];
        }
        String[] parts = text.split(",", -1);
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    private void write(String key, DriftWindow w) {
        Path file = file(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                out.write("version=" + w.version() + "\n");
                out.write("window=" + w.window() + "\n");
                out.write("slots=" + w.slots() + "\n");
                for (int s = 0; s < w.slots(); s++) {
                    if (w.slotStart(s) == Long.MIN_VALUE) {
                        continue;
                    }
                    out.write("slot." + s + ".start=" + w.slotStart(s) + "\n");
                    out.write("slot." + s + ".rows=" + w.slotRows(s) + "\n");
                    for (int i = 0; i < w.reference().names().size(); i++) {
                        long[] c = w.slotCounts(s, i);
                        StringBuilder b = new StringBuilder();
                        for (int k = 0; k < c.length; k++) {
                            b.append(k == 0 ? "" : ",").append(c[k]);
                        }
                        out.write("slot." + s + "." + i + "=" + b + "\n");
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
