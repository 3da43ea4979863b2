package io.minetwin.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The live state of one channel: the latest reading, whatever its quality, and the last good one.
 *
 * <p>A bad or uncertain reading never takes the place of the last good value: consumers that need a
 * trustworthy value read {@link #lastGood()}, consumers that show what the source says read
 * {@link #latest()}. When the latest reading is good, it is also the last good one.
 */
public record ChannelState(Reading latest, Optional<Reading> lastGood) {

    public ChannelState {
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(lastGood, "lastGood");
        if (latest.isGood() && !lastGood.equals(Optional.of(latest))) {
            throw new IllegalArgumentException("the latest reading is good, so it must also be the last good one");
        }
        if (lastGood.isPresent()) {
            Reading g = lastGood.get();
            if (!g.isGood()) {
                throw new IllegalArgumentException("lastGood has quality " + g.quality() + "; it must be good");
            }
            if (g.sourceTime().isAfter(latest.sourceTime())) {
                throw new IllegalArgumentException("lastGood (" + g.sourceTime() + ") is newer than latest ("
                        + latest.sourceTime() + "); the latest reading is the newest");
            }
        }
    }

    /** The state after {@code next} arrives on top of {@code previous} (null for the first reading). */
    public static ChannelState next(ChannelState previous, Reading next) {
        if (next.isGood()) {
            return new ChannelState(next, Optional.of(next));
        }
        return new ChannelState(next, previous == null ? Optional.empty() : previous.lastGood());
    }
}
