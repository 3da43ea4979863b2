package io.minetwin.engine.analytics;

import io.minetwin.analytics.labels.MaintenanceRecords;
import io.minetwin.model.Event;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Imports maintenance records into the event log, all or nothing: a file with a bad row stores nothing.
 * Records already in the log are not stored again, so importing the same file twice changes nothing.
 */
public final class MaintenanceImporter {

    /**
     * What an import did.
     *
     * @param file     the file read
     * @param rows     data rows
     * @param badRows  rows with a problem
     * @param problems the first problems
     * @param rejected true when nothing was stored because of bad rows
     * @param failures failure records in the file
     * @param maintenance other maintenance records in the file
     * @param stored   records stored now (not already in the log)
     */
    public record Report(String file, long rows, long badRows, List<MaintenanceRecords.Problem> problems,
                         boolean rejected, long failures, long maintenance, long stored) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    public Report importFile(Path file, EventLog log) {
        return importParsed(file.toString(), MaintenanceRecords.read(file), log);
    }

    /**
     * Stores already parsed records, all or nothing. A record is already stored when the log holds the same
     * event, or, for records from a CMMS (carrying {@code source} and {@code order}), any event of the same
     * twin from the same order: an order exported again, even with edited text or dates, is stored once.
     */
    public Report importParsed(String file, MaintenanceRecords.Parsed parsed, EventLog log) {
        long failures = parsed.events().stream().filter(e -> e.kind() == io.minetwin.model.EventKind.FAILURE).count();
        long maintenance = parsed.events().size() - failures;
        if (parsed.badRows() > 0) {
            return new Report(file, parsed.rows(), parsed.badRows(), parsed.problems(), true, failures,
                    maintenance, 0);
        }
        Map<TwinId, List<Event>> byTwin = parsed.events().stream()
                .collect(Collectors.groupingBy(Event::twin, TreeMap::new, Collectors.toList()));
        Set<Event> fresh = new HashSet<>();
        for (var e : byTwin.entrySet()) {
            Instant from = e.getValue().stream().map(Event::time).min(Instant::compareTo).orElseThrow();
            Instant to = e.getValue().stream().map(Event::time).max(Instant::compareTo).orElseThrow().plusMillis(1);
            boolean fromCmms = e.getValue().stream().anyMatch(ev -> orderKey(ev) != null);
            var kinds = java.util.EnumSet.of(io.minetwin.model.EventKind.MAINTENANCE,
                    io.minetwin.model.EventKind.FAILURE);
            List<Event> stored = fromCmms
                    ? log.query(kinds, Optional.of(e.getKey()), MaintenanceRecords.EARLIEST, MaintenanceRecords.LATEST)
                    : log.query(kinds, Optional.of(e.getKey()), from, to);
            Set<Event> existing = new HashSet<>(stored);
            Set<String> orders = new HashSet<>();
            for (Event ev : stored) {
                String key = orderKey(ev);
                if (key != null) {
                    orders.add(key);
                }
            }
            for (Event ev : e.getValue()) {
                String key = orderKey(ev);
                if (!existing.contains(ev) && (key == null || !orders.contains(key))) {
                    fresh.add(ev);
                }
            }
        }
        List<Event> toStore = parsed.events().stream().filter(fresh::contains).distinct().toList();
        if (!toStore.isEmpty()) {
            log.append(toStore);
        }
        return new Report(file, parsed.rows(), 0, List.of(), false, failures, maintenance, toStore.size());
    }

    /** {@code source/order} of a record from a CMMS, else {@code null}. */
    private static String orderKey(Event e) {
        String source = e.details().get("source");
        String order = e.details().get("order");
        return source == null || order == null ? null : source + "/" + order;
    }
}
