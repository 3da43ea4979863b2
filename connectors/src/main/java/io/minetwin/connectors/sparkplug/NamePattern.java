package io.minetwin.connectors.sparkplug;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pattern over a Sparkplug name (a group, edge node or device id, or a metric name whose folders are
 * separated by {@code /}, e.g. {@code HoistMotor/Temperature}): segments separated by {@code /}, each
 * either a name matched exactly, {@code {capture}} (any one segment, remembered under that name) or
 * {@code *} (any one segment).
 *
 * @param text     the pattern as written
 * @param segments its segments
 */
public record NamePattern(String text, List<Segment> segments) {

    private static final Pattern CAPTURE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    /** One segment of a pattern. */
    public sealed interface Segment {
    }

    /** Matches one segment exactly. */
    public record Literal(String name) implements Segment {
    }

    /** Matches any segment and remembers it under {@code name}. */
    public record Capture(String name) implements Segment {
    }

    /** Matches any segment. */
    public record Any() implements Segment {
    }

    public NamePattern {
        Objects.requireNonNull(text, "text");
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code text}.
     *
     * @param what names the pattern in messages, e.g. {@code "metric"}
     * @throws IllegalArgumentException saying what is malformed and how to write it
     */
    public static NamePattern parse(String text, String what) {
        Objects.requireNonNull(text, what);
        String example = "e.g. '{asset}', 'Shovel-01', '*' or, for a metric, '{component}/{channel}'";
        if (text.isBlank()) {
            throw new IllegalArgumentException(what + " pattern is empty; " + example);
        }
        var segments = new ArrayList<Segment>();
        var seen = new HashSet<String>();
        for (String p : text.split("/", -1)) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException(what + " pattern '" + text + "' has an empty segment (a doubled,"
                        + " leading or trailing '/'); " + example);
            }
            var m = CAPTURE.matcher(p);
            if (m.matches()) {
                if (!seen.add(m.group(1))) {
                    throw new IllegalArgumentException(what + " pattern '" + text + "' captures {" + m.group(1)
                            + "} twice; give each capture its own name");
                }
                segments.add(new Capture(m.group(1)));
            } else if (p.equals("*")) {
                segments.add(new Any());
            } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0 || p.indexOf('*') >= 0 || p.indexOf('+') >= 0
                    || p.indexOf('#') >= 0) {
                throw new IllegalArgumentException(what + " pattern '" + text + "': segment '" + p
                        + "' mixes text with a capture or wildcard (or holds an MQTT wildcard); a segment is either a"
                        + " name, {capture} or *; " + example);
            } else {
                segments.add(new Literal(p));
            }
        }
        return new NamePattern(text, segments);
    }

    /** The names this pattern captures, in order. */
    public List<String> captures() {
        var out = new ArrayList<String>();
        for (Segment s : segments) {
            if (s instanceof Capture c) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** The captures if {@code name} matches the whole pattern. */
    public Optional<Map<String, String>> match(String name) {
        String[] parts = name.split("/", -1);
        if (parts.length != segments.size()) {
            return Optional.empty();
        }
        var captures = new LinkedHashMap<String, String>();
        for (int i = 0; i < parts.length; i++) {
            Segment s = segments.get(i);
            if (s instanceof Literal l && !l.name().equals(parts[i])) {
                return Optional.empty();
            }
            if (parts[i].isEmpty()) {
                return Optional.empty();
            }
            if (s instanceof Capture c) {
                captures.put(c.name(), parts[i]);
            }
        }
        return Optional.of(captures);
    }

    @Override
    public String toString() {
        return text;
    }
}
