package io.minetwin.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one {@link Sample} applied to a {@link TwinRepository}.
 *
 * <p>Which outcomes change live state and which leave a history point:
 * <table>
 *   <caption>effects per outcome</caption>
 *   <tr><th>outcome</th><th>live state</th><th>history point</th></tr>
 *   <tr><td>{@link Applied}</td><td>latest (and last good if good)</td><td>yes, with the sample's quality</td></tr>
 *   <tr><td>{@link NotFinite}, {@link OutOfPhysicalRange}, {@link NotAllowedState}</td>
 *       <td>latest, as bad with the reason; last good kept</td><td>yes, bad</td></tr>
 *   <tr><td>{@link OutOfOrder}</td><td>no</td>
 *       <td>yes if strictly older than the latest (late data is still history), as bad when its value
 *       breaks a rule; no if at the same source time (a repeat)</td></tr>
 *   <tr><td>{@link UnknownTwin}, {@link UnknownChannel}, {@link WrongType}, {@link FarFuture},
 *       {@link TooOld}</td>
 *       <td>no</td><td>no: the series, the encoding or the time cannot be trusted</td></tr>
 * </table>
 * A sample that arrives with bad quality is applied as it is (its value may be NaN); value rules only
 * apply to samples that claim good or uncertain quality.
 */
public sealed interface ApplyResult {

    Sample sample();

    OutcomeKind kind();

    /** The point to append to history, if this outcome leaves one. */
    default Optional<Point> historyPoint() {
        return Optional.empty();
    }

    /** How live state changed, if it did. */
    default Optional<ChannelUpdate> update() {
        return Optional.empty();
    }

    /** One line for logs and status, naming the series and what happened. */
    String describe();

    /** The sample was valid and is now the channel's latest reading. */
    record Applied(Sample sample, ChannelUpdate change, Point point) implements ApplyResult {
        public Applied {
            Objects.requireNonNull(sample, "sample");
            Objects.requireNonNull(change, "change");
            Objects.requireNonNull(point, "point");
        }

        @Override
        public OutcomeKind kind() {
            return OutcomeKind.APPLIED;
        }

        @Override
        public Optional<Point> historyPoint() {
            return Optional.of(point);
        }

        @Override
        public Optional<ChannelUpdate> update() {
            return Optional.of(change);
        }

        @Override
        public String describe() {
            return sample.series() + ": applied " + sample.value().describe() + " at " + sample.sourceTime();
        }
    }

