package io.minetwin.engine.ditto;

import io.minetwin.connectors.ditto.DittoConnector;
import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.connectors.ditto.DittoStatus;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinRepository;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The engine's side of the Ditto sync: hooks a {@link DittoConnector} to the twin repository's listeners,
 * queues every twin for its initial sync, and on shutdown unhooks it, lets the last changes out for a
 * bounded time and closes it. The repository's listener only records what changed, so ingest never waits
 * on Ditto.
 */
public final class DittoSync implements AutoCloseable {

    /** How long shutdown waits for pending changes to reach Ditto. */
    public static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(3);

    private final TwinRepository repository;
    private final DittoConnector connector;
    private final DittoSettings settings;

    private DittoSync(TwinRepository repository, DittoConnector connector, DittoSettings settings) {
        this.repository = repository;
        this.connector = connector;
        this.settings = settings;
    }

    /** Starts mirroring every twin of {@code repository} (as selected by the settings) and its changes. */
    public static DittoSync start(DittoSettings settings, TwinRepository repository) {
        var connector = new DittoConnector(settings, repository::twin);
        repository.addListener(connector);
        connector.syncAll(repository.twins().stream().map(Twin::id).toList());
        connector.start();
        return new DittoSync(repository, connector, settings);
    }

    public DittoStatus status() {
        return connector.status();
    }

    /** The status as the engine's status map shows it under {@code ditto}. */
    public Map<String, Object> statusMap() {
        DittoStatus s = connector.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("endpoint", s.endpoint());
        m.put("state", s.state().id());
        m.put("things", s.things());
        m.put("synced", s.synced());
        m.put("pendingUpdates", s.pendingUpdates());
        m.put("inFlight", s.inFlight());
        m.put("changesIn", s.changesIn());
        m.put("commandsSent", s.commandsSent());
        m.put("thingsCreated", s.thingsCreated());
        m.put("reconnects", s.reconnects());
        Map<String, Long> errors = new LinkedHashMap<>();
        s.errors().forEach((k, v) -> errors.put(k.id(), v));
        m.put("errors", errors);
        m.put("lastError", s.lastError().orElse(null));
        m.put("maxUpdatesPerSecond", settings.maxUpdatesPerSecond());
        return m;
    }

    /** Waits up to {@code timeout} for everything pending to be sent and answered. */
    public boolean flush(Duration timeout) throws InterruptedException {
        return connector.flush(timeout);
    }

    @Override
    public void close() {
        repository.removeListener(connector);
        try {
            connector.flush(FLUSH_ON_CLOSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connector.close();
    }
}
