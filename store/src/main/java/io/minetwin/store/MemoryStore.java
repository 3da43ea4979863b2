package io.minetwin.store;

import io.minetwin.model.EventLog;
import io.minetwin.model.History;
/** A {@link Store} in memory. Retention runs only when {@link History#enforceRetention} is called. */
final class MemoryStore implements Store {

    private final InMemoryHistory history;
    private final InMemoryTwinSnapshots snapshots = new InMemoryTwinSnapshots();
    private final InMemoryEventLog events = new InMemoryEventLog();

    MemoryStore(StoreOptions options) {
        this.history = new InMemoryHistory(options.retention());
    }

    @Override
    public History history() {
        return history;
    }

    @Override
    public TwinSnapshots snapshots() {
        return snapshots;
    }

    @Override
    public EventLog events() {
        return events;
    }

    @Override
    public void close() {
        history.close();
    }
}
