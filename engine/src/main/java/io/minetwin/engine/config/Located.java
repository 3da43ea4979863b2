package io.minetwin.engine.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML tree whose nodes remember their line and column, so that problems in a reserved section
 * ({@code opcua}, {@code sparkplug}) point at the key to fix (the engine configuration keeps reserved
 * sections as plain maps). {@link SectionReader} reads sections from it.
 */
public sealed interface Located {

    int line();

    int column();

    record Map_(int line, int column, Map<String, Entry> entries) implements Located {
    }

    record Entry(String key, int line, int column, Located value) {
    }

    record List_(int line, int column, List<Located> items) implements Located {
    }

    /** A scalar as written; {@code text} is null for an empty value. */
    record Scalar(int line, int column, String text, boolean number) implements Located {
    }

    /** What a node is, for messages. */
    public static String describe(Located n) {
        if (n instanceof Map_) {
            return "a mapping";
        }
        if (n instanceof List_) {
            return "a list";
        }
        Scalar s = (Scalar) n;
        return s.text() == null ? "empty" : "'" + s.text() + "'";
    }

    /** Reads {@code file}; syntax errors come back as a located {@link ConfigException}. */
    public static Located read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = new YAMLFactory().createParser(r)) {
            if (p.nextToken() == null) {
                return new Map_(1, 1, Map.of());
            }
            return node(p);
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            throw new ConfigException(new ConfigException.Problem(file, l == null ? 0 : l.getLineNr(),
                    l == null ? 0 : l.getColumnNr(), "", "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(new ConfigException.Problem(file, 0, 0, "", "cannot be read: " + e));
        }
    }

    private static Located node(JsonParser p) throws IOException {
        var at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                var entries = new LinkedHashMap<String, Entry>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    var kl = p.currentTokenLocation();
                    p.nextToken();
                    entries.put(key, new Entry(key, kl.getLineNr(), kl.getColumnNr(), node(p)));
                }
                return new Map_(line, col, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY -> {
                var items = new ArrayList<Located>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p));
                }
                return new List_(line, col, List.copyOf(items));
            }
            case VALUE_NULL -> {
                return new Scalar(line, col, null, false);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(line, col, p.getText(), true);
            }
            default -> {
                return new Scalar(line, col, p.getText(), false);
            }
        }
    }
}
