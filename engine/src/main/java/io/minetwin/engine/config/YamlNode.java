package io.minetwin.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line and column of every key and value, so that
 * configuration errors can point at them (Jackson's own trees forget where nodes came from).
 */
sealed interface YamlNode {

    Location location();

    /** 1-based line and column. */
    record Location(int line, int column) {
        static Location of(JsonLocation l) {
            return new Location(l.getLineNr(), l.getColumnNr());
        }
    }

    /** A key with where it was written, and its value. */
    record Entry(String key, Location keyLocation, YamlNode value) {
    }

    record Mapping(Location location, Map<String, Entry> entries) implements YamlNode {
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
    }

    /** A scalar as written; {@code kind} tells numbers and booleans from strings, {@code null} from {@code "null"}. */
    record Scalar(Location location, String text, Kind kind) implements YamlNode {
        enum Kind { STRING, NUMBER, BOOLEAN, NULL }
    }

    /** What a node is, for messages: {@code a mapping}, {@code a list}, {@code the number 5}. */
    static String describe(YamlNode node) {
        if (node instanceof Mapping) {
            return "a mapping";
        }
        if (node instanceof Sequence) {
            return "a list";
        }
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case NULL -> "empty";
            case NUMBER -> "the number " + s.text();
            case BOOLEAN -> "the boolean " + s.text();
            case STRING -> "the text '" + s.text() + "'";
        };
    }

    /**
     * Reads {@code file}; an empty document is an empty mapping.
     *
     * @throws ConfigException if the file cannot be read, is not YAML, or repeats a key
     */
    static YamlNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = new YAMLFactory().createParser(reader)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new Mapping(new Location(1, 1), Map.of());
            }
            YamlNode root = node(file, p, "");
            return root;
        } catch (NoSuchFileException e) {
            throw new ConfigException(new ConfigException.Problem(file, 0, 0, "",
                    "file not found; check the path (relative paths are resolved against the file that names it)"));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new ConfigException(new ConfigException.Problem(file, l == null ? 0 : l.getLineNr(),
                    l == null ? 0 : l.getColumnNr(), "", "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(new ConfigException.Problem(file, 0, 0, "", "cannot be read: " + e));
        }
    }

    private static YamlNode node(Path file, JsonParser p, String path) throws IOException {
        Location at = Location.of(p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                var entries = new LinkedHashMap<String, Entry>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Location keyAt = Location.of(p.currentTokenLocation());
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        Location first = entries.get(key).keyLocation();
                        throw new ConfigException(new ConfigException.Problem(file, keyAt.line(), keyAt.column(),
                                childPath, "key repeated (first at line " + first.line()
                                + "); YAML keeps only one, so merge the two"));
                    }
                    p.nextToken();
                    entries.put(key, new Entry(key, keyAt, node(file, p, childPath)));
                }
                return new Mapping(at, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY -> {
                var items = new ArrayList<YamlNode>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, p, path + "[" + i++ + "]"));
                }
                return new Sequence(at, List.copyOf(items));
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(at, p.getText(), Scalar.Kind.NUMBER);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(at, p.getText(), Scalar.Kind.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new Scalar(at, "", Scalar.Kind.NULL);
            }
            default -> {
                return new Scalar(at, p.getText(), Scalar.Kind.STRING);
            }
        }
    }

    /** The node as plain Java values ({@code Map}, {@code List}, {@code String}, {@code Double}, {@code Long}, ...). */
    static Object toPlain(YamlNode node) {
        if (node instanceof Mapping m) {
            var out = new LinkedHashMap<String, Object>();
            m.entries().forEach((k, e) -> out.put(k, toPlain(e.value())));
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof Sequence s) {
            return s.items().stream().map(YamlNode::toPlain).toList();
        }
        Scalar s = (Scalar) node;
        return switch (s.kind()) {
            case NULL -> null;
            case BOOLEAN -> Boolean.parseBoolean(s.text());
            case NUMBER -> {
                try {
                    yield Long.parseLong(s.text());
                } catch (NumberFormatException e) {
                    yield Double.parseDouble(s.text());
                }
            }
            case STRING -> s.text();
        };
    }
}
