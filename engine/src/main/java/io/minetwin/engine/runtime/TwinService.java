package io.minetwin.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minetwin.model.ApplyResult;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.Value;
import io.minetwin.model.DittoThing;
import io.minetwin.model.Fleet;
import io.minetwin.model.History;
import io.minetwin.model.OutcomeKind;
import io.minetwin.model.Point;
import io.minetwin.model.RestoreReport;
import io.minetwin.model.Sample;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinChange;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.TwinRepository;
import io.minetwin.store.StoreException;
import io.minetwin.store.TwinSnapshots;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's apply path: validates batches of samples against the twins, makes their history
 * durable, updates live state, counts outcomes, and keeps twin snapshots so twins survive a restart.
 *
 * <p>{@link #apply} appends a batch's history points with one {@link History#append} call before any
 * change becomes visible; if the append fails, the batch is not applied and the caller can retry it
 * whole. Snapshots (the Ditto JSON of {@link DittoThing}) are written for twins that changed since the
 * last snapshot, by the first {@code apply} after each {@code snapshotInterval}, by
 * {@link #snapshotNow()}, and on {@link #close()}. The service starts no threads; a failed snapshot is
 * logged and retried next time, never failing an apply whose history is already durable.
 *
 * <p>Thread-safe: applies are serialized by the repository; counters are lock-free; one snapshot
 * runs at a time. The service does not own the history, snapshots or repository and closes none of them.
 */
public final class TwinService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TwinService.class);

    private final TwinRepository repository;
    private final History history;
    private final TwinSnapshots snapshots;
    private final Clock clock;
    private final Duration snapshotInterval;
    private final ObjectMapper json = new ObjectMapper();

    private final Map<OutcomeKind, LongAdder> outcomes = new EnumMap<>(OutcomeKind.class);
    private final LongAdder batches = new LongAdder();
    private final LongAdder points = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder snapshotsWritten = new LongAdder();
    private final LongAdder snapshotFailures = new LongAdder();
    private final LongAdder historyOnly = new LongAdder();
    /** How far ahead history-only samples may lie; the repository's tolerance when wired by {@link #start}. */
    private volatile Duration farFutureTolerance = io.minetwin.engine.config.EngineConfig.DEFAULT_FAR_FUTURE_TOLERANCE;

    /** Twins changed since their last snapshot: value true to write, false to delete. */
    private final Map<TwinId, Boolean> dirty = new ConcurrentHashMap<>();
    private final ReentrantLock snapshotLock = new ReentrantLock();
    private final AtomicLong nextSnapshotMillis;
    private volatile Instant lastSnapshot;
    private volatile boolean closed;
    private final io.minetwin.model.TwinListener listener = this::onChange;

    /**
     * @param repository       the live twins
     * @param history          where history points go; durable once {@code append} returns
     * @param snapshots        where twin snapshots go
     * @param clock            decides when snapshots are due
     * @param snapshotInterval how often changed twins are snapshotted, e.g. 1 minute
     */
    public TwinService(TwinRepository repository, History history, TwinSnapshots snapshots, Clock clock,
                       Duration snapshotInterval) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.history = Objects.requireNonNull(history, "history");
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshotInterval = Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
            throw new IllegalArgumentException("snapshot interval " + snapshotInterval + " must be positive, e.g. 1m");
        }
        for (OutcomeKind k : OutcomeKind.values()) {
            outcomes.put(k, new LongAdder());
        }
        this.nextSnapshotMillis = new AtomicLong(clock.millis() + snapshotInterval.toMillis());
        repository.addListener(listener);
    }

    /**
     * Wires a service for {@code config}: an in-memory repository with the configured far-future
     * tolerance, the store's history and snapshots, the fleet registered and recovered from snapshots.
     * The caller keeps owning {@code store}: close the service first, then the store.
     */
    public static TwinService start(io.minetwin.engine.config.EngineConfig config, Fleet fleet, io.minetwin.store.Store store,
                                    Clock clock) {
        var repository = new io.minetwin.model.InMemoryTwinRepository(clock, config.farFutureTolerance());
        var service = new TwinService(repository, store.history(), store.snapshots(), clock, config.snapshotInterval());
        service.farFutureTolerance = config.farFutureTolerance();
        service.register(fleet);
        RecoveryReport report = service.recover();
        LOG.info("{} twins registered, {} restored from snapshots with {} channel states", fleet.twins().size(),
                report.twins(), report.channels());
        return service;
    }

    private void onChange(TwinChange change) {
        dirty.put(change.twin(), !(change instanceof TwinChange.Removed));
    }

    /** The live twins, for reading and for other consumers' listeners. */
    public TwinRepository repository() {
        return repository;
    }

    /** Registers every twin of {@code fleet} (replacing the definitions of twins already registered). */
    public void register(Fleet fleet) {
        for (TwinDefinition d : fleet.twins().values()) {
            repository.register(d);
        }
    }

    /**
     * Restores the state of registered twins from their stored snapshots; call it after
     * {@link #register(Fleet)} and before the first {@link #apply}. A snapshot that cannot be read, or
     * belongs to a twin no longer registered, is reported and left in the store.
     */
    public RecoveryReport recover() {
        Map<String, AssetType> types = new HashMap<>();
        for (Twin t : repository.twins()) {
            types.putIfAbsent(t.type().name(), t.type());
        }
        int restoredTwins = 0;
        int restoredChannels = 0;
        var notes = new ArrayList<String>();
        for (Map.Entry<TwinId, byte[]> e : snapshots.loadAll().entrySet()) {
            TwinId id = e.getKey();
            if (repository.twin(id).isEmpty()) {
                notes.add(id + ": snapshot of a twin that is not in the fleet; left in the store");
                continue;
            }
            try {
                Map<String, Object> thing = json.readValue(e.getValue(), new TypeReference<LinkedHashMap<String, Object>>() { });
                DittoThing.Read read = DittoThing.fromMap(thing, name -> Optional.ofNullable(types.get(name)));
                if (!read.twin().id().equals(id)) {
                    notes.add(id + ": snapshot holds twin " + read.twin().id() + "; ignored");
                    continue;
                }
                RestoreReport r = repository.restore(read.twin());
                restoredTwins++;
                restoredChannels += r.restored();
                read.skipped().forEach(s -> notes.add(id + ": skipped " + s));
                r.skipped().forEach(s -> notes.add(id + ": skipped " + s + " (no longer in its type)"));
            } catch (IOException | IllegalArgumentException ex) {
                notes.add(id + ": snapshot cannot be read (" + ex.getMessage() + "); the twin starts empty");
            }
        }
        // What was just restored is what is stored; nothing to write back.
        dirty.clear();
        notes.forEach(n -> LOG.warn("recovery: {}", n));
        return new RecoveryReport(restoredTwins, restoredChannels, notes);
    }

    /**
     * Applies {@code batch}: validates every sample, appends the resulting history points durably,
     * then updates the twins. Bad samples never throw; they get their outcome.
     *
     * @return one outcome per sample, in order
     * @throws StoreException if history could not be made durable; then nothing of the batch was applied
     */
    public List<ApplyResult> apply(List<Sample> batch) {
        if (closed) {
            throw new IllegalStateException("twin service is closed; open a new one to apply samples");
        }
        List<ApplyResult> results;
        try {
            results = repository.apply(batch, this::appendHistory);
        } catch (RuntimeException e) {
            failedBatches.increment();
            throw e;
        }
        batches.increment();
        for (ApplyResult r : results) {
            outcomes.get(r.kind()).increment();
        }
        if (clock.millis() >= nextSnapshotMillis.get()) {
            snapshotIfDue();
        }
        return results;
    }

    /**
     * Stores {@code batch} in history only, never changing a twin: samples a source sent late from its
     * store-and-forward buffer (Sparkplug B's historical metrics). Each is checked like a live sample (twin,
     * channel, type, finite number, physical range, a time from the epoch to the far-future tolerance ahead);
     * one that fails is counted under its outcome and not stored, or stored with bad quality as live samples are.
     *
     * @return how many points were stored
     * @throws StoreException if history could not be made durable; then none of the batch was stored
     */
    public int applyHistory(List<Sample> batch) {
        if (closed) {
            throw new IllegalStateException("twin service is closed; open a new one to store samples");
        }
        Instant latest = clock.instant().plus(farFutureTolerance);
        var out = new ArrayList<Point>(batch.size());
        var rejected = new EnumMap<OutcomeKind, Long>(OutcomeKind.class);
        for (Sample sample : batch) {
            OutcomeKind kind = historyPoint(sample, latest, out);
            if (kind != OutcomeKind.APPLIED) {
                rejected.merge(kind, 1L, Long::sum);
            }
        }
        try {
            if (!out.isEmpty()) {
                appendHistory(out);
            }
        } catch (RuntimeException e) {
            failedBatches.increment();
            throw e;
        }
        rejected.forEach((k, n) -> outcomes.get(k).add(n));
        historyOnly.add(out.size());
        return out.size();
    }

    /** Adds the history point of {@code sample} to {@code out}, or returns why it has none. */
    private OutcomeKind historyPoint(Sample sample, Instant latest, List<Point> out) {
        SeriesKey key = sample.series();
        Optional<Twin> twin = repository.twin(key.twin());
        if (twin.isEmpty()) {
            return OutcomeKind.UNKNOWN_TWIN;
        }
        Optional<ChannelSpec> found = twin.get().type().channel(key.component(), key.channel());
        if (found.isEmpty()) {
            return OutcomeKind.UNKNOWN_CHANNEL;
        }
        ChannelSpec spec = found.get();
        if (spec.typeMismatch(sample.value()).isPresent()) {
            return OutcomeKind.WRONG_TYPE;
        }
        if (sample.sourceTime().isAfter(latest)) {
            return OutcomeKind.FAR_FUTURE;
        }
        if (sample.sourceTime().isBefore(Instant.EPOCH)) {
            return OutcomeKind.TOO_OLD;
        }
        QualityLevel level = sample.quality().level();
        if (level != QualityLevel.BAD && sample.value() instanceof Value.Num n
                && (!Double.isFinite(n.value()) || !spec.physical().contains(n.value()))) {
            level = QualityLevel.BAD;
        }
        out.add(new Point(key, sample.sourceTime().toEpochMilli(), spec.encode(sample.value()), level));
        return OutcomeKind.APPLIED;
    }

    private void appendHistory(List<Point> batch) {
        history.append(batch);
        points.add(batch.size());
    }

    private void snapshotIfDue() {
        if (!snapshotLock.tryLock()) {
            return; // another thread is writing snapshots right now
        }
        try {
            if (clock.millis() < nextSnapshotMillis.get()) {
                return;
            }
            writeSnapshots();
        } catch (RuntimeException e) {
            LOG.warn("twin snapshots could not be written; retrying in {}", snapshotInterval, e);
        } finally {
            snapshotLock.unlock();
        }
    }

    /**
     * Writes the snapshots of every twin changed since the last snapshot, now.
     *
     * @return how many snapshots were written or deleted
     * @throws StoreException if the store refused them; they stay due
     */
    public int snapshotNow() {
        snapshotLock.lock();
        try {
            return writeSnapshots();
        } finally {
            snapshotLock.unlock();
        }
    }

    private int writeSnapshots() {
        nextSnapshotMillis.set(clock.millis() + snapshotInterval.toMillis());
        Set<TwinId> ids = Set.copyOf(dirty.keySet());
        var writes = new LinkedHashMap<TwinId, byte[]>();
        var deletes = new ArrayList<TwinId>();
        for (TwinId id : ids) {
            Boolean write = dirty.remove(id);
            Optional<Twin> twin = repository.twin(id);
            if (Boolean.TRUE.equals(write) && twin.isPresent()) {
                writes.put(id, encode(twin.get()));
            } else if (twin.isEmpty()) {
                deletes.add(id);
            }
        }
        try {
            if (!writes.isEmpty()) {
                snapshots.putAll(writes);
            }
            for (TwinId id : deletes) {
                snapshots.delete(id);
            }
        } catch (RuntimeException e) {
            snapshotFailures.increment();
            writes.keySet().forEach(id -> dirty.putIfAbsent(id, true));
            deletes.forEach(id -> dirty.putIfAbsent(id, false));
            throw e;
        }
        snapshotsWritten.add(writes.size() + deletes.size());
        lastSnapshot = clock.instant();
        return writes.size() + deletes.size();
    }

    /** The snapshot bytes of {@code twin}: its Ditto view as UTF-8 JSON. */
    public byte[] encode(Twin twin) {
        try {
            return json.writeValueAsBytes(DittoThing.toMap(twin));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("twin " + twin.id() + " cannot be written as JSON", e);
        }
    }

    /** Counters since start, for status output. */
    public Status status() {
        var counts = new EnumMap<OutcomeKind, Long>(OutcomeKind.class);
        outcomes.forEach((k, v) -> counts.put(k, v.sum()));
        return new Status(repository.twins().size(), batches.sum(), failedBatches.sum(), points.sum(), counts,
                snapshotsWritten.sum(), snapshotFailures.sum(), dirty.size(), Optional.ofNullable(lastSnapshot),
                historyOnly.sum());
    }

    /** Writes the last snapshots. Closes nothing it was given; later applies are refused. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        repository.removeListener(listener);
        try {
            snapshotNow();
        } catch (RuntimeException e) {
            LOG.error("final twin snapshots could not be written; twins restart from older snapshots", e);
        }
    }

    /**
     * What {@link #recover()} did.
     *
     * @param twins    twins whose state was restored
     * @param channels channel states restored over all twins
     * @param notes    snapshots or channels that were not restored, and why
     */
    public record RecoveryReport(int twins, int channels, List<String> notes) {
        public RecoveryReport {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Counters of the service since it started.
     *
     * @param twins            registered twins
     * @param batches          batches applied
     * @param failedBatches    batches refused because history could not be made durable
     * @param historyPoints    points appended to history
     * @param outcomes         samples per outcome kind
     * @param snapshotsWritten snapshots written or deleted
     * @param snapshotFailures snapshot rounds that failed
     * @param pendingSnapshots twins changed since their last snapshot
     * @param lastSnapshot     when snapshots were last written
     * @param historyOnly      points stored by {@link #applyHistory} (store-and-forward), never live state
     */
    public record Status(int twins, long batches, long failedBatches, long historyPoints,
                         Map<OutcomeKind, Long> outcomes, long snapshotsWritten, long snapshotFailures,
                         int pendingSnapshots, Optional<Instant> lastSnapshot, long historyOnly) {
        public Status {
            outcomes = java.util.Collections.unmodifiableMap(new EnumMap<>(outcomes));
        }

        public Status(int twins, long batches, long failedBatches, long historyPoints,
                      Map<OutcomeKind, Long> outcomes, long snapshotsWritten, long snapshotFailures,
                      int pendingSnapshots, Optional<Instant> lastSnapshot) {
            this(twins, batches, failedBatches, historyPoints, outcomes, snapshotsWritten, snapshotFailures,
                    pendingSnapshots, lastSnapshot, 0);
        }

        public long samples() {
            return outcomes.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
