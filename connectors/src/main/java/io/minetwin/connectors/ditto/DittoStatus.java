package io.minetwin.connectors.ditto;

import java.util.Map;
import java.util.Optional;

/**
 * What the Ditto sync is doing, for the engine's status.
 *
 * @param endpoint       the Ditto endpoint
 * @param state          the connection
 * @param things         mirrored twins known to the sync
 * @param synced         things whose latest state Ditto has acknowledged, with nothing pending or in flight
 * @param pendingUpdates properties waiting to be sent (a thing waiting for its full state counts one)
 * @param inFlight       commands sent and not yet answered
 * @param changesIn      property changes handed to the sync by the engine since start
 * @param commandsSent   commands sent since start (full things and merges)
 * @param thingsCreated  things Ditto reported as newly created
 * @param reconnects     connections re-established after a loss
 * @param errors         failed commands and handshakes by kind
 * @param lastError      the latest error with its thing and the fix, if any
 */
public record DittoStatus(String endpoint, ConnectionState state, int things, int synced, long pendingUpdates,
                          int inFlight, long changesIn, long commandsSent, long thingsCreated, long reconnects,
                          Map<DittoErrorKind, Long> errors, Optional<String> lastError) {

    public DittoStatus {
        errors = Map.copyOf(errors);
    }

    /** The state of the WebSocket to Ditto. */
    public enum ConnectionState {
        /** Opening the WebSocket. */
        CONNECTING,
        /** Connected; commands flow. */
        CONNECTED,
        /** Lost or refused; retrying with backoff while changes are coalesced. */
        DISCONNECTED,
        /** Ditto refused the credentials at the handshake; retrying with backoff. */
        UNAUTHORIZED,
        /** Stopped. */
        CLOSED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for logs and the console. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "ditto %s: %s, %d/%d things synced, %d pending, %d in flight,"
                        + " %d commands sent, %d errors%s", endpoint, state.id(), synced, things, pendingUpdates,
                inFlight, commandsSent, errorCount(), lastError.map(e -> " (last: " + e + ")").orElse(""));
    }
}
