package io.minetwin.engine.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one reserved section of a configuration file from its {@link Located} tree and collects every
 * problem with {@code file:line:column}, the key path and the fix, so that a section's loader reports all
 * of them at once ({@link #throwIfProblems()}). Section loaders (e.g. {@code opcua}, {@code sparkplug})
 * extend it with what is particular to them.
 */
public class SectionReader {

    protected final Path file;
    protected final List<ConfigException.Problem> problems = new ArrayList<>();

    public SectionReader(Path file) {
        this.file = file;
    }

    /** The problems found so far, in the order found. */
    public List<ConfigException.Problem> problems() {
        return List.copyOf(problems);
    }

    /** @throws ConfigException listing every problem found, if there is one */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    public void problem(int line, int column, String key, String message) {
        problems.add(new ConfigException.Problem(file, line, column, key, message));
    }

    public void problem(Located at, String key, String message) {
        problem(at.line(), at.column(), key, message);
    }

    /** {@code n} as a mapping, or a problem at {@code key} and empty. */
    public Optional<Located.Map_> map(Located n, String key) {
        if (n instanceof Located.Map_ m) {
            return Optional.of(m);
        }
        problem(n, key, "expected a mapping of keys to values but found " + Located.describe(n));
        return Optional.empty();
    }

    /** A problem for every key of {@code m} not in {@code allowed} (keys starting with {@code x-} are extensions). */
    public void keys(Located.Map_ m, String path, List<String> allowed) {
        for (Located.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key()) && !e.key().startsWith("x-")) {
                problem(e.line(), e.column(), path + "." + e.key(), "unknown key; known keys: "
                        + String.join(", ", allowed));
            }
        }
    }

    /** The value node of {@code key}, which must be present. */
    public Located at(Located.Map_ m, String key) {
        return m.entries().get(key).value();
    }

    /** The scalar text of {@code key}; empty when absent, a problem when it is not a scalar. */
    public Optional<String> text(Located.Map_ m, String path, String key) {
        Located.Entry e = m.entries().get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.value() instanceof Located.Scalar s && s.text() != null) {
            return Optional.of(s.text());
        }
        problem(e.value(), path + "." + key, "expected a value but found " + Located.describe(e.value()));
        return Optional.empty();
    }

    /** A duration such as {@code 500ms}, {@code 5s} or {@code 2h} (zero allowed). */
    public Optional<Duration> duration(Located.Map_ m, String path, String key) {
        return text(m, path, key).flatMap(t -> {
            try {
                return Optional.of(Durations.parse(t, false));
            } catch (IllegalArgumentException ex) {
                problem(at(m, key), path + "." + key, ex.getMessage());
                return Optional.empty();
            }
        });
    }

    /** A duration that must be more than zero. */
    public Optional<Duration> positiveDuration(Located.Map_ m, String path, String key) {
        return duration(m, path, key).flatMap(d -> {
            if (d.isZero()) {
                problem(at(m, key), path + "." + key, "must be positive, e.g. 5s");
                return Optional.empty();
            }
            return Optional.of(d);
        });
    }

    /** A whole number of at least {@code min}. */
    public Optional<Integer> integer(Located.Map_ m, String path, String key, int min) {
        return text(m, path, key).flatMap(t -> {
            try {
                int v = Integer.parseInt(t);
                if (v >= min) {
                    return Optional.of(v);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            problem(at(m, key), path + "." + key, "expected a whole number of at least " + min
                    + " but found '" + t + "'");
            return Optional.empty();
        });
    }

    /** {@code true} or {@code false} written out; anything else is a problem and gives {@code fallback}. */
    public boolean bool(Located.Map_ m, String path, String key, boolean fallback) {
        return text(m, path, key).map(t -> {
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
            problem(at(m, key), path + "." + key, "expected true or false but found '" + t + "'");
            return fallback;
        }).orElse(fallback);
    }
}
