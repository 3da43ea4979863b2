package io.minetwin.model;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link TwinRepository} in memory.
 *
 * <p>Concurrency design: each twin is held as an immutable {@link Twin} in a concurrent map. Readers
 * ({@link #twin}, {@link #twins}) take no lock and see every twin either before or after a batch,
 * never half of it; two twins read one after the other may straddle a batch. Writers ({@link #apply},
 * {@link #register}, {@link #remove}, {@link #restore}) run one at a time under a single lock: a batch
 * is validated against working copies of the twins it touches, its history points are handed to the
 * sink, and only if the sink returns are the new twins published, one map write per twin. Holding the
 * lock across the sink (the store's history append: a RocksDB write, followed by an fsync of its log
 * only when the store is configured for acknowledged durability) serializes batches; that is the price
 * of history and live state never disagreeing about what was acknowledged, and ingest batches amortise
 * it.
 * Listeners are called under the same lock, so they see changes in the order they were made.
 *
 * <p>Source times are compared at full precision; history points keep milliseconds.
 */
public final class InMemoryTwinRepository implements TwinRepository {

    private static final System.Logger LOG = System.getLogger(InMemoryTwinRepository.class.getName());

    private final Clock clock;
    private final Duration farFutureTolerance;
    private final ConcurrentSkipListMap<TwinId, Twin> twins = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<TwinListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();

    /**
     * @param clock              gives receive times and the reference for {@code farFutureTolerance}
     * @param farFutureTolerance how far a source time may lie ahead of the clock, e.g. 5 minutes
     */
    public InMemoryTwinRepository(Clock clock, Duration farFutureTolerance) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.farFutureTolerance = Objects.requireNonNull(farFutureTolerance, "farFutureTolerance");
        if (farFutureTolerance.isNegative()) {
            throw new IllegalArgumentException("far-future tolerance " + farFutureTolerance
                    + " is negative; use zero or more, e.g. 5 minutes");
        }
    }

    @Override
    public Optional<Twin> twin(TwinId id) {
        return Optional.ofNullable(twins.get(id));
    }

    @Override
    public List<Twin> twins() {
        return List.copyOf(twins.values());
    }

    @Override
    public List<ApplyResult> apply(List<Sample> batch, HistorySink history) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(history, "history");
        writeLock.lock();
        try {
            Instant now = clock.instant();
            var work = new LinkedHashMap<TwinId, Working>();
            var results = new ArrayList<ApplyResult>(batch.size());
            var points = new ArrayList<Point>(batch.size());
            for (Sample sample : batch) {
                ApplyResult r = applyOne(Objects.requireNonNull(sample, "sample in batch"), now, work);
                results.add(r);
                r.historyPoint().ifPresent(points::add);
            }
            if (!points.isEmpty()) {
                history.write(Collections.unmodifiableList(points));
            }
            var changes = new ArrayList<TwinChange>();
            for (Working w : work.values()) {
                if (!w.updates.isEmpty()) {
                    twins.put(w.definition.id(), new Twin(w.definition, w.state, w.health));
                    changes.add(new TwinChange.Updated(w.definition.id(), w.updates));
                }
            }
            changes.forEach(this::notifyListeners);
            return Collections.unmodifiableList(results);
        } finally {
            writeLock.unlock();
        }
    }

    private ApplyResult applyOne(Sample sample, Instant now, Map<TwinId, Working> work) {
        SeriesKey key = sample.series();
        Working w = work.get(key.twin());
        if (w == null) {
            Twin current = twins.get(key.twin());
            if (current == null) {
                return new ApplyResult.UnknownTwin(sample);
            }
            w = new Working(current);
            work.put(key.twin(), w);
        }
        AssetType type = w.definition.type();
        var component = type.component(key.component());
        if (component.isEmpty()) {
            return new ApplyResult.UnknownChannel(sample, true, type.componentNames());
        }
        var found = component.get().channel(key.channel());
        if (found.isEmpty()) {
            return new ApplyResult.UnknownChannel(sample, false, component.get().channelNames());
        }
        ChannelSpec spec = found.get();
        var mismatch = spec.typeMismatch(sample.value());
        if (mismatch.isPresent()) {
            return new ApplyResult.WrongType(sample, spec.type(), mismatch.get());
        }
        if (sample.sourceTime().isAfter(now.plus(farFutureTolerance))) {
            return new ApplyResult.FarFuture(sample, now, farFutureTolerance);
        }
        if (sample.sourceTime().isBefore(Instant.EPOCH)) {
            return new ApplyResult.TooOld(sample);
        }

        Quality quality = sample.quality();
        OutcomeKind problem = OutcomeKind.APPLIED;
        if (quality.level() != QualityLevel.BAD) {
            Value v = sample.value();
            if (v instanceof Value.Num n && !Double.isFinite(n.value())) {
                problem = OutcomeKind.NOT_FINITE;
                quality = Quality.bad("not a finite number: " + n.value());
            } else if (v instanceof Value.Num n && !spec.physical().contains(n.value())) {
                problem = OutcomeKind.OUT_OF_PHYSICAL_RANGE;
                quality = Quality.bad(Limits.format(n.value()) + (spec.unit().isEmpty() ? "" : " " + spec.unit())
                        + " is outside the physical range " + spec.physical());
            } else if (v instanceof Value.Text t && !spec.states().contains(t.value())) {
                problem = OutcomeKind.NOT_ALLOWED_STATE;
                quality = Quality.bad("state '" + t.value() + "' is not one of " + String.join(", ", spec.states()));
            }
        }
        var point = new Point(key, sample.sourceTime().toEpochMilli(), spec.encode(sample.value()),
                quality.level());

        ChannelState before = w.get(key.component(), key.channel());
        if (before != null && !sample.sourceTime().isAfter(before.latest().sourceTime())) {
            Instant latest = before.latest().sourceTime();
            return new ApplyResult.OutOfOrder(sample, latest,
                    sample.sourceTime().isBefore(latest) ? Optional.of(point) : Optional.empty());
        }
        ChannelState after = ChannelState.next(before, new Reading(sample.value(), sample.sourceTime(), now, quality,
                sample.serverTime()));
        var update = new ChannelUpdate(key, Optional.ofNullable(before), after, limitState(spec, before),
                limitState(spec, after));
        w.put(key.component(), key.channel(), after);
        w.updates.add(update);
        return switch (problem) {
            case NOT_FINITE -> new ApplyResult.NotFinite(sample, update, point);
            case OUT_OF_PHYSICAL_RANGE -> new ApplyResult.OutOfPhysicalRange(sample, spec.physical(), update, point);
            case NOT_ALLOWED_STATE -> new ApplyResult.NotAllowedState(sample, spec.states(), update, point);
            default -> new ApplyResult.Applied(sample, update, point);
        };
    }

    private static LimitState limitState(ChannelSpec spec, ChannelState state) {
        if (state == null || state.latest().quality().level() == QualityLevel.BAD) {
            return LimitState.NOT_APPLICABLE;
        }
        return spec.limitState(state.latest().value());
    }

    @Override
    public boolean updateHealth(TwinId id, String component, ComponentHealth health) {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(health, "health");
        writeLock.lock();
        try {
            Twin current = twins.get(id);
            if (current == null) {
                return false;
            }
            if (current.type().component(component).isEmpty()) {
                throw new IllegalArgumentException("twin " + id + " (" + current.type().name()
                        + ") has no component '" + component + "'; components: "
                        + String.join(", ", current.type().componentNames()));
            }
            Optional<ComponentHealth> before = current.health(component);
            twins.put(id, current.withHealth(component, health));
            notifyListeners(new TwinChange.HealthUpdated(id, component, before, health));
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void register(TwinDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        writeLock.lock();
        try {
            Twin current = twins.get(definition.id());
            var kept = new HashMap<String, Map<String, ChannelState>>();
            if (current != null) {
                keepCompatible(current, definition.type(), kept, new ArrayList<>());
            }
            var health = new HashMap<String, ComponentHealth>();
            if (current != null) {
                current.health().forEach((c, h) -> {
                    if (definition.type().component(c).isPresent()) {
                        health.put(c, h);
                    }
                });
            }
            twins.put(definition.id(), new Twin(definition, kept, health));
            notifyListeners(new TwinChange.Registered(definition));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean remove(TwinId id) {
        writeLock.lock();
        try {
            if (twins.remove(id) == null) {
                return false;
            }
            notifyListeners(new TwinChange.Removed(id));
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public RestoreReport restore(Twin snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        writeLock.lock();
        try {
            Twin current = twins.get(snapshot.id());
            if (current == null) {
                return new RestoreReport(snapshot.id(), false, 0, List.of());
            }
            var kept = new HashMap<String, Map<String, ChannelState>>();
            var skipped = new ArrayList<String>();
            int restored = keepCompatible(snapshot, current.type(), kept, skipped);
            var health = new HashMap<String, ComponentHealth>();
            snapshot.health().forEach((c, h) -> {
                if (current.type().component(c).isPresent()) {
                    health.put(c, h);
                }
            });
            Twin twin = new Twin(current.definition(), kept, health);
            twins.put(twin.id(), twin);
            notifyListeners(new TwinChange.Restored(twin));
            return new RestoreReport(twin.id(), true, restored, skipped);
        } finally {
            writeLock.unlock();
        }
    }

    /** Copies the states of {@code from} that {@code type} can hold into {@code into}; returns how many. */
    private static int keepCompatible(Twin from, AssetType type, Map<String, Map<String, ChannelState>> into,
                                      List<String> skipped) {
        int n = 0;
        for (var c : from.channels().entrySet()) {
            for (var ch : c.getValue().entrySet()) {
                var oldSpec = from.type().channel(c.getKey(), ch.getKey());
                var newSpec = type.channel(c.getKey(), ch.getKey());
                boolean fits = newSpec.isPresent() && oldSpec.isPresent()
                        && newSpec.get().type() == oldSpec.get().type()
                        && statesStillAllowed(newSpec.get(), ch.getValue());
                if (fits) {
                    into.computeIfAbsent(c.getKey(), k -> new HashMap<>()).put(ch.getKey(), ch.getValue());
                    n++;
                } else {
                    skipped.add(c.getKey() + "." + ch.getKey());
                }
            }
        }
        return n;
    }

    /** A state channel's readings must still name states the (possibly changed) spec allows. */
    private static boolean statesStillAllowed(ChannelSpec spec, ChannelState state) {
        if (spec.type() != ValueType.STATE) {
            return true;
        }
        boolean latestOk = state.latest().quality().level() == QualityLevel.BAD
                || state.latest().value() instanceof Value.Text t && spec.states().contains(t.value());
        boolean goodOk = state.lastGood().map(g -> g.value() instanceof Value.Text t
                && spec.states().contains(t.value())).orElse(true);
        return latestOk && goodOk;
    }

    @Override
    public void addListener(TwinListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(TwinListener listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(TwinChange change) {
        for (TwinListener l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException e) {
                // A failing consumer (dashboard, sync) must not undo or block the change for the others.
                LOG.log(Level.WARNING, "twin listener " + l + " failed on a change of " + change.twin()
                        + "; the change stays applied", e);
            }
        }
    }

    /** The changes of one batch to one twin, not yet visible. */
    private static final class Working {
        final TwinDefinition definition;
        final Map<String, Map<String, ChannelState>> state;
        final Map<String, ComponentHealth> health;
        final List<ChannelUpdate> updates = new ArrayList<>();

        Working(Twin current) {
            this.definition = current.definition();
            this.health = current.health();
            this.state = new HashMap<>();
            current.channels().forEach((c, m) -> state.put(c, new HashMap<>(m)));
        }

        ChannelState get(String component, String channel) {
            var m = state.get(component);
            return m == null ? null : m.get(channel);
        }

        void put(String component, String channel, ChannelState s) {
            state.computeIfAbsent(component, k -> new HashMap<>()).put(channel, s);
        }
    }
}
