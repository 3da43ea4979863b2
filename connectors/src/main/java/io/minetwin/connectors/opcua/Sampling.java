package io.minetwin.connectors.opcua;

import java.util.Objects;

/**
 * How a mapped node is monitored: the server samples it every {@code samplingIntervalMs}, keeps up to
 * {@code queueSize} values between publishes, and reports a change only beyond the deadband.
 *
 * @param samplingIntervalMs sampling interval in milliseconds; 0 asks for the fastest the server offers
 * @param queueSize          server-side queue per item; must exceed publishing / sampling interval (x2 margin)
 * @param deadband           which changes are reported
 */
public record Sampling(double samplingIntervalMs, int queueSize, Deadband deadband) {

    public static final Sampling DEFAULT = new Sampling(1000, 10, Deadband.NONE);

    public Sampling {
        Objects.requireNonNull(deadband, "deadband");
        if (!(samplingIntervalMs >= 0) || Double.isInfinite(samplingIntervalMs)) {
            throw new IllegalArgumentException("sampling interval " + samplingIntervalMs
                    + " ms must be zero or positive, e.g. 1s");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("queue size " + queueSize + " must be at least 1, e.g. 10");
        }
    }

    /**
     * A deadband: changes smaller than {@code value} (absolute, in the node's own unit) or than
     * {@code value} percent of the node's EURange are not reported.
     */
    public record Deadband(Kind kind, double value) {
        public static final Deadband NONE = new Deadband(Kind.NONE, 0);

        public enum Kind { NONE, ABSOLUTE, PERCENT }

        public Deadband {
            Objects.requireNonNull(kind, "kind");
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("deadband " + value + " must be zero or positive");
            }
            if (kind == Kind.PERCENT && value > 100) {
                throw new IllegalArgumentException("percent deadband " + value + " must lie between 0 and 100");
            }
        }
    }
}
