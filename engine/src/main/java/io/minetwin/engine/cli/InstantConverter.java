package io.minetwin.engine.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads a time on the command line: an ISO-8601 instant, or a date meaning its start in UTC. */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a time: write an ISO-8601"
                        + " instant such as 2026-03-01T08:00:00Z (or +08:00), or a date such as 2026-03-01");
            }
        }
    }
}
