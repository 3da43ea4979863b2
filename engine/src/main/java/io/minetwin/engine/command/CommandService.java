package io.minetwin.engine.command;

import io.minetwin.connectors.opcua.WriteOutcome;
import io.minetwin.engine.api.AuditLog;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ChannelState;
import io.minetwin.model.Limits;
import io.minetwin.model.Quality;
import io.minetwin.model.Reading;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import io.minetwin.model.TwinRepository;
import io.minetwin.model.Value;
import io.minetwin.model.Writable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guarded write-back of set points. {@link #request} validates a command in this order and refuses it with the
 * exact reason at the first rule it breaks: the twin exists; the channel is declared {@code writable}; the value is a
 * finite number inside the declared range and on its step; the interlock (the twin's live {@code machine.state} is
 * Good and one of {@code requires-state}); the channel's live reading is Good; the connection to the equipment is up.
 * A channel marked {@code confirm: two-person} then waits for {@link #confirm} by a second, different user (the live
 * checks run again then); otherwise, and once confirmed, the value is written and verified by reading it back within
 * the deadline.
 *
 * <p>Every step is an audit entry ({@code command request}, {@code command confirm}, {@code command write}, {@code
 * command verify}) with who, the command id, the twin and channel, old and new value, and the outcome. Commands are
 * kept in memory (the latest {@link Settings#keep()}); the audit log is their durable record.
 *
 * <p>Thread-safe: state changes are made under the service's lock; the write itself (which blocks for up to the
 * verify deadline) runs outside it, on the caller's thread, once the command has moved to {@code writing}, so a
 * command is written at most once.
 */
public final class CommandService {

    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);

    /**
     * @param verifyDeadline how long a write may take to read back equal
     * @param confirmWindow  how long a two-person command waits for its confirmation before it expires
     * @param keep           how many commands are kept for {@code GET /api/commands}
     */
    public record Settings(Duration verifyDeadline, Duration confirmWindow, int keep) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(10), Duration.ofMinutes(5), 1000);

        public Settings {
            if (verifyDeadline.isNegative() || verifyDeadline.isZero() || confirmWindow.isNegative()
                    || confirmWindow.isZero() || keep < 1) {
                throw new IllegalArgumentException("command settings must be positive");
            }
        }
    }

    /** Who acts: the token's name and role, and the client's address. */
    public record Actor(String name, String role, String from) {
        public Actor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(from, "from");
        }
    }

    private final TwinRepository twins;
    private final CommandWriter writer;
    private final Optional<AuditLog> audit;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Deque<String> order = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    public CommandService(TwinRepository twins, CommandWriter writer, Optional<AuditLog> audit, Clock clock,
                          Settings settings) {
        this.twins = Objects.requireNonNull(twins, "twins");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Requests a command setting {@code channel} ({@code component.channel}) of {@code twinId} to {@code value}.
     *
     * @return the command: verified, failed or not verified after its write, or awaiting confirmation
     * @throws CommandException when it is refused before anything is written
     */
    public Command request(Actor actor, TwinId twinId, String channel, double value) {
        Twin twin = twins.twin(twinId).orElseThrow(() -> new CommandException(CommandException.Kind.NOT_FOUND,
                "twin", "no twin " + twinId + "; GET /api/twins lists them", null));
        AssetType type = twin.type();
        int dot = channel == null ? -1 : channel.indexOf('.');
        Optional<ChannelSpec> spec = dot <= 0 ? Optional.empty()
                : type.channel(channel.substring(0, dot), channel.substring(dot + 1));
        String writableList = type.writableChannels().isEmpty() ? "none"
                : String.join(", ", type.writableChannels());
        if (spec.isEmpty()) {
            throw refusedRequest(actor, twinId, channel, value, CommandException.Kind.INVALID, "channel",
                    "not writable: asset type " + type.name() + " has no channel '" + channel + "'; its writable"
                            + " channels: " + writableList);
        }
        if (spec.get().writable().isEmpty()) {
            throw refusedRequest(actor, twinId, channel, value, CommandException.Kind.INVALID, "channel",
                    "not writable: " + channel + " of asset type " + type.name() + " is not declared writable;"
                            + " writable channels: " + writableList);
        }
        Writable w = spec.get().writable().get();
        String unit = spec.get().unit();
        if (!Double.isFinite(value)) {
            throw refusedRequest(actor, twinId, channel, value, CommandException.Kind.INVALID, "value",
                    "out of range: the value must be a finite number from " + Limits.format(w.min()) + " to "
                            + Limits.format(w.max()) + unitSuffix(unit));
        }
        if (!w.range().contains(value)) {
            throw refusedRequest(actor, twinId, channel, value, CommandException.Kind.INVALID, "value",
                    "out of range: " + Limits.format(value) + unitSuffix(unit) + " is outside " + Limits.format(w.min())
                            + " to " + Limits.format(w.max()) + unitSuffix(unit) + " declared writable for " + channel);
        }
        if (!w.onStep(value)) {
            throw refusedRequest(actor, twinId, channel, value, CommandException.Kind.INVALID, "value",
                    "out of range: " + Limits.format(value) + " is not on the step of " + Limits.format(w.step())
                            + unitSuffix(unit) + " from " + Limits.format(w.min()) + "; the nearest allowed value is "
                            + Limits.format(w.nearest(value)));
        }
        SeriesKey series = new SeriesKey(twinId, channel.substring(0, dot), channel.substring(dot + 1));
        Instant now = clock.instant();
        OptionalDouble old = twin.channel(series).map(ChannelState::latest).map(Reading::value)
                .filter(v -> v instanceof Value.Num).map(v -> OptionalDouble.of(((Value.Num) v).value()))
                .orElse(OptionalDouble.empty());
        Command cmd = new Command(nextId(now), series, value, unit, old, actor.name(), actor.role(), now,
                Optional.empty(), Command.State.WRITING, "", "", OptionalDouble.empty(), now,
                w.confirm() == Writable.Confirm.TWO_PERSON);
        Optional<String> live = liveCheck(twin, series, w);
        if (live.isPresent()) {
            Command refused = store(cmd.with(Command.State.REFUSED, live.get(), "", OptionalDouble.empty(),
                    Optional.empty(), now));
            audit(actor, "command request", refused, "refused: " + live.get());
            throw new CommandException(CommandException.Kind.CONFLICT, null, live.get(), refused);
        }
        if (cmd.twoPerson()) {
            Command waiting = store(cmd.with(Command.State.AWAITING_CONFIRMATION, "awaiting confirmation by a second,"
                    + " different user within " + format(settings.confirmWindow()) + " (POST /api/commands/"
                    + cmd.id() + "/confirm)", "", OptionalDouble.empty(), Optional.empty(), now));
            audit(actor, "command request", waiting, "accepted; awaiting confirmation by a second user");
            return waiting;
        }
        store(cmd);
        audit(actor, "command request", cmd, "accepted");
        return execute(actor, cmd);
    }

    /**
     * Confirms a two-person command and writes it.
     *
     * @throws CommandException when there is no such command, it does not await confirmation (any more), the
     *                          confirming user is the requesting one, or the live checks now refuse it
     */
    public Command confirm(Actor actor, String id) {
        Command cmd;
        synchronized (this) {
            cmd = commands.get(id);
            if (cmd == null) {
                throw new CommandException(CommandException.Kind.NOT_FOUND, "id", "no command " + id
                        + "; GET /api/commands lists them", null);
            }
            cmd = expireIfDue(cmd);
            if (cmd.state() != Command.State.AWAITING_CONFIRMATION) {
                String why = "not confirmed: command " + id + " is " + cmd.state().id()
                        + (cmd.state() == Command.State.EXPIRED ? " (" + cmd.reason() + "); request it again" : "")
                        + "; only a command awaiting confirmation can be confirmed";
                audit(actor, "command confirm", cmd, "refused: " + why);
                throw new CommandException(CommandException.Kind.CONFLICT, null, why, cmd);
            }
            if (cmd.requestedBy().equals(actor.name())) {
                String why = "not confirmed: " + actor.name() + " requested command " + id + " and cannot also"
                        + " confirm it; a second, different user must confirm it";
                audit(actor, "command confirm", cmd, "refused: " + why);
                throw new CommandException(CommandException.Kind.CONFLICT, null, why, cmd);
            }
            Instant now = clock.instant();
            SeriesKey series = cmd.series();
            Optional<String> live = twins.twin(series.twin()).flatMap(t -> liveCheck(t, series,
                    t.type().channel(series.component(), series.channel()).flatMap(ChannelSpec::writable)
                            .orElseThrow()));
            if (live.isPresent()) {
                Command refused = store(cmd.with(Command.State.REFUSED, live.get(), "", OptionalDouble.empty(),
                        Optional.of(actor.name()), now));
                audit(actor, "command confirm", refused, "refused: " + live.get());
                throw new CommandException(CommandException.Kind.CONFLICT, null, live.get(), refused);
            }
            cmd = store(cmd.with(Command.State.WRITING, "", "", OptionalDouble.empty(), Optional.of(actor.name()),
                    now));
        }
        audit(actor, "command confirm", cmd, "confirmed");
        return execute(actor, cmd);
    }

    /** The kept commands, newest first, those matching {@code filter}. */
    public synchronized List<Command> list(Predicate<Command> filter) {
        var out = new ArrayList<Command>();
        var ids = new ArrayList<>(order);
        for (int i = ids.size() - 1; i >= 0; i--) {
            Command c = expireIfDue(commands.get(ids.get(i)));
            if (filter.test(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** One command, if kept. */
    public synchronized Optional<Command> get(String id) {
        Command c = commands.get(id);
        return c == null ? Optional.empty() : Optional.of(expireIfDue(c));
    }

    // ---------------------------------------------------------------- steps

    private Command execute(Actor actor, Command cmd) {
        WriteOutcome o;
        try {
            o = writer.write(cmd.series(), cmd.value(), settings.verifyDeadline());
        } catch (RuntimeException e) {
            LOG.error("writing command {} failed", cmd.id(), e);
            o = new WriteOutcome(WriteOutcome.Result.FAILED, "", "the write failed in the engine ("
                    + e.getClass().getSimpleName() + "); see its log", null);
        }
        Instant now = clock.instant();
        Command done = switch (o.result()) {
            case VERIFIED -> cmd.with(Command.State.VERIFIED, o.reason(), o.status(), o.readBack(), cmd.confirmedBy(),
                    now);
            case NOT_VERIFIED -> cmd.with(Command.State.NOT_VERIFIED, o.reason(), o.status(), o.readBack(),
                    cmd.confirmedBy(), now);
            default -> cmd.with(Command.State.FAILED, o.reason(), o.status(), o.readBack(), cmd.confirmedBy(), now);
        };
        synchronized (this) {
            store(done);
        }
        boolean accepted = o.result() == WriteOutcome.Result.VERIFIED || o.result() == WriteOutcome.Result.NOT_VERIFIED;
        audit(actor, "command write", done, accepted ? "written (" + o.status() + ")" : "failed: " + o.reason());
        if (accepted) {
            audit(actor, "command verify", done, o.result() == WriteOutcome.Result.VERIFIED
                    ? "verified: read back " + Limits.format(o.readBack().orElse(Double.NaN)) : o.reason());
        }
        LOG.info("command {} by {}: {} {} -> {}: {} {}", done.id(), actor.name(), done.series(),
                done.oldValue().isPresent() ? Limits.format(done.oldValue().getAsDouble()) : "?",
                Limits.format(done.value()), done.state().id(), done.reason());
        return done;
    }

    /** The interlock, the channel's quality and the connection; empty when all allow a write now. */
    private Optional<String> liveCheck(Twin twin, SeriesKey series, Writable w) {
        String channel = series.component() + "." + series.channel();
        if (!w.requiresState().isEmpty()) {
            Optional<Reading> state = twin.channel(AssetType.STATE_COMPONENT, AssetType.STATE_CHANNEL)
                    .map(ChannelState::latest);
            String needed = "; " + channel + " may be written only while machine.state is " + String.join(" or ",
                    w.requiresState());
            if (state.isEmpty()) {
                return Optional.of("interlock: machine.state of " + twin.id() + " has no reading yet" + needed);
            }
            if (!(state.get().quality() instanceof Quality.Good)) {
                return Optional.of("interlock: machine.state of " + twin.id() + " is of " + describe(state.get()
                        .quality()) + needed);
            }
            String now = state.get().value() instanceof Value.Text t ? t.value() : state.get().value().describe();
            if (!w.allowsState(now)) {
                return Optional.of("interlock: machine " + now + needed);
            }
        }
        Optional<Reading> reading = twin.channel(series).map(ChannelState::latest);
        if (reading.isEmpty()) {
            return Optional.of("quality: " + channel + " of " + twin.id() + " has no reading yet; the equipment must"
                    + " report it before it can be written");
        }
        if (!(reading.get().quality() instanceof Quality.Good)) {
            return Optional.of("quality: " + channel + " of " + twin.id() + " is of " + describe(reading.get()
                    .quality()) + "; a write needs a Good reading to start from and to verify against");
        }
        return writer.unavailable(series);
    }

    private static String describe(Quality q) {
        if (q instanceof Quality.Bad b) {
            return "bad quality (" + b.reason() + ")";
        }
        if (q instanceof Quality.Uncertain u) {
            return "uncertain quality (" + u.reason() + ")";
        }
        return "good quality";
    }

    private CommandException refusedRequest(Actor actor, TwinId twin, String channel, double value,
                                            CommandException.Kind kind, String field, String why) {
        Instant now = clock.instant();
        String ch = channel == null || channel.indexOf('.') <= 0 ? "machine.unknown" : channel;
        SeriesKey series;
        try {
            series = new SeriesKey(twin, ch.substring(0, ch.indexOf('.')), ch.substring(ch.indexOf('.') + 1));
        } catch (IllegalArgumentException notAnIdentifier) {
            series = new SeriesKey(twin, "machine", "unknown");
        }
        Command refused = new Command(nextId(now), series, value, "", OptionalDouble.empty(), actor.name(),
                actor.role(), now, Optional.empty(), Command.State.REFUSED, why, "", OptionalDouble.empty(), now,
                false);
        synchronized (this) {
            store(refused);
        }
        audit(actor, "command request", refused, "refused: " + why);
        return new CommandException(kind, field, why, refused);
    }

    private Command expireIfDue(Command c) {
        if (c.state() == Command.State.AWAITING_CONFIRMATION
                && clock.instant().isAfter(c.requestedAt().plus(settings.confirmWindow()))) {
            Command expired = c.with(Command.State.EXPIRED, "not confirmed: no second user confirmed it within "
                    + format(settings.confirmWindow()) + "; nothing was written", "", OptionalDouble.empty(),
                    Optional.empty(), clock.instant());
            store(expired);
            audit(new Actor("minetwin", "engine", "engine"), "command expire", expired, expired.reason());
            return expired;
        }
        return c;
    }

    private synchronized Command store(Command c) {
        if (commands.put(c.id(), c) == null) {
            order.addLast(c.id());
            while (order.size() > settings.keep()) {
                commands.remove(order.removeFirst());
            }
        }
        return c;
    }

    private String nextId(Instant now) {
        return "cmd-" + now.toEpochMilli() + "-" + sequence.incrementAndGet();
    }

    private void audit(Actor actor, String action, Command c, String outcome) {
        if (audit.isEmpty()) {
            return;
        }
        String target = c.id() + " " + c.series().twin() + " " + c.series().component() + "." + c.series().channel()
                + " " + (c.oldValue().isPresent() ? Limits.format(c.oldValue().getAsDouble()) : "?") + " -> "
                + Limits.format(c.value()) + unitSuffix(c.unit());
        try {
            audit.get().append(new AuditLog.Entry(clock.instant(), actor.name(), actor.role(), action, target,
                    actor.from(), outcome));
        } catch (RuntimeException e) {
            LOG.error("could not record {} of {} by {} in the audit log: {}", action, c.id(), actor.name(),
                    e.getMessage());
        }
    }

    private static String unitSuffix(String unit) {
        return unit == null || unit.isEmpty() ? "" : " " + unit;
    }

    private static String format(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
