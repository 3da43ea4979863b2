package io.minetwin.engine.command;

import io.minetwin.connectors.opcua.WriteOutcome;
import io.minetwin.model.SeriesKey;
import java.time.Duration;
import java.util.Optional;

/** Reaches the equipment for a {@link CommandService}: whether a channel can be written now, and the write itself. */
public interface CommandWriter {

    /** Why {@code series} cannot be written now (no endpoint maps it, its endpoint is not connected); empty if it can. */
    Optional<String> unavailable(SeriesKey series);

    /** Writes {@code value} and verifies it by reading back within {@code deadline}. */
    WriteOutcome write(SeriesKey series, double value, Duration deadline);

    /** A writer for an engine that reaches no equipment: every channel is unavailable. */
    CommandWriter NONE = new CommandWriter() {
        @Override
        public Optional<String> unavailable(SeriesKey series) {
            return Optional.of("not connected: this engine has no OPC UA endpoint to write through");
        }

        @Override
        public WriteOutcome write(SeriesKey series, double value, Duration deadline) {
            return new WriteOutcome(WriteOutcome.Result.NOT_CONNECTED, "", unavailable(series).orElseThrow(), null);
        }
    };
}
