package io.minetwin.connectors.opcua;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What became of one write of a channel's value to the equipment: verified by reading it back, refused by the
 * server with a status code, not attempted (no connection, no mapped node), or written but not verified within
 * the deadline. {@link #reason()} says exactly why in words a control room understands, naming the status code
 * when the server gave one.
 *
 * @param result   the kind of outcome
 * @param status   the OPC UA status name the server answered, e.g. {@code Bad_OutOfRange}; empty when none
 * @param reason   one sentence: what happened and, where there is one, what to do
 * @param readBack the value last read back, in the channel's unit; empty when none was read
 */
public record WriteOutcome(Result result, String status, String reason, OptionalDouble readBack) {

    /** The kinds of outcome. */
    public enum Result {
        /** Written, and read back equal within the deadline. */
        VERIFIED,
        /** The server refused the write (its status code says why). */
        REFUSED,
        /** Nothing was written: the endpoint is not connected. */
        NOT_CONNECTED,
        /** Nothing was written: no node of a connected endpoint maps the channel. */
        NOT_MAPPED,
        /** The server accepted the write but reading back did not show the value within the deadline. */
        NOT_VERIFIED,
        /** The write did not complete (a timeout, a lost connection); the server may or may not have applied it. */
        FAILED
    }

    public WriteOutcome {
        Objects.requireNonNull(result, "result");
        status = status == null ? "" : status;
        Objects.requireNonNull(reason, "reason");
        readBack = readBack == null ? OptionalDouble.empty() : readBack;
    }

    /** Whether the value was written and verified. */
    public boolean verified() {
        return result == Result.VERIFIED;
    }
}
