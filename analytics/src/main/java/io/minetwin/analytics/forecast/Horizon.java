package io.minetwin.analytics.forecast;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A forecast horizon: "does the component fail within this long?".
 *
 * @param name   how it is written in config, keys and JSON, e.g. {@code 72h} or {@code 7d}
 * @param length its length
 */
public record Horizon(String name, Duration length) implements Comparable<Horizon> {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,4})([hd])");

    public Horizon {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("horizon " + name + " must be positive");
        }
    }

    /** Parses {@code 72h} or {@code 7d}. */
    public static Horizon parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        var m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("horizon '" + s + "' is not hours or days, e.g. 72h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return new Horizon(t, m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofDays(n));
    }

    @Override
    public int compareTo(Horizon o) {
        return length.compareTo(o.length);
    }

    @Override
    public String toString() {
        return name;
    }
}
