package io.minetwin.engine.config;

import io.minetwin.engine.config.YamlNode.Location;
import io.minetwin.engine.config.YamlNode.Mapping;
import io.minetwin.engine.config.YamlNode.Scalar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads values out of one parsed configuration file, collecting problems with their location instead
 * of stopping at the first, so that one run shows everything to fix.
 */
final class ConfigFile {

    /** Keys starting with this are extensions that any reader ignores. */
    static final String EXTENSION_PREFIX = "x-";

    private final Path file;
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    ConfigFile(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void problem(Location at, String keyPath, String message) {
        if (problems.size() < ConfigException.MAX_PROBLEMS) {
            problems.add(new ConfigException.Problem(file, at.line(), at.column(), keyPath, message));
        }
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    List<ConfigException.Problem> problems() {
        return List.copyOf(problems);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** {@code node} as a mapping, or empty after recording what it was instead. */
    Optional<Mapping> mapping(YamlNode node, String path) {
        if (node instanceof Mapping m) {
            return Optional.of(m);
        }
        problem(node.location(), path, "expected a mapping of keys to values but found " + YamlNode.describe(node));
        return Optional.empty();
    }

    /**
     * Records each key of {@code m} that is neither in {@code allowed} nor in {@code reserved} nor an
     * {@code x-} extension, suggesting the closest allowed key.
     */
    void checkKeys(Mapping m, String path, Collection<String> allowed, Collection<String> reserved) {
        for (YamlNode.Entry e : m.entries().values()) {
            String key = e.key();
            if (allowed.contains(key) || reserved.contains(key) || key.startsWith(EXTENSION_PREFIX)) {
                continue;
            }
            String hint = closest(key, allowed).map(s -> "did you mean '" + s + "'? ").orElse("");
            problem(e.keyLocation(), child(path, key), "unknown key; " + hint + "known keys: "
                    + String.join(", ", allowed) + (reserved.isEmpty() ? "" : " (reserved: " + String.join(", ", reserved)
                    + ")") + "; keys starting with '" + EXTENSION_PREFIX + "' are free for extensions");
        }
    }

    /** A required entry; records a problem at {@code m} if it is missing. */
    Optional<YamlNode.Entry> required(Mapping m, String path, String key, String example) {
        YamlNode.Entry e = m.entries().get(key);
        if (e == null) {
            problem(m.location(), child(path, key), "missing; add it, e.g. '" + key + ": " + example + "'");
        }
        return Optional.ofNullable(e);
    }

    /** A scalar's text (numbers and booleans as written); a mapping, list or empty value is a problem. */
    Optional<String> text(YamlNode.Entry e, String path) {
        if (e.value() instanceof Scalar s && s.kind() != Scalar.Kind.NULL) {
            return Optional.of(s.text());
        }
        problem(e.value() instanceof Scalar ? e.keyLocation() : e.value().location(), path,
                "expected a value but found " + YamlNode.describe(e.value()));
        return Optional.empty();
    }

    Optional<String> optionalText(Mapping m, String path, String key) {
        YamlNode.Entry e = m.entries().get(key);
        return e == null ? Optional.empty() : text(e, child(path, key));
    }

    /**
     * The top-level path {@code key} of {@code root} (or {@code fallback}) resolved against {@code base}; a text that
     * is no path on this system (a NUL character, say) is a problem, and the fallback is returned.
     */
    Path path(Mapping root, String key, Path base, String fallback) {
        String text = optionalText(root, "", key).orElse(fallback);
        try {
            return base.resolve(text).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            YamlNode.Entry entry = root.entries().get(key);
            problem(entry == null ? root.location() : entry.value().location(), key, "'" + ConfigException.printable(text)
                    + "' is not a path: " + e.getReason() + "; write a file system path, e.g. " + fallback);
            return base.resolve(fallback).normalize();
        }
    }

    OptionalDouble number(YamlNode.Entry e, String path) {
        if (e.value() instanceof Scalar s && s.kind() == Scalar.Kind.NUMBER) {
            return OptionalDouble.of(Double.parseDouble(s.text()));
        }
        problem(e.value().location(), path, "expected a number but found " + YamlNode.describe(e.value()));
        return OptionalDouble.empty();
    }

    OptionalDouble optionalNumber(Mapping m, String path, String key) {
        YamlNode.Entry e = m.entries().get(key);
        return e == null ? OptionalDouble.empty() : number(e, child(path, key));
    }

    /** A duration such as {@code 90d}; {@code forever} only if {@code forever} is allowed, as {@link Duration#ZERO}. */
    Optional<Duration> duration(YamlNode.Entry e, String path, boolean forever) {
        return text(e, path).flatMap(t -> {
            try {
                return Optional.of(Durations.parse(t, forever));
            } catch (IllegalArgumentException ex) {
                problem(e.value().location(), path, ex.getMessage());
                return Optional.empty();
            }
        });
    }

    /** The allowed key nearest to {@code key} by edit distance, if near enough to be a likely typo. */
    static Optional<String> closest(String key, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
