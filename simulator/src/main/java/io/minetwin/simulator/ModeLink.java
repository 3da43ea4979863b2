package io.minetwin.simulator;

import java.util.function.Predicate;

/**
 * How a channel ties to a failure mode of its component, which decides the modes a twin has: a component
 * gets a mode when one of its channels shows it ({@link ModeWiring} applies the links).
 */
sealed interface ModeLink {

    /** Shows no failure mode. */
    ModeLink NONE = new None();

    /** Shows no failure mode. */
    record None() implements ModeLink {
    }

    /** A mode of its own (one per such channel), which the channel shows coming: a winding's insulation. */
    record Own(FailureMode mode) implements ModeLink {
    }

    /**
     * One mode per component, made before the component's other modes; its precursor is the component's
     * channel of lowest {@code rank} (bearing wear: vibration before bearing temperature).
     */
    record PerComponent(FailureMode mode, int rank) implements ModeLink {
    }

    /**
     * One mode per component whose name passes {@code component}, made at its first such channel; that
     * channel is the precursor if {@code precursor} (engine bearings: oil pressure yes, blow-by no).
     */
    record FirstOfComponent(FailureMode mode, Predicate<String> component, boolean precursor) implements ModeLink {
    }

    /**
     * One mode per component, made at its first such channel, wearing one of two banks drawn when it is
     * made; the precursor is the first channel whose name ends with the worn bank ({@code left}/{@code right}).
     */
    record Banked(FailureMode mode) implements ModeLink {
    }

    /** Shows the mode another channel of its component made, if any (capacitance shows capacitor ageing). */
    record JoinsComponent(FailureMode mode) implements ModeLink {
    }

    /** Shows the twin's first such mode, in whichever component (the heatsink shows the fan's wear). */
    record JoinsTwin(FailureMode mode) implements ModeLink {
    }
}
