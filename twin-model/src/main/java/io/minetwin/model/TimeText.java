package io.minetwin.model;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Times as people type them, read the same way by the command line and the REST API: an ISO-8601 instant
 * ({@code 2026-03-01T08:00:00Z}, {@code 2026-03-01T16:00:00+08:00}, fractions of a second allowed) or a date
 * ({@code 2026-03-01}, its start in UTC). Surrounding blanks are ignored, and a space inside stands for the
 * {@code +} of an offset that an unencoded URL query turned into one. Times outside the range history keeps
 * ({@link Point#MIN_TIME} to {@link Point#MAX_TIME}, about 146 million years either side of 1970) are refused, so
 * that no caller overflows when it takes epoch milliseconds.
 */
public final class TimeText {

    /** The forms accepted, for messages. */
    public static final String FORMS = "an ISO-8601 instant such as 2026-03-01T08:00:00Z (or +08:00),"
            + " or a date such as 2026-03-01 (its start in UTC)";
    public static final Instant EARLIEST = Instant.ofEpochMilli(Point.MIN_TIME);
    public static final Instant LATEST = Instant.ofEpochMilli(Point.MAX_TIME);

    private TimeText() {
    }

    private static Instant read(String t) {
        try {
            return Instant.parse(t);
        } catch (DateTimeException notInstant) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notDate) {
                return null;
            }
        }
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException saying what was given and the forms accepted, or the range
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no time given; write " + FORMS);
        }
        // Blanks around are ignored; a leading space may also be the '+' of a year beyond 9999 that an unencoded
        // query turned into a space (+200000000-01-01T00:00:00Z), so that reading is tried too.
        Instant instant = read(text.strip().replace(' ', '+'));
        if (instant == null && text.startsWith(" ")) {
            instant = read(text.stripTrailing().replace(' ', '+'));
        }
        if (instant == null) {
            throw new IllegalArgumentException("'" + text + "' is not a time; write " + FORMS);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("'" + text + "' is outside the times history keeps (" + EARLIEST
                    + " to " + LATEST + "); check the year");
        }
        return instant;
    }
}
