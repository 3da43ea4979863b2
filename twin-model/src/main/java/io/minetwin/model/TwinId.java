package io.minetwin.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies a twin in Eclipse Ditto's {@code namespace:name} form, e.g. {@code baiyun:shovel-07}.
 *
 * <p>The rules follow Ditto's thing id: the namespace is Java-package-like ({@code baiyun},
 * {@code com.example.site}), the name is any printable text without {@code /}, and the whole id is at
 * most 256 characters, so every twin can be mirrored into Ditto unchanged.
 */
public record TwinId(String namespace, String name) implements Comparable<TwinId> {

    private static final Pattern NAMESPACE = Pattern.compile("[a-zA-Z]\\w*(\\.[a-zA-Z]\\w*)*");
    private static final Pattern NAME = Pattern.compile("[^\\x00-\\x1F\\x7F-\\xFF/]+");
    private static final int MAX_LENGTH = 256;

    public TwinId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("twin id namespace '" + namespace
                    + "' is not valid: use letters, digits and '_' in dot-separated parts that start with a letter,"
                    + " e.g. 'baiyun' or 'com.example.site'");
        }
        if (!NAME.matcher(name).matches() || name.isBlank()) {
            throw new IllegalArgumentException("twin id name '" + name
                    + "' is not valid: use printable characters without '/', e.g. 'shovel-07'");
        }
        if (namespace.length() + 1 + name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("twin id '" + namespace + ":" + name + "' is longer than "
                    + MAX_LENGTH + " characters");
        }
    }

    /**
     * Parses {@code namespace:name}.
     *
     * @throws IllegalArgumentException naming the rule that {@code text} breaks
     */
    public static TwinId parse(String text) {
        Objects.requireNonNull(text, "twin id");
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("twin id '" + text
                    + "' must have the form namespace:name, e.g. 'baiyun:shovel-07'");
        }
        return new TwinId(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public int compareTo(TwinId other) {
        int c = namespace.compareTo(other.namespace);
        return c != 0 ? c : name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return namespace + ":" + name;
    }
}
