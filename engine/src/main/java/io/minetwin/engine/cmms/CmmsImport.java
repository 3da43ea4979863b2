package io.minetwin.engine.cmms;

import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.analytics.labels.MaintenanceRecords.Problem;
import io.minetwin.analytics.labels.MaintenanceRecords.Row;
import io.minetwin.engine.cmms.CmmsFormat.Field;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a SAP PM- or Maximo-shaped export through a {@link CmmsMapping} into the same maintenance and
 * failure events as {@link MaintenanceRecords}: a {@code failure-repair} order is a {@link EventKind#FAILURE},
 * the other actions {@link EventKind#MAINTENANCE}. Each event carries, besides {@code action}, {@code mode}
 * and {@code notes}, the CMMS's {@code order} number and {@code source} (the format), so that an order
 * imported again is recognised, and {@code notification}, {@code cause}, {@code remedy}, {@code finish} and
 * {@code cmms-object} where the export has them.
 *
 * <p>Every row is checked and each bad row listed with its line, its column and the fix, so a caller can
 * reject the file whole. Rows with a skipped status, an ignored object or an ignored order type are counted
 * and left out; an order listed twice is read once.
 */
public final class CmmsImport {

    /**
     * What an export holds.
     *
     * @param parsed     the records (events of the good rows, bad rows with their problems)
     * @param skipped    rows left out on purpose (skipped status, ignored object or order type)
     * @param duplicates rows repeating an order already read from the file
     */
    public record Result(MaintenanceRecords.Parsed parsed, long skipped, long duplicates) {
    }

    private final CmmsMapping mapping;
    private final DateTimeFormatter date;
    private final DateTimeFormatter time;

    public CmmsImport(CmmsMapping mapping) {
        this.mapping = mapping;
        this.date = formatter(mapping.datePattern());
        this.time = mapping.timePattern() == null ? null : formatter(mapping.timePattern());
    }

    private static DateTimeFormatter formatter(String pattern) {
        // strict, so that 31.02.2025 is an error rather than 28 February; the era defaults to AD for yyyy
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1).toFormatter(Locale.US).withResolverStyle(ResolverStyle.STRICT);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IllegalArgumentException if the file is missing or empty, or its header lacks a required column
     */
    public Result read(Path file) {
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

    /** Reads CSV text; {@code name} names it in messages. */
    public Result parse(String name, String text) {
        List<Row> rows = MaintenanceRecords.csvRows(text);
        if (rows.isEmpty() || rows.get(0).fields().stream().allMatch(String::isBlank)) {
            throw new IllegalArgumentException(name + ": the file is empty; expected a " + mapping.format().id()
                    + " export with a header such as " + String.join(",", mapping.columns().values()));
        }
        Map<Field, Integer> index = header(name, rows.get(0));
        List<Event> events = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<String> orders = new HashSet<>();
        long count = 0;
        long bad = 0;
        long skipped = 0;
        long duplicates = 0;
        int width = rows.get(0).fields().size();
        for (Row row : rows.subList(1, rows.size())) {
            if (row.problem() == null && row.fields().stream().allMatch(String::isBlank)) {
                continue;
            }
            count++;
            try {
                if (row.problem() != null) {
                    throw new IllegalArgumentException(row.problem());
                }
                if (row.fields().size() != width) {
                    throw new IllegalArgumentException("expected " + width + " columns as in the header but found "
                            + row.fields().size() + "; quote fields that hold commas");
                }
                Event e = event(new Cells(index, row.fields()));
                if (e == null) {
                    skipped++;
                } else if (!orders.add(e.details().get("order"))) {
                    duplicates++;
                } else {
                    events.add(e);
                }
            } catch (IllegalArgumentException e) {
                bad++;
                if (problems.size() < MaintenanceRecords.MAX_LISTED_PROBLEMS) {
                    problems.add(new Problem(row.line(), e.getMessage()));
                }
            }
        }
        return new Result(new MaintenanceRecords.Parsed(count, events, bad, problems), skipped, duplicates);
    }

    private Map<Field, Integer> header(String name, Row header) {
        Map<String, Integer> byHeading = new LinkedHashMap<>();
        List<String> fields = header.fields();
        for (int i = 0; i < fields.size(); i++) {
            byHeading.putIfAbsent(normal(fields.get(i)), i);
        }
        Map<Field, Integer> index = new EnumMap<>(Field.class);
        List<String> missing = new ArrayList<>();
        for (var e : mapping.columns().entrySet()) {
            Integer i = byHeading.get(normal(e.getValue()));
            if (i != null) {
                index.put(e.getKey(), i);
            } else if (e.getKey().required()) {
                missing.add("'" + e.getValue() + "' (" + e.getKey().key() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(name + ":1: the header has no column " + String.join(", ", missing)
                    + ", which a " + mapping.format().id() + " export needs; the header is '" + String.join(",", fields)
                    + "'. Export those columns, or name the columns that hold them under 'columns:' in "
                    + mapping.file() + ", e.g. 'columns: {order-type: Type}'");
        }
        return index;
    }

    private static String normal(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT);
    }

    /** A row's cells by field, with their column headings for messages. */
    private final class Cells {
        private final Map<Field, Integer> index;
        private final List<String> fields;

        Cells(Map<Field, Integer> index, List<String> fields) {
            this.index = index;
            this.fields = fields;
        }

        String get(Field f) {
            Integer i = index.get(f);
            return i == null ? "" : fields.get(i).trim();
        }

        String column(Field f) {
            return "column '" + mapping.columns().get(f) + "'";
        }
    }

    /** The row's event, or {@code null} when the row is skipped on purpose. */
    private Event event(Cells c) {
        String status = c.get(Field.STATUS);
        for (String s : status.split("\\s+")) {
            if (!s.isEmpty() && mapping.skipStatus().contains(s)) {
                return null;
            }
        }
        String order = c.get(Field.ORDER);
        if (order.isEmpty()) {
            throw new IllegalArgumentException(c.column(Field.ORDER) + " is empty; every row needs its order number,"
                    + " which keeps an order from being stored twice");
        }
        Field where = Field.LOCATION;
        String object = c.get(Field.LOCATION);
        if (object.isEmpty() && !c.get(Field.ALTERNATE_LOCATION).isEmpty()) {
            where = Field.ALTERNATE_LOCATION;
            object = c.get(Field.ALTERNATE_LOCATION);
        }
        if (object.isEmpty()) {
            throw new IllegalArgumentException(c.column(Field.LOCATION) + " is empty"
                    + (mapping.columns().containsKey(Field.ALTERNATE_LOCATION)
                    ? " and so is " + c.column(Field.ALTERNATE_LOCATION) : "")
                    + "; every order needs the object it was done on");
        }
        CmmsMapping.Target target;
        try {
            target = mapping.resolve(object).orElseThrow(() -> new IllegalArgumentException());
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? "matches no entry under 'assets:'"
                    : "maps to a bad twin id (" + e.getMessage() + ")";
            throw new IllegalArgumentException(c.column(where) + ": '" + object + "' " + why + " in "
                    + mapping.file() + "; add one, e.g. '- {match: " + object + ", twin: <namespace>:<twin>, component:"
                    + " <component>}', or '- {match: " + object + ", ignore: true}' to skip its orders");
        }
        if (target.ignored()) {
            return null;
        }
        String type = c.get(Field.ORDER_TYPE);
        String action = mapping.actions().get(type);
        if (action == null) {
            action = mapping.defaultAction();
        }
        if (action == null) {
            throw new IllegalArgumentException(c.column(Field.ORDER_TYPE) + ": '" + type + "' is not under 'actions:'"
                    + " in " + mapping.file() + "; add it, e.g. '" + (type.isEmpty() ? "<type>" : type)
                    + ": preventive' (failure-repair, replacement, preventive, inspection, or ignore to skip such"
                    + " orders), or set default-action");
        }
        if (action.equals(CmmsMapping.IGNORE)) {
            return null;
        }
        String component = target.component();
        if (component == null) {
            boolean fromId = target.part() != null;
            String part = fromId ? target.part() : c.get(Field.OBJECT_PART);
            component = mapping.components().get(part);
            if (component == null) {
                String column = fromId ? c.column(where) + " part code"
                        : mapping.columns().containsKey(Field.OBJECT_PART) ? c.column(Field.OBJECT_PART)
                        : "the object part";
                throw new IllegalArgumentException(column + ": " + (part.isEmpty() ? "empty" : "'" + part + "' is not"
                        + " under 'components:' in " + mapping.file()) + ", and the entry for '" + object + "' names no"
                        + " component; add '" + (part.isEmpty() ? "<code>" : part) + ": <component>' under components:"
                        + " or give the entry a component");
            }
        }
        SeriesKey.requireIdentifier("component", component);
        Field codeField = !c.get(Field.DAMAGE_CODE).isEmpty() ? Field.DAMAGE_CODE : Field.FAILURE_CODE;
        String code = c.get(codeField);
        String mode = null;
        if (!code.isEmpty()) {
            mode = mapping.modes().getOrDefault(code, mapping.defaultMode());
            if (mode == null) {
                throw new IllegalArgumentException(c.column(codeField) + ": '" + code + "' is not under 'modes:' in "
                        + mapping.file() + "; add it, e.g. '" + code + ": bearing-wear', or set default-mode");
            }
        }
        Instant start = instant(c, Field.START_DATE, Field.START_TIME);
        Instant finish = c.get(Field.FINISH_DATE).isEmpty() ? null : instant(c, Field.FINISH_DATE, Field.FINISH_TIME);
        if (start.isBefore(MaintenanceRecords.EARLIEST) || start.isAfter(MaintenanceRecords.LATEST)) {
            throw new IllegalArgumentException(c.column(Field.START_DATE) + ": '" + c.get(Field.START_DATE)
                    + "' is outside the times minetwin keeps; check the year");
        }
        if (finish != null && finish.isBefore(start)) {
            throw new IllegalArgumentException(c.column(Field.FINISH_DATE) + ": the finish " + finish
                    + " is before the start " + start + "; check both dates");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        if (mode != null && !mode.isEmpty()) {
            details.put("mode", mode);
        }
        String notes = c.get(Field.DESCRIPTION);
        if (!notes.isEmpty()) {
            details.put("notes", notes);
        }
        details.put("source", mapping.format().id());
        details.put("order", order);
        put(details, "notification", c.get(Field.NOTIFICATION));
        put(details, "cause", c.get(Field.CAUSE_CODE));
        put(details, "remedy", c.get(Field.REMEDY));
        if (finish != null) {
            details.put("finish", finish.toString());
        }
        details.put("cmms-object", object);
        EventKind kind = action.equals("failure-repair") ? EventKind.FAILURE : EventKind.MAINTENANCE;
        return new Event(start, target.twin(), component, kind, details);
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (!value.isEmpty()) {
            details.put(key, value);
        }
    }

    private Instant instant(Cells c, Field dateField, Field timeField) {
        String d = c.get(dateField);
        if (d.isEmpty()) {
            throw new IllegalArgumentException(c.column(dateField) + " is empty; every order needs the date its work"
                    + " started, written " + mapping.datePattern());
        }
        TemporalAccessor parsed;
        try {
            parsed = date.parseBest(d, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(c.column(dateField) + ": '" + d + "' is not a date written "
                    + mapping.datePattern() + " (date-format in " + mapping.file() + "); write it like "
                    + example() + " or set date-format to the export's pattern");
        }
        if (parsed instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        LocalDateTime local;
        if (parsed instanceof LocalDateTime l) {
            local = l;
        } else {
            LocalTime t = LocalTime.MIDNIGHT;
            String tt = c.get(timeField);
            if (!tt.isEmpty() && time != null) {
                try {
                    t = LocalTime.parse(tt, time);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(c.column(timeField) + ": '" + tt + "' is not a time written "
                            + mapping.timePattern() + " (time-format in " + mapping.file() + "); write it like "
                            + LocalTime.of(14, 30).format(time));
                }
            }
            local = ((LocalDate) parsed).atTime(t);
        }
        return local.atZone(mapping.zone()).toInstant();
    }

    private String example() {
        try {
            return LocalDateTime.of(2025, 3, 14, 8, 30).atZone(mapping.zone()).format(date);
        } catch (RuntimeException e) {
            return mapping.datePattern();
        }
    }
}
