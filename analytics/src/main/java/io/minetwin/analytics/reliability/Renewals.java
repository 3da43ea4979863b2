package io.minetwin.analytics.reliability;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;

/**
 * Which maintenance and failure records end a component's time between renewals, following the
 * records of {@code maintenance.csv}: a {@link EventKind#FAILURE} event (a {@code failure-repair}
 * work order, opened when the component failed) ends an interval in a failure and starts the next; a
 * {@link EventKind#MAINTENANCE} {@code replacement} renews the component without a failure, so the
 * interval it ends is censored (a suspension). {@code preventive} services and {@code inspection}s
 * leave the component's age alone.
 *
 * <p>A failure is counted as a renewal although a repair may not make a component as good as new:
 * the fitted times are then times between failures, which is what planners budget with.
 */
public final class Renewals {

    /** What a record does to a component's interval. */
    public enum Effect {
        /** The component failed: the interval ends in a failure and a new one starts. */
        FAILURE,
        /** The component was replaced without failing: the interval is censored and a new one starts. */
        RENEWAL,
        /** No effect on the component's age. */
        NONE
    }

    /** The maintenance action of a failure repair. */
    public static final String FAILURE_REPAIR = "failure-repair";
    /** The maintenance action of a replacement. */
    public static final String REPLACEMENT = "replacement";

    private Renewals() {
    }

    /** What {@code event} does to the age of its component. */
    public static Effect effect(Event event) {
        if (event.kind() == EventKind.FAILURE) {
            return Effect.FAILURE;
        }
        if (event.kind() != EventKind.MAINTENANCE) {
            return Effect.NONE;
        }
        String action = event.details().getOrDefault("action", "");
        if (action.equals(FAILURE_REPAIR)) {
            return Effect.FAILURE;
        }
        return action.equals(REPLACEMENT) ? Effect.RENEWAL : Effect.NONE;
    }
}
