package io.minetwin.model;

import java.util.Objects;
import java.util.Optional;

/**
 * How one channel's live state changed: before and after, and the limit state on either side so that
 * consumers see a limit being crossed without knowing the spec.
 *
 * @param series      the channel
 * @param before      the state before; empty for the channel's first sample
 * @param after       the state after
 * @param limitBefore the limit state before ({@link LimitState#NOT_APPLICABLE} without a state)
 * @param limitAfter  the limit state after
 */
public record ChannelUpdate(SeriesKey series, Optional<ChannelState> before, ChannelState after,
                            LimitState limitBefore, LimitState limitAfter) {
    public ChannelUpdate {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(limitBefore, "limitBefore");
        Objects.requireNonNull(limitAfter, "limitAfter");
    }

    public boolean limitChanged() {
        return limitBefore != limitAfter;
    }
}
