package io.minetwin.connectors.opcua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A browse path pattern such as {@code Objects/{site}/{asset}/{component}/{channel}}: segments are
 * matched against browse names (without namespace index) from the Objects folder down; {@code {name}}
 * captures a segment, {@code *} matches any one segment, anything else must match exactly.
 *
 * <p>The first segment must be {@code Objects}. A capture may be named only once.
 */
public record BrowsePattern(String text, List<Segment> segments) {

    private static final Pattern CAPTURE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_-]*)}");

    /** One segment of a pattern. */
    public sealed interface Segment {
        boolean matches(String browseName);
    }

    /** Matches one browse name exactly. */
    public record Literal(String name) implements Segment {
        @Override
        public boolean matches(String browseName) {
            return name.equals(browseName);
        }
    }

    /** Matches any browse name and remembers it under {@code name}. */
    public record Capture(String name) implements Segment {
        @Override
        public boolean matches(String browseName) {
            return true;
        }
    }

    /** Matches any browse name. */
    public record Any() implements Segment {
        @Override
        public boolean matches(String browseName) {
            return true;
        }
    }

    public BrowsePattern {
        Objects.requireNonNull(text, "text");
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is malformed and how to write it
     */
    public static BrowsePattern parse(String text) {
        Objects.requireNonNull(text, "pattern");
        String example = "e.g. 'Objects/{site}/{asset}/{component}/{channel}'";
        if (text.isBlank()) {
            throw new IllegalArgumentException("browse pattern is empty; write the path from the Objects folder, " + example);
        }
        String[] parts = text.split("/", -1);
        if (!parts[0].equals("Objects")) {
            throw new IllegalArgumentException("browse pattern '" + text + "' must start at 'Objects/', " + example);
        }
        if (parts.length < 2) {
            throw new IllegalArgumentException("browse pattern '" + text + "' names no node below Objects, " + example);
        }
        var segments = new ArrayList<Segment>();
        var seen = new java.util.HashSet<String>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                throw new IllegalArgumentException("browse pattern '" + text + "' has an empty segment (a doubled or"
                        + " trailing '/'), " + example);
            }
            var m = CAPTURE.matcher(p);
            if (m.matches()) {
                if (!seen.add(m.group(1))) {
                    throw new IllegalArgumentException("browse pattern '" + text + "' captures {" + m.group(1)
                            + "} twice; give each capture its own name");
                }
                segments.add(new Capture(m.group(1)));
            } else if (p.equals("*")) {
                segments.add(new Any());
            } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0 || p.indexOf('*') >= 0) {
                throw new IllegalArgumentException("browse pattern '" + text + "': segment '" + p
                        + "' mixes text with a capture or wildcard; a segment is either a name, {capture} or *,"
                        + " " + example);
            } else {
                segments.add(new Literal(p));
            }
        }
        return new BrowsePattern(text, segments);
    }

    /** The names captured by this pattern, in order. */
    public List<String> captures() {
        var out = new ArrayList<String>();
        for (Segment s : segments) {
            if (s instanceof Capture c) {
                out.add(c.name());
            }
        }
        return out;
    }

    /** Whether {@code path} (browse names below Objects) could be extended into a match. */
    public boolean matchesPrefix(List<String> path) {
        if (path.size() > segments.size()) {
            return false;
        }
        for (int i = 0; i < path.size(); i++) {
            if (!segments.get(i).matches(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The captures if {@code path} (browse names below Objects) matches the whole pattern. */
    public Optional<Map<String, String>> match(List<String> path) {
        if (path.size() != segments.size() || !matchesPrefix(path)) {
            return Optional.empty();
        }
        var captures = new LinkedHashMap<String, String>();
        for (int i = 0; i < path.size(); i++) {
            if (segments.get(i) instanceof Capture c) {
                captures.put(c.name(), path.get(i));
            }
        }
        return Optional.of(captures);
    }

    /**
     * Fills {@code template}'s {@code {name}} placeholders from {@code captures}.
     *
     * @throws IllegalArgumentException if the template names a capture that is absent
     */
    public static String fill(String template, Map<String, String> captures) {
        var m = CAPTURE.matcher(template);
        var sb = new StringBuilder();
        while (m.find()) {
            String v = captures.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("template '" + template + "' uses {" + m.group(1)
                        + "}, which the pattern does not capture");
            }
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The capture names a template uses. */
    public static List<String> placeholders(String template) {
        var out = new ArrayList<String>();
        var m = CAPTURE.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