    /** No twin with the sample's id is registered. */
    record UnknownTwin(Sample sample) implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.UNKNOWN_TWIN;
        }

        @Override
        public String describe() {
            return sample.series() + ": no twin " + sample.series().twin()
                    + " is registered; add it to the fleet or fix the source mapping";
        }
    }

    /**
     * The twin's type has no such component, or the component no such channel.
     *
     * @param unknownComponent whether the component (rather than only the channel) is unknown
     * @param known            the type's components if the component is unknown, else the component's channels
     */
    record UnknownChannel(Sample sample, boolean unknownComponent, List<String> known) implements ApplyResult {
        public UnknownChannel {
            known = List.copyOf(known);
        }

        @Override
        public OutcomeKind kind() {
            return OutcomeKind.UNKNOWN_CHANNEL;
        }

        @Override
        public String describe() {
            var s = sample.series();
            return unknownComponent
                    ? s + ": twin " + s.twin() + " has no component '" + s.component() + "'; known components: "
                    + String.join(", ", known)
                    : s + ": component '" + s.component() + "' has no channel '" + s.channel() + "'; known channels: "
                    + String.join(", ", known);
        }
    }

    /** The value's type does not match the channel's, e.g. a boolean for a number channel. */
    record WrongType(Sample sample, ValueType expected, String got) implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.WRONG_TYPE;
        }

        @Override
        public String describe() {
            return sample.series() + ": expected a " + expected.id() + " value but got " + got
                    + "; fix the source mapping or the channel's type";
        }
    }

    /** A number sample claiming good or uncertain quality was NaN or infinite; kept as bad. */
    record NotFinite(Sample sample, ChannelUpdate change, Point point) implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.NOT_FINITE;
        }

        @Override
        public Optional<Point> historyPoint() {
            return Optional.of(point);
        }

        @Override
        public Optional<ChannelUpdate> update() {
            return Optional.of(change);
        }

        @Override
        public String describe() {
            return sample.series() + ": " + sample.value().describe() + " at " + sample.sourceTime()
                    + " is not a finite number; kept as bad";
        }
    }

    /** The value lies outside the channel's physical range, so it cannot be a real reading; kept as bad. */
    record OutOfPhysicalRange(Sample sample, Range physical, ChannelUpdate change, Point point)
            implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.OUT_OF_PHYSICAL_RANGE;
        }

        @Override
        public Optional<Point> historyPoint() {
            return Optional.of(point);
        }

        @Override
        public Optional<ChannelUpdate> update() {
            return Optional.of(change);
        }

        @Override
        public String describe() {
            return sample.series() + ": " + sample.value().describe() + " at " + sample.sourceTime()
                    + " is outside the physical range " + physical + "; kept as bad";
        }
    }

    /** A state channel received a state it does not list; kept as bad. */
    record NotAllowedState(Sample sample, List<String> allowed, ChannelUpdate change, Point point)
            implements ApplyResult {
        public NotAllowedState {
            allowed = List.copyOf(allowed);
        }

        @Override
        public OutcomeKind kind() {
            return OutcomeKind.NOT_ALLOWED_STATE;
        }

        @Override
        public Optional<Point> historyPoint() {
            return Optional.of(point);
        }

        @Override
        public Optional<ChannelUpdate> update() {
            return Optional.of(change);
        }

        @Override
        public String describe() {
            return sample.series() + ": " + sample.value().describe() + " is not one of " + String.join(", ", allowed)
                    + "; kept as bad";
        }
    }

    /**
     * The sample is not newer than the channel's latest reading, so live state keeps the latest.
     *
     * @param latestSourceTime the source time of the channel's latest reading
     * @param point            the history point for a strictly older sample; empty for a repeat
     */
    record OutOfOrder(Sample sample, Instant latestSourceTime, Optional<Point> point) implements ApplyResult {
        public OutOfOrder {
            Objects.requireNonNull(point, "point");
        }

        @Override
        public OutcomeKind kind() {
            return OutcomeKind.OUT_OF_ORDER;
        }

        @Override
        public Optional<Point> historyPoint() {
            return point;
        }

        @Override
        public String describe() {
            return sample.series() + ": source time " + sample.sourceTime()
                    + (sample.sourceTime().equals(latestSourceTime) ? " repeats" : " is older than")
                    + " the latest reading's " + latestSourceTime + "; live state unchanged"
                    + (point.isPresent() ? ", kept in history" : "");
        }
    }

    /** The source time lies further ahead of the engine's clock than the tolerance: the source clock is wrong. */
    record FarFuture(Sample sample, Instant now, Duration tolerance) implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.FAR_FUTURE;
        }

        @Override
        public String describe() {
            return sample.series() + ": source time " + sample.sourceTime() + " is more than " + tolerance
                    + " ahead of the engine's clock (" + now + "); check the source's clock";
        }
    }

    /**
     * The source time lies before 1970-01-01T00:00:00Z, which history cannot store; OPC UA sources send
     * their minimum date (1601) when they have no source time.
     */
    record TooOld(Sample sample) implements ApplyResult {
        @Override
        public OutcomeKind kind() {
            return OutcomeKind.TOO_OLD;
        }

        @Override
        public String describe() {
            return sample.series() + ": source time " + sample.sourceTime()
                    + " is before 1970; the source sent no usable time, so map its server time instead";
        }
    }
}
