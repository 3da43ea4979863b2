package io.minetwin.engine.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of one top-level section of a configuration file was written, so that readers of the
 * reserved sections (which {@link EngineConfig} keeps as plain maps) can name file:line:column in their
 * messages. Keys are dotted paths from the section, list elements indexed: {@code scada.users[0].name}.
 */
public final class SectionLocations {

    private SectionLocations() {
    }

    /**
     * Dotted key path to {line, column}, from a second, streaming read of {@code file}; empty when the file
     * cannot be read (the configuration loader has reported syntax errors already).
     */
    public static Map<String, int[]> locate(Path file, String section) {
        var out = new HashMap<String, int[]>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = new YAMLFactory().createParser(r)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonLocation at = p.currentTokenLocation();
                p.nextToken();
                if (key.equals(section)) {
                    out.put(key, new int[] {at.getLineNr(), at.getColumnNr()});
                    walk(p, key, out);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // messages then go without lines
        }
        return out;
    }

    private static void walk(JsonParser p, String path, Map<String, int[]> out) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = path + "." + p.currentName();
                JsonLocation at = p.currentTokenLocation();
                out.put(key, new int[] {at.getLineNr(), at.getColumnNr()});
                p.nextToken();
                walk(p, key, out);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String key = path + "[" + i++ + "]";
                JsonLocation at = p.currentTokenLocation();
                out.put(key, new int[] {at.getLineNr(), at.getColumnNr()});
                walk(p, key, out);
            }
        }
    }
}
