package io.minetwin.analytics.rul;

import io.minetwin.analytics.features.Frame;
import io.minetwin.model.TwinId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One life of a component: its aligned channels from a reset (installation, repair, replacement) to
 * the next failure, or to the end of the observed history when it has not failed (yet).
 *
 * @param twin        the twin the component belongs to
 * @param frame       the raw (not normalised) channels of this life
 * @param failureTime epoch milliseconds of the failure that ended the life, if it ended in one
 * @param observedTo  epoch milliseconds up to which the life was observed (the failure, or the
 *                    end of the history read)
 */
public record Life(TwinId twin, Frame frame, OptionalLong failureTime, long observedTo) {
    public Life {
        Objects.requireNonNull(twin, "twin");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(failureTime, "failureTime");
    }

    public boolean failed() {
        return failureTime.isPresent();
    }
}
