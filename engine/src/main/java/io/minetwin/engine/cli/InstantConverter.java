package io.minetwin.engine.cli;

import io.minetwin.model.TimeText;
import java.time.Instant;
import picocli.CommandLine;

/** Reads a time on the command line in the forms the REST API takes too ({@link TimeText}). */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
        try {
            return TimeText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
