package io.minetwin.connectors.opcua;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one endpoint connector, for the CLI now and the API later.
 *
 * @param name                  the endpoint's name
 * @param url                   its URL
 * @param state                 where the connection stands
 * @param mappedNodes           nodes mapped to channels
 * @param monitoredItems        monitored items the server accepted
 * @param subscriptions         subscriptions open on the server
 * @param notifications         data-change notifications received since start
 * @param notificationsPerSecond rate over the last few seconds
 * @param samples               samples handed to the engine (after duplicates were dropped)
 * @param duplicatesDropped     notifications dropped because their series already had that source time
 * @param backfilled            samples recovered by HistoryRead after a reconnect
 * @param reconnects            times the connection was lost
 * @param subscriptionsRecreated subscriptions recreated because the server had lost them
 * @param gaps                  gap events recorded
 * @param unmapped              nodes a pattern reached that no channel takes
 * @param lastError             the last error, with what to do about it
 * @param lastErrorAt           when it happened
 */
public record EndpointStatus(String name, String url, State state, int mappedNodes, int monitoredItems,
                             int subscriptions, long notifications, double notificationsPerSecond, long samples,
                             long duplicatesDropped, long backfilled, long reconnects, long subscriptionsRecreated,
                             long gaps, int unmapped, Optional<String> lastError, Optional<Instant> lastErrorAt) {

    /** Where an endpoint's connection stands. */
    public enum State {
        /** Not started, or trying to connect for the first time. */
        CONNECTING,
        /** Session active and subscriptions created. */
        CONNECTED,
        /** The connection was lost; reconnecting with backoff. */
        RECONNECTING,
        /** Closed. */
        STOPPED
    }

    public EndpointStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    /** One line for the CLI. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%s %s %s: %d items in %d subscriptions, %.0f notifications/s, %d samples, %d duplicates dropped,"
                        + " %d reconnects, %d gaps%s",
                name, url, state, monitoredItems, subscriptions, notificationsPerSecond, samples, duplicatesDropped,
                reconnects, gaps, lastError.map(e -> "; last error: " + e).orElse(""));
    }
}
