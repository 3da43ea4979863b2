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
        MaintenanceRecords.Parsed parsed = MaintenanceRecords.read(file);
        long failures = parsed.events().stream().filter(e -> e.kind() == io.minetwin.model.EventKind.FAILURE).count();
        long maintenance = parsed.events().size() - failures;
        if (parsed.badRows() > 0) {
            return new Report(file.toString(), parsed.rows(), parsed.badRows(), parsed.problems(), true, failures,
                    maintenance, 0);
        }
        Map<TwinId, List<Event>> byTwin = parsed.events().stream()
                .collect(Collectors.groupingBy(Event::twin, TreeMap::new, Collectors.toList()));
        Set<Event> fresh = new HashSet<>();
        for (var e : byTwin.entrySet()) {
            Instant from = e.getValue().stream().map(Event::time).min(Instant::compareTo).orElseThrow();
            Instant to = e.getValue().stream().map(Event::time).max(Instant::compareTo).orElseThrow().plusMillis(1);
            Set<Event> existing = new HashSet<>(log.query(java.util.EnumSet.of(io.minetwin.model.EventKind.MAINTENANCE,
                    io.minetwin.model.EventKind.FAILURE), Optional.of(e.getKey()), from, to));
            for (Event ev : e.getValue()) {
                if (!existing.contains(ev)) {
                    fresh.add(ev);
                }
            }
        }
        List<Event> toStore = parsed.events().stream().filter(fresh::contains).distinct().toList();
        if (!toStore.isEmpty()) {
            log.append(toStore);
        }
        return new Report(file.toString(), parsed.rows(), 0, List.of(), false, failures, maintenance, toStore.size());
    }
}
