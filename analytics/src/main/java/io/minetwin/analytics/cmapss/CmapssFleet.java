package io.minetwin.analytics.cmapss;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.TwinId;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * How C-MAPSS engines become twins with history: unit 7 of FD001's training file is twin
 * {@code cmapss:fd001-train-007}, component {@code engine}, with one sample per channel and cycle at
 * {@link #ORIGIN} plus {@code cycle} steps of one hour, and a training unit's failure is a
 * {@code FAILURE} event at its last cycle (where its remaining life is 0).
 */
public final class CmapssFleet {

    public static final String NAMESPACE = "cmapss";
    public static final String COMPONENT = "engine";
    /** One cycle (flight) per step. */
    public static final Duration STEP = Duration.ofHours(1);
    /** Cycle 0 of every unit. */
    public static final Instant ORIGIN = Instant.parse("2008-01-01T00:00:00Z");

    private CmapssFleet() {
    }

    /** The twin of a unit; {@code part} is {@code train} or {@code test}. */
    public static TwinId twin(String subset, String part, int unit) {
        return new TwinId(NAMESPACE, String.format(Locale.ROOT, "%s-%s-%03d", subset.toLowerCase(Locale.ROOT), part,
                unit));
    }

    public static Instant time(int cycle) {
        return ORIGIN.plus(STEP.multipliedBy(cycle));
    }

    /** The failure that ends a training unit's run. */
    public static Event failure(String subset, CmapssData.Unit unit) {
        return new Event(time(unit.lastCycle()), twin(subset, "train", unit.id()), COMPONENT, EventKind.FAILURE,
                Map.of("mode", "run-to-failure", "source", "C-MAPSS " + subset));
    }
}
