package io.minetwin.simulator;

import io.minetwin.model.TwinId;
import java.util.Objects;

/** What the simulator reports besides samples: maintenance records, failures and sensor faults. */
public final class Records {

    private Records() {
    }

    /** Maintenance actions as a maintenance system exports them. */
    public enum Action {
        FAILURE_REPAIR("failure-repair"), REPLACEMENT("replacement"), PREVENTIVE("preventive"), INSPECTION("inspection");

        private final String id;

        Action(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Why a component failed. */
    public enum Cause {
        /** Damage crossed its threshold; a precursor channel trended before. */
        WEAR_OUT,
        /** A random fault without precursor. */
        RANDOM
    }

    /** A row of {@code maintenance.csv}: {@code time,twin,component,action,mode,notes}. */
    public record Maintenance(long time, TwinId twin, String component, Action action, String mode, String notes) {
        public Maintenance {
            Objects.requireNonNull(twin, "twin");
            Objects.requireNonNull(component, "component");
            Objects.requireNonNull(action, "action");
            mode = mode == null ? "" : mode;
            notes = notes == null ? "" : notes;
        }
    }

    /**
     * A row of {@code ground-truth.csv}: a failure, what caused it and which channel showed it coming.
     *
     * @param precursor {@code component.channel} that trended before a wear-out failure; empty for random
     * @param wearStart when the component (or its last replacement) entered service in simulated time,
     *                  or the simulation start
     */
    public record Failure(long time, TwinId twin, String component, String mode, Cause cause, String precursor,
                          double downtimeHours, long wearStart) {
        public Failure {
            Objects.requireNonNull(twin, "twin");
            Objects.requireNonNull(cause, "cause");
            precursor = precursor == null ? "" : precursor;
        }

        public boolean predictable() {
            return cause == Cause.WEAR_OUT;
        }
    }

    /** A sensor fault: the reading misbehaves, the machine does not. */
    public enum SensorFaultKind {
        STUCK("stuck"), SPIKES("spikes"), DROPOUT("dropout"), DRIFT("drift");

        private final String id;

        SensorFaultKind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** A sensor fault over {@code [start, end)}. */
    public record SensorFault(long start, long end, TwinId twin, String component, String channel,
                              SensorFaultKind kind) {
        public SensorFault {
            Objects.requireNonNull(twin, "twin");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Receives records as the simulation makes them, in time order per twin. */
    public interface Listener {
        default void maintenance(Maintenance m) {
        }

        default void failure(Failure f) {
        }

        default void sensorFault(SensorFault s) {
        }
    }
}
