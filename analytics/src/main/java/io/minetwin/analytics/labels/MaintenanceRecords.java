package io.minetwin.analytics.labels;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads maintenance records, CSV with the header {@code time,twin,component,action,mode,notes}, into
 * events: a {@code failure-repair} row is a {@link EventKind#FAILURE} (the component failed and was
 * repaired), {@code replacement}, {@code preventive} and {@code inspection} rows are
 * {@link EventKind#MAINTENANCE}. Every event carries {@code action}, and {@code mode} and {@code notes}
 * when given.
 *
 * <p>Every row is checked; the result lists each bad row with its line (where the row starts, as
 * quoted notes may span lines), so a caller can reject the file whole.
 */
public final class MaintenanceRecords {

    /** The actions a record may have. */
    public static final Set<String> ACTIONS = Set.of("failure-repair", "replacement", "preventive", "inspection");
    /** Bad rows listed in a result; all are counted. */
    public static final int MAX_LISTED_PROBLEMS = 1_000;

    private static final List<String> HEADER = List.of("time", "twin", "component", "action", "mode", "notes");
    private static final String HEADER_HINT = String.join(",", HEADER);

    /** One bad row: its 1-based line and what is wrong. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /**
     * What a file holds.
     *
     * @param rows     data rows read
     * @param events   the events of the good rows, in file order
     * @param badRows  rows with a problem
     * @param problems the first problems, in line order
     */
    public record Parsed(long rows, List<Event> events, long badRows, List<Problem> problems) {
        public Parsed {
            events = List.copyOf(events);
            problems = List.copyOf(problems);
        }
    }

    private MaintenanceRecords() {
    }

    /**
     * Parses {@code file}.
     *
     * @throws IllegalArgumentException if the file is missing, empty or its header is wrong
     */
    public static Parsed read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    /** Parses CSV text; {@code name} names it in messages. */
    public static Parsed parse(String name, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Row> rows = Csv.rows(text);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": the file is empty; expected the header " + HEADER_HINT);
        }
        List<String> header = rows.get(0).fields().stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        if (!header.equals(HEADER) && !header.equals(HEADER.subList(0, 5))) {
            throw new IllegalArgumentException(name + ":1: the header is '" + String.join(",", rows.get(0).fields())
                    + "'; it must be " + HEADER_HINT);
        }
        List<Event> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        long bad = 0;
        long count = 0;
        for (Row row : rows.subList(1, rows.size())) {
            if (row.problem() == null && row.fields().size() == 1 && row.fields().get(0).isBlank()) {
                continue;
            }
            count++;
            try {
                if (row.problem() != null) {
                    throw new IllegalArgumentException(row.problem());
                }
                events.add(event(row.fields()));
            } catch (IllegalArgumentException e) {
                bad++;
                if (problems.size() < MAX_LISTED_PROBLEMS) {
                    problems.add(new Problem(row.line(), e.getMessage()));
                }
            }
        }
        return new Parsed(count, events, bad, problems);
    }

    /** The range of history's epoch-millisecond times (2^62 ms either side of 1970), so labels line up with it. */
    public static final Instant EARLIEST = Instant.ofEpochMilli(-(1L << 62));
    public static final Instant LATEST = Instant.ofEpochMilli(1L << 62);

    private static Event event(List<String> f) {
        if (f.size() != 6 && f.size() != 5) {
            throw new IllegalArgumentException("expected 6 columns (" + HEADER_HINT + ") but found " + f.size());
        }
        Instant time;
        try {
            time = Instant.parse(f.get(0).trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + f.get(0) + "' is not an ISO-8601 instant; write it as"
                    + " e.g. 2026-03-01T08:00:00Z");
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
            throw new IllegalArgumentException("time '" + f.get(0).trim() + "' is outside the times minetwin keeps ("
                    + EARLIEST + " to " + LATEST + "); check the year");
        }
        TwinId twin = TwinId.parse(f.get(1).trim());
        String component = f.get(2).trim();
        SeriesKey.requireIdentifier("component", component);
        String action = f.get(3).trim().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action '" + f.get(3) + "' is not one of failure-repair, replacement,"
                    + " preventive, inspection");
        }
        String mode = f.get(4).trim();
        String notes = f.size() == 6 ? f.get(5).trim() : "";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        if (!mode.isEmpty()) {
            details.put("mode", mode);
        }
        if (!notes.isEmpty()) {
            details.put("notes", notes);
        }
        EventKind kind = action.equals("failure-repair") ? EventKind.FAILURE : EventKind.MAINTENANCE;
        return new Event(time, twin, component, kind, details);
    }

    /**
     * One CSV record: the line it starts on, its fields, and what makes it unreadable ({@code null} when
     * it reads well).
     */
    public record Row(long line, List<String> fields, String problem) {
    }

    /**
     * Splits RFC 4180 CSV text into records, each with the line it starts on, for readers of other CSV
     * shapes (such as CMMS exports) that must name bad rows by line as this reader does. A leading byte
     * order mark is dropped.
     */
    public static List<Row> csvRows(String text) {
        return Csv.rows(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    static final class Csv {
        private Csv() {
        }

        static List<Row> rows(String text) {
            List<Row> rows = new ArrayList<>();
            long line = 1;
            int i = 0;
            int n = text.length();
            while (i < n) {
                long start = line;
                List<String> fields = new ArrayList<>();
                StringBuilder field = new StringBuilder();
                boolean quoted = false;
                boolean fieldStarted = false;
                String problem = null;
                while (i < n) {
                    char c = text.charAt(i);
                    if (quoted) {
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            quoted = false;
                            i++;
                            continue;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                        i++;
                        continue;
                    }
                    if (c == '"' && !fieldStarted) {
                        quoted = true;
                        fieldStarted = true;
                        i++;
                    } else if (c == ',') {
                        fields.add(field.toString());
                        field.setLength(0);
                        fieldStarted = false;
                        i++;
                    } else if (c == '\r' || c == '\n') {
                        i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
                        line++;
                        break;
                    } else {
                        if (c == '"' && problem == null) {
                            problem = "a quote inside an unquoted field; quote the whole field and double the"
                                    + " quotes inside it";
                        }
                        field.append(c);
                        fieldStarted = true;
                        i++;
                    }
                }
                if (quoted) {
                    problem = "a quoted field is not closed before the end of the file";
                }
                fields.add(field.toString());
                rows.add(new Row(start, fields, problem));
            }
            return rows;
        }
    }
}
