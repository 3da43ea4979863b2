package io.minetwin.engine.analytics;

import io.minetwin.analytics.LabelSource;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Analytics' view of the store's event log: the maintenance and failure records of a twin. */
public final class StoreLabelSource implements LabelSource {

    private final EventLog events;

    public StoreLabelSource(EventLog events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public List<Event> events(TwinId twin, Instant from, Instant to) {
        return events.query(java.util.EnumSet.of(EventKind.MAINTENANCE, EventKind.FAILURE), Optional.of(twin), from, to);
    }
}
