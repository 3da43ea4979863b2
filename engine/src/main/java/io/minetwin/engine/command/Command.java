package io.minetwin.engine.command;

import io.minetwin.model.SeriesKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One command and where it stands: who asked to set which channel of which twin from what to what, who confirmed
 * it, and how it ended, with the exact reason when it did not end verified.
 *
 * @param id          e.g. {@code cmd-42}
 * @param series      the twin and channel
 * @param value       the value asked for, in {@code unit}
 * @param unit        the channel's unit
 * @param oldValue    the channel's live value when the command was requested; empty when it had none
 * @param requestedBy the requesting user (token name) and {@code requestedRole} their role
 * @param confirmedBy the confirming user, once confirmed
 * @param state       where it stands
 * @param reason      why it was refused, failed or is not verified; what it waits for otherwise
 * @param status      the OPC UA status the server answered, when it answered one
 * @param readBack    the value read back after the write
 */
public record Command(String id, SeriesKey series, double value, String unit, OptionalDouble oldValue,
                      String requestedBy, String requestedRole, Instant requestedAt, Optional<String> confirmedBy,
                      State state, String reason, String status, OptionalDouble readBack, Instant updatedAt,
                      boolean twoPerson) {

    /** Where a command stands. Terminal: every state but {@link #AWAITING_CONFIRMATION} and {@link #WRITING}. */
    public enum State {
        /** Valid; waits for a second, different user to confirm it. */
        AWAITING_CONFIRMATION,
        /** Being written and verified. */
        WRITING,
        /** Refused before anything was written; {@code reason} says why. */
        REFUSED,
        /** Not confirmed within the confirmation window; nothing was written. */
        EXPIRED,
        /** Written and read back. */
        VERIFIED,
        /** The server refused the write, or the write did not complete. */
        FAILED,
        /** The server accepted the write but reading back did not show it within the deadline. */
        NOT_VERIFIED;

        /** As the API writes it, e.g. {@code awaiting-confirmation}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Command {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        status = status == null ? "" : status;
    }

    Command with(State s, String why, String statusName, OptionalDouble back, Optional<String> confirmer,
                 Instant at) {
        return new Command(id, series, value, unit, oldValue, requestedBy, requestedRole, requestedAt, confirmer, s,
                why, statusName, back, at, twoPerson);
    }

    /** The command as the API shows it. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("twin", series.twin().toString());
        m.put("channel", series.component() + "." + series.channel());
        m.put("value", value);
        m.put("unit", unit);
        m.put("oldValue", oldValue.isPresent() ? oldValue.getAsDouble() : null);
        m.put("state", state.id());
        m.put("reason", reason);
        if (!status.isEmpty()) {
            m.put("status", status);
        }
        m.put("readBack", readBack.isPresent() ? readBack.getAsDouble() : null);
        m.put("confirm", twoPerson ? "two-person" : "none");
        m.put("requestedBy", requestedBy);
        m.put("requestedRole", requestedRole);
        m.put("requestedAt", requestedAt.toString());
        m.put("confirmedBy", confirmedBy.orElse(null));
        m.put("updatedAt", updatedAt.toString());
        return m;
    }
}
