package io.minetwin.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.minetwin.connectors.opcua.server.PasswordHash;
import io.minetwin.engine.api.ApiSettings;
import io.minetwin.engine.api.DowntimeCosts;
import io.minetwin.engine.config.CmmsMappingLoader;
import io.minetwin.engine.config.Durations;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.ditto.DittoConfig;
import io.minetwin.engine.forecast.ForecastSettings;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.engine.ingest.SparkplugSettings;
import io.minetwin.engine.notify.NotificationsConfig;
import io.minetwin.engine.scada.ScadaConfig;
import io.minetwin.model.Fleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Bad input, generated, against every key of the engine configuration: a sample with every section the engine
 * reads ({@code bad-input/config-sample.yaml}) is loaded as {@code run} loads it, once per mutation of one value
 * (wrong types, negative, zero, NaN, huge, empty, null, list, mapping) and once per unknown key added to each
 * mapping. Each load either succeeds or fails with a configuration error that names the key; never another
 * exception; and a value that is a number, flag or duration in the sample does not take {@code banana}.
 */
class ConfigBadInputTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    private static final String HASH = PasswordHash.hash("control-room-password", new SecureRandom());
    private static final Function<String, String> ENV = name -> "value-of-" + name;

    /** Values put in place of each value of the sample; keep adding those that found a bug. */
    static final List<JsonNode> MUTATIONS = List.of(TextNode.valueOf("banana"), LongNode.valueOf(-1),
            LongNode.valueOf(0), DoubleNode.valueOf(Double.NaN), DoubleNode.valueOf(1e300),
            LongNode.valueOf(Long.MAX_VALUE), TextNode.valueOf(""), NullNode.getInstance(),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(), TextNode.valueOf("-5m"),
            TextNode.valueOf("0s"), TextNode.valueOf("99999999999d"), TextNode.valueOf("1.5"),
            TextNode.valueOf("ünïcödé\t"),
            // Found: a NUL in data-dir was an InvalidPathException naming no key.
            TextNode.valueOf("a\u0000b"));

    /** A value of the sample: its path from the root, as keys and list indices. */
    record Leaf(List<Object> path, JsonNode original) {
        String key() {
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i) instanceof String s) {
                    return s;
                }
            }
            return "";
        }

        String dotted() {
            var b = new StringBuilder();
            for (Object p : path) {
                b.append(p instanceof Integer i ? "[" + i + "]" : (b.isEmpty() ? "" : ".") + p);
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return dotted();
        }
    }

    static final JsonNode SAMPLE = sample();
    static final List<Leaf> LEAVES = leaves();

    private static JsonNode sample() {
        try {
            String text = Files.readString(Path.of("src/test/resources/bad-input/config-sample.yaml"),
                    StandardCharsets.UTF_8).replace("${CONFIG}", CONFIG_DIR.toString()).replace("${HASH}", HASH);
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Leaf> leaves() {
        List<Leaf> out = new ArrayList<>();
        walk(SAMPLE, new ArrayList<>(), out);
        return out;
    }

    private static void walk(JsonNode node, List<Object> path, List<Leaf> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                var p = new ArrayList<>(path);
                p.add(f.getKey());
                walk(f.getValue(), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                var p = new ArrayList<>(path);
                p.add(i);
                walk(node.get(i), p, out);
            }
        } else if (!path.isEmpty() && !List.of("asset-types", "fleet").contains(path.get(0))) {
            out.add(new Leaf(List.copyOf(path), node));
        }
    }

    /** Loads {@code config} as {@code run} does: the engine configuration, the fleet, then every section. */
    static void loadAll(Path file) {
        EngineConfig c = EngineConfig.load(file);
        Fleet fleet = c.loadFleet();
        String where = file.toString();
        OpcuaSettings.load(c, fleet, ENV);
        SparkplugSettings.load(c, fleet, ENV);
        DittoConfig.load(c, ENV);
        ScadaConfig.load(c);
        NotificationsConfig.load(c, ENV);
        ForecastSettings.from(c.sections().get("forecasts"), where);
        ApiSettings.from(c.sections().get("http"), where, ENV, file.getParent());
        DowntimeCosts.from(c.sections().get("costs"), where);
        CmmsMappingLoader.fromSection(c.sections().get("cmms"), file);
    }

    private static Path write(JsonNode tree) throws IOException {
        Path dir = Files.createTempDirectory("minetwin-config-");
        Path file = dir.resolve("minetwin.yaml");
        YAML.writeValue(file.toFile(), tree);
        return file;
    }

    private static JsonNode with(Leaf leaf, JsonNode value) {
        JsonNode copy = SAMPLE.deepCopy();
        JsonNode parent = copy;
        for (Object p : leaf.path().subList(0, leaf.path().size() - 1)) {
            parent = p instanceof Integer i ? parent.get(i) : parent.get((String) p);
        }
        Object last = leaf.path().get(leaf.path().size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return copy;
    }

    @Example
    void theSampleLoads() throws IOException {
        loadAll(write(SAMPLE));
        assertTrue(LEAVES.size() >= 40, "values in the sample: " + LEAVES);
    }

    @Example
    void everyMutationOfEveryValue() throws IOException {
        for (Leaf leaf : LEAVES) {
            for (JsonNode value : MUTATIONS) {
                check(leaf, value);
            }
        }
    }

    @Example
    void anUnknownKeyInEveryMapping() throws IOException {
        List<List<Object>> mappings = new ArrayList<>();
        mappings.add(List.of());
        for (Leaf leaf : LEAVES) {
            for (int n = 1; n < leaf.path().size(); n++) {
                List<Object> p = leaf.path().subList(0, n);
                JsonNode node = SAMPLE;
                for (Object o : p) {
                    node = o instanceof Integer i ? node.get(i) : node.get((String) o);
                }
                if (node.isObject() && !mappings.contains(p)) {
                    mappings.add(List.copyOf(p));
                }
            }
        }
        for (List<Object> p : mappings) {
            if (!p.isEmpty() && p.get(p.size() - 1) instanceof String s && s.equals("channels")
                    || p.equals(List.of("costs"))) {
                continue; // names of the user's own: channel names, asset types
            }
            var path = new ArrayList<>(p);
            path.add("colour");
            check(new Leaf(path, NullNode.getInstance()), TextNode.valueOf("blue"));
        }
    }

    @Property(tries = 150)
    void generatedValues(@ForAll("cases") Case c) throws IOException {
        check(c.leaf(), TextNode.valueOf(c.value()));
    }

    record Case(Leaf leaf, String value) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.of(LEAVES), Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("0123456789-+.eEdhmsy").ofMaxLength(12))).as(Case::new);
    }

    private static void check(Leaf leaf, JsonNode value) throws IOException {
        Path file = write(with(leaf, value));
        String where = leaf + " = " + value;
        try {
            loadAll(file);
            if (value.asText().equals("banana") && typed(leaf.original())) {
                fail(where + ": taken, though the sample has " + leaf.original() + " there (a silent default?)");
            }
        } catch (IllegalArgumentException | io.minetwin.engine.config.ConfigException e) {
            String message = String.valueOf(e.getMessage());
            assertFalse(e instanceof NumberFormatException, where + ": a bare " + e);
            assertTrue(message.contains(leaf.key()) || message.contains(parentPath(leaf)),
                    where + ": the message names neither the key nor its place: " + message);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": " + e, e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }

    private static String parentPath(Leaf leaf) {
        String d = leaf.dotted();
        int cut = Math.max(d.lastIndexOf('.'), d.lastIndexOf('['));
        return cut > 0 ? d.substring(0, cut) : d;
    }

    /** A number, flag or duration: a value that {@code banana} cannot replace. */
    private static boolean typed(JsonNode original) {
        if (original.isNumber() || original.isBoolean()) {
            return true;
        }
        try {
            Durations.parse(original.asText(), true);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
