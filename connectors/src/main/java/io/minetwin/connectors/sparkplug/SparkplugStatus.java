package io.minetwin.connectors.sparkplug;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one Sparkplug broker connector, for the CLI and {@code /api/status}.
 *
 * @param name               the broker's name
 * @param url                its URL
 * @param state              where the broker connection stands
 * @param nodesOnline        edge nodes born and not dead
 * @param devicesOnline      devices born and not dead
 * @param messages           Sparkplug messages received
 * @param messagesPerSecond  rate over the last few seconds
 * @param samples            live samples handed to ingest
 * @param historical         store-and-forward samples handed to ingest as history only
 * @param staleMarked        channel values marked stale by deaths and lost connections
 * @param rebirthRequests    rebirth commands sent to edge nodes
 * @param sequenceGaps       messages whose sequence number was not the next one expected
 * @param unknownMetrics     data metrics whose alias or name no birth announced
 * @param ignoredDeaths      deaths of an older session (bdSeq not the current birth's), ignored
 * @param undecodable        messages that were not Sparkplug B payloads
 * @param gaps               gap events recorded
 * @param unmapped           metrics announced by births that feed no channel, with the reason (a sample)
 * @param lastError          the last error, with what to do about it
 * @param lastErrorAt        when it happened
 */
public record SparkplugStatus(String name, String url, State state, int nodesOnline, int devicesOnline, long messages,
                              double messagesPerSecond, long samples, long historical, long staleMarked,
                              long rebirthRequests, long sequenceGaps, long unknownMetrics, long ignoredDeaths,
                              long undecodable, long gaps, Map<String, String> unmapped, Optional<String> lastError,
                              Optional<Instant> lastErrorAt) {

    /** Where a broker connection stands. */
    public enum State {
        /** Not started, or trying to connect for the first time. */
        CONNECTING,
        /** Connected and subscribed. */
        CONNECTED,
        /** The connection was lost; reconnecting with backoff. */
        RECONNECTING,
        /** Closed. */
        STOPPED
    }

    public SparkplugStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        unmapped = Map.copyOf(unmapped);
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
    }

    /** One line for the CLI. */
    public String describe() {
        return String.format(Locale.ROOT, "sparkplug %s %s %s: %d edge nodes and %d devices online, %.0f messages/s,"
                        + " %d samples, %d historical, %d stale marks, %d rebirth requests, %d sequence gaps, %d gaps,"
                        + " %d unmapped metrics%s",
                name, url, state, nodesOnline, devicesOnline, messagesPerSecond, samples, historical, staleMarked,
                rebirthRequests, sequenceGaps, gaps, unmapped.size(), lastError.map(e -> "; last error: " + e).orElse(""));
    }
}
