package io.minetwin.simulator;

/** The wear of one failure mode of one component of one twin; mutable, owned by its {@link TwinSim}. */
final class ModeState {
    final FailureMode mode;
    final int component;
    /** Channel index within the twin that shows this mode coming, or -1. */
    final int precursor;
    /** Life of this unit in the mode's units, after Weibull scatter, supplier factor and ageing. */
    double life;
    /** Consumed share of life; the component fails at 1. */
    double damage;
    long wearStart;

    ModeState(FailureMode mode, int component, int precursor) {
        this.mode = mode;
        this.component = component;
        this.precursor = precursor;
    }

    /** Damage past which the defect has started and the precursor grows fast (0 to 1 over the last stretch). */
    double late(double onset) {
        return damage <= onset ? 0 : Math.min(1.5, (damage - onset) / (1 - onset));
    }
}
