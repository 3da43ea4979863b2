package io.minetwin.analytics;

import io.minetwin.model.Event;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.List;

/**
 * Where analytics reads maintenance and failure records (its labels) from; the engine implements it
 * over its event log.
 */
public interface LabelSource {

    /** Events of {@code twin} with {@code from <= time < to}, in time order. */
    List<Event> events(TwinId twin, Instant from, Instant to);
}
