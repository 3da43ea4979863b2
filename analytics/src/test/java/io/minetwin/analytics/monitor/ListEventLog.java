package io.minetwin.analytics.monitor;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An event log in a list, for tests of what reads the log. */
final class ListEventLog implements EventLog {

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void append(List<Event> more) {
        for (Event e : more) {
            if (!events.contains(e)) {
                events.add(e);
            }
        }
    }

    @Override
    public synchronized List<Event> query(Optional<TwinId> twin, Instant from, Instant to) {
        return events.stream().filter(e -> twin.map(t -> t.equals(e.twin())).orElse(true))
                .filter(e -> !e.time().isBefore(from) && e.time().isBefore(to))
                .sorted(Comparator.comparing(Event::time)).toList();
    }

    @Override
    public synchronized long enforceRetention(Map<EventKind, Duration> retention, Instant now) {
        int before = events.size();
        events.removeIf(e -> retention.containsKey(e.kind()) && e.time().isBefore(now.minus(retention.get(e.kind()))));
        return before - events.size();
    }
}
