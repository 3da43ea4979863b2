package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.minetwin.model.TimeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Bad input, generated, against every typed option of every subcommand, read from picocli's own model of the
 * command line (so a new option is covered without touching this test): a malformed number, time or choice is
 * refused while the arguments are parsed (nothing runs), with exit code 2, one message naming the option and no
 * stack trace. Values come from the checked-in corpus {@code bad-input/cli.txt} (values that found bugs, and
 * their neighbours) and from generators; values this test knows to be valid for the option's type are skipped.
 */
class CliBadInputTest {

    /** How an option's value is typed, as far as this test can tell what is invalid for it. */
    enum Kind { INT, LONG, DOUBLE, INSTANT, ENUM }

    /** One option of one subcommand. */
    record Target(List<String> command, String option, Kind kind, List<String> choices, String split) {
        @Override
        public String toString() {
            return String.join(" ", command) + " " + option + " (" + kind + ")";
        }
    }

    static final List<Target> TARGETS = targets();

    static final List<String> CORPUS = corpus();

    private static List<String> corpus() {
        try {
            Path file = Path.of("src/test/resources/bad-input/cli.txt");
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("#"))
                    .map(l -> l.replace("\\t", "\t").replace("\\0", "\u0000"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Target> targets() {
        List<Target> out = new ArrayList<>();
        walk(Main.newCommandLine(), List.of(), out);
        return out;
    }

    private static void walk(CommandLine cl, List<String> path, List<Target> out) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0) {
                continue;
            }
            Class<?> type = o.type();
            if ((List.class.isAssignableFrom(type) || type.isArray()) && o.auxiliaryTypes().length > 0) {
                type = o.auxiliaryTypes()[0];
            }
            Kind kind = null;
            List<String> choices = List.of();
            if (type == int.class || type == Integer.class) {
                kind = Kind.INT;
            } else if (type == long.class || type == Long.class) {
                kind = Kind.LONG;
            } else if (type == double.class || type == Double.class) {
                kind = Kind.DOUBLE;
            } else if (type == Instant.class) {
                kind = Kind.INSTANT;
            } else if (type.isEnum()) {
                kind = Kind.ENUM;
                choices = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            }
            if (kind != null) {
                out.add(new Target(path, o.longestName(), kind, choices, o.splitRegex()));
            }
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName()) && !name.equals("help")) {
                var next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, out);
            }
        });
    }

    @Example
    void everyTypedOptionIsFound() {
        assertTrue(TARGETS.size() >= 40, "typed options found: " + TARGETS.size() + " " + TARGETS);
        assertTrue(TARGETS.stream().anyMatch(t -> t.kind() == Kind.INSTANT), "an Instant option");
        assertTrue(TARGETS.stream().anyMatch(t -> t.kind() == Kind.DOUBLE), "a double option");
    }

    @Example
    void everyCorpusValueAgainstEveryOption() {
        for (Target t : TARGETS) {
            for (String v : CORPUS) {
                check(t, v);
            }
        }
    }

    @Property(tries = 400)
    void generatedValues(@ForAll("cases") Case c) {
        check(c.target(), c.value());
    }

    record Case(Target target, String value) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of(CORPUS),
                Arbitraries.strings().ofMaxLength(24),
                Arbitraries.strings().withChars("0123456789-+.eE:TZ x").ofMaxLength(30),
                Arbitraries.doubles().map(d -> Double.toString(d) + "x"),
                Arbitraries.longs().map(l -> l + "9999999999"),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "+Infinity", "nan", "1e999", "-1e999"));
        return Combinators.combine(Arbitraries.of(TARGETS), values).as(Case::new);
    }

    /** Whether {@code value} is valid for {@code t}'s type, as picocli and the engine read it: such values are skipped. */
    static boolean valid(Target t, String value) {
        if (!t.split().isEmpty()) {
            String[] parts = value.split(t.split());
            return parts.length > 0 && Arrays.stream(parts).allMatch(p -> validOne(t, p));
        }
        return validOne(t, value);
    }

    private static boolean validOne(Target t, String value) {
        try {
            switch (t.kind()) {
                case INT -> Integer.decode(value);
                case LONG -> Long.decode(value);
                case DOUBLE -> {
                    double d = Double.parseDouble(value);
                    return Double.isFinite(d);
                }
                case INSTANT -> TimeText.parse(value);
                case ENUM -> {
                    return t.choices().stream().anyMatch(c -> c.equalsIgnoreCase(value));
                }
                default -> throw new IllegalStateException();
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** One command line for the parse-only checks (picocli resets it on each parse); runs get their own. */
    private static final CommandLine PARSER = Main.newCommandLine();

    /** The targets already run end to end (exit code, standard error); the rest are checked by parsing alone. */
    private static final java.util.Set<Target> RUN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static synchronized void check(Target t, String value) {
        if (valid(t, value) || value.startsWith("-") && !isNumberLike(value)) {
            return; // valid, or read as an option of its own: a separate concern, the option then lacks its value
        }
        var args = new ArrayList<>(t.command());
        args.add(t.option() + "=" + value);
        String where = t + " with '" + printable(value) + "'";
        try {
            PARSER.parseArgs(args.toArray(String[]::new));
            fail(where + ": the malformed value was accepted (nothing ran)");
        } catch (CommandLine.ParameterException refused) {
            assertTrue(refused.getMessage().contains(t.option()), "the message names the option: " + where + ": "
                    + refused.getMessage());
        }
        if (RUN.add(t)) { // the whole run, which stops at the same place: exit code 2, no stack trace
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), where + ": " + run.err());
            assertTrue(run.err().contains(t.option()), "the message names the option: " + where + ": " + run.err());
            assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + where
                    + ": " + run.err());
        }
    }

    private static boolean isNumberLike(String v) {
        return v.length() > 1 && (Character.isDigit(v.charAt(1)) || v.charAt(1) == '.'
                || v.toLowerCase(Locale.ROOT).startsWith("-inf") || v.toLowerCase(Locale.ROOT).startsWith("-nan"));
    }

    private static String printable(String v) {
        return v.length() > 60 ? v.substring(0, 60) + "..." : v.replace("\u0000", "\\0").replace("\t", "\\t");
    }
}
