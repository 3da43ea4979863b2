package io.minetwin.analytics.registry;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/** A text key=value file with typed accessors; what the registry keeps beside each Tribuo model file. */
final class Props {

    private final TreeMap<String, String> values = new TreeMap<>();
    private final Path file;

    Props(Path file) {
        this.file = file;
    }

    static Props read(Path file) {
        Props p = new Props(file);
        Properties raw = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(r);
        } catch (NoSuchFileException e) {
            throw new RegistryException(file + " is missing; the model version is incomplete. Remove its folder"
                    + " or register the model again");
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryException(file + " cannot be read: " + e.getMessage(), e);
        }
        for (String k : raw.stringPropertyNames()) {
            p.values.put(k, raw.getProperty(k));
        }
        return p;
    }

    /** Writes to a temporary file and moves it over the target, so readers never see half a file. */
    void write() {
        Properties raw = new Properties();
        raw.putAll(values);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            // Properties writes in hash order; sorted lines are kinder to people and diffs.
            for (var e : values.entrySet()) {
                Properties one = new Properties();
                one.setProperty(e.getKey(), e.getValue());
                var sw = new java.io.StringWriter();
                one.store(sw, null);
                sw.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> {
                    try {
                        w.write(l);
                        w.write('\n');
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + file + ": " + e.getMessage(), e);
        }
    }

    Props put(String key, Object value) {
        values.put(key, String.valueOf(value));
        return this;
    }

    Props putList(String key, List<String> list) {
        for (String s : list) {
            if (s.contains(",")) {
                throw new IllegalArgumentException(key + " entry '" + s + "' must not contain ','");
            }
        }
        return put(key, String.join(",", list));
    }

    Props putDoubles(String key, double[] v) {
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) {
            s[i] = Double.toString(v[i]); // round-trips exactly
        }
        return put(key, String.join(",", s));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new RegistryException(file + ": '" + key + "' is missing; the file is damaged or from another"
                    + " program. Register the model again");
        }
        return v;
    }

    List<String> list(String key) {
        String v = get(key);
        return v.isEmpty() ? List.of() : List.of(v.split(",", -1));
    }

    double[] doubles(String key) {
        List<String> parts = list(key);
        double[] out = new double[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(key, parts.get(i));
        }
        return out;
    }

    double number(String key) {
        return number(key, get(key));
    }

    private double number(String key, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new RegistryException(file + ": '" + key + "' has '" + text + "', which is not a number");
        }
    }

    int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new RegistryException(file + ": '" + key + "' has '" + get(key) + "', which is not a whole number");
        }
    }

    /** Entries whose keys start with {@code prefix}, with the prefix removed. */
    TreeMap<String, String> withPrefix(String prefix) {
        TreeMap<String, String> out = new TreeMap<>();
        for (var e : values.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            out.put(e.getKey().substring(prefix.length()), e.getValue());
        }
        return out;
    }
}
