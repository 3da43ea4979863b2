package io.minetwin.engine.cli;

import io.minetwin.model.TimeText;
import java.time.Instant;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import picocli.CommandLine;

/**
 * The command line takes times in exactly the forms the REST API takes ({@link TimeText}, which the API's
 * {@code Requests.instant} also calls): the same text gives the same instant, or is refused by both.
 */
class InstantConverterTest {

    @Provide
    Arbitrary<String> timeLike() {
        Arbitrary<String> parts = Combinators.combine(Arbitraries.integers().between(-5, 300_000_000),
                        Arbitraries.integers().between(0, 14), Arbitraries.integers().between(0, 33),
                        Arbitraries.integers().between(0, 25), Arbitraries.of("Z", "+08:00", " 08:00", "-03:30", "", "z"),
                        Arbitraries.of("T", " ", "t"), Arbitraries.of(true, false))
                .as((y, mo, d, h, zone, sep, dateOnly) -> dateOnly
                        ? String.format(Locale.ROOT, "%04d-%02d-%02d", y, mo, d)
                        : String.format(Locale.ROOT, "%04d-%02d-%02d%s%02d:00:00%s", y, mo, d, sep, h, zone));
        return Arbitraries.oneOf(parts, Arbitraries.strings().all().ofMaxLength(25),
                parts.map(s -> "  " + s + " "));
    }

    @Property(tries = 2000)
    void theCommandLineReadsTimesAsTheApiDoes(@ForAll("timeLike") String text) {
        Instant api;
        try {
            api = TimeText.parse(text);
        } catch (IllegalArgumentException refused) {
            try {
                Instant cli = new InstantConverter().convert(text);
                throw new AssertionError("the API refuses '" + text + "' (" + refused.getMessage()
                        + ") but the command line reads " + cli);
            } catch (CommandLine.TypeConversionException alsoRefused) {
                if (!alsoRefused.getMessage().equals(refused.getMessage())) {
                    throw new AssertionError("different messages: " + alsoRefused.getMessage() + " / "
                            + refused.getMessage());
                }
                return;
            }
        }
        Instant cli = new InstantConverter().convert(text);
        if (!cli.equals(api)) {
            throw new AssertionError("'" + text + "': command line " + cli + ", API " + api);
        }
    }
}
