package io.minetwin.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Configuration could not be loaded. Each {@link Problem} says where (file, line, column, key path),
 * what was wrong and how to fix it; the message lists them one per line.
 */
public class ConfigException extends RuntimeException {

    /** Stop collecting after this many problems: the first ones usually explain the rest. */
    static final int MAX_PROBLEMS = 20;

    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ConfigException(Problem problem) {
        this(List.of(problem));
    }

    /** {@code text} as a message quotes it: control characters (a NUL, a tab) shown as Java escapes. */
    public static String printable(String text) {
        var b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * One thing wrong in a configuration file.
     *
     * @param file    the file, as the configuration named it
     * @param line    1-based line, or 0 if the problem concerns the whole file
     * @param column  1-based column, or 0
     * @param keyPath dotted path of the key, e.g. {@code components.engine.channels.coolant-temp.alarm.high};
     *                empty for the whole file
     * @param message what was wrong and the fix
     */
    public record Problem(Path file, int line, int column, String keyPath, String message) {
        @Override
        public String toString() {
            String where = line > 0 ? file + ":" + line + ":" + column : file.toString();
            return where + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + message;
        }
    }
}
