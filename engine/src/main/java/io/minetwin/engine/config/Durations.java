package io.minetwin.engine.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as configuration writes them: a whole number and a unit, {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 12h}, {@code 90d}, {@code 2w}, {@code 2y} (a year is 365 days), or {@code forever}.
 */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w|y)");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @param foreverAllowed whether {@code forever} is accepted; it is returned as {@link Duration#ZERO},
     *                       the "keep forever" of retention policies, and then {@code 0} with a unit is refused
     * @throws IllegalArgumentException naming the syntax, e.g. for {@code 90 days}
     */
    public static Duration parse(String text, boolean foreverAllowed) {
        String t = text.trim();
        if (t.equals("forever")) {
            if (foreverAllowed) {
                return Duration.ZERO;
            }
            throw new IllegalArgumentException("'forever' is not allowed here; give a duration such as 5m");
        }
        Matcher m = SYNTAX.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number and a unit"
                    + " (ms, s, m, h, d, w, y), e.g. 90d" + (foreverAllowed ? ", or 'forever'" : ""));
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0 && foreverAllowed) {
            throw new IllegalArgumentException("'" + text + "' would keep nothing; give a positive duration,"
                    + " or 'forever' to keep everything");
        }
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    /** The shortest form {@link #parse} reads back, e.g. {@code 90d}; {@code forever} for zero. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "forever";
        }
        long ms = d.toMillis();
        long[] sizes = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
