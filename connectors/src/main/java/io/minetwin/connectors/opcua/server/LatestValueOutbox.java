package io.minetwin.connectors.opcua.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces values from the thread that makes them (ingest) to the readers that sample them (Milo's monitored
 * items), on one thread of its own. A {@link Slot} is one monitored source, e.g. a channel node; each of its
 * {@link Reader}s has its own sampling interval.
 *
 * <p>Ingest only says that a slot {@link #changed}: no value is built or copied, and the call never blocks or
 * waits for the deliverer (one volatile read when the slot is already marked, else one CAS and one queue add).
 * The deliverer wakes every {@code poll} and at readers' due times; it reads the slot's latest value from its
 * source (the twin state) and hands it to each reader whose sampling interval has passed since its last value.
 * So a reader gets at most one value per sampling interval, always the latest at the time of its sample, and
 * when the changes stop it ends on the last one; changes in between are coalesced. With a queue size above 1
 * Milo queues these per-interval samples, not every change.
 *
 * <p>Memory is bounded by the slots (the monitored sources, which the server's limits bound): a slot is in the
 * deliverer's queue or pending list at most once, and no values are held besides what each reader got last.
 *
 * @param <S> the state a slot's source returns; compared by identity (a new state for each change)
 */
final class LatestValueOutbox<S> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatestValueOutbox.class);
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(Slot.class, "queued", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Queue<Slot<S>> changed = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final long pollNanos;
    private final LongAdder changes = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final AtomicInteger pendingSize = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean busy;

    /**
     * Starts the delivering thread {@code threadName}, which looks for changed slots every {@code poll} (and wakes
     * at readers' due times); readers' targets are called on it, and on the thread that adds a reader.
     */
    LatestValueOutbox(String threadName, long poll, TimeUnit unit) {
        if (poll <= 0) {
            throw new IllegalArgumentException("poll " + poll + " must be positive");
        }
        this.pollNanos = unit.toNanos(poll);
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * One monitored source: its latest state (read on the deliverer's thread when it samples) and its readers.
     *
     * @param <S> the state
     */
    static final class Slot<S> {
        private final Supplier<S> source;
        private final List<Reader<S>> readers = new CopyOnWriteArrayList<>();
        /** 1 while the slot is in the changed queue or the pending list; set by ingest, cleared by the deliverer. */
        @SuppressWarnings("unused")
        private volatile int queued;
        /** Deliverer only: when a reader that has not got the latest state is next due (nanoTime). */
        private long due;
        /** Deliverer only: the state last handed to a reader at a sample, to count samples. */
        private S sampled;

        /** A slot whose latest state {@code source} returns (called on the deliverer's thread and under the slot's lock). */
        Slot(Supplier<S> source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        boolean hasReaders() {
            return !readers.isEmpty();
        }

        int readers() {
            return readers.size();
        }
    }

    /**
     * One sampler of a slot: its sampling interval (read at each sample, so it may change), whether it samples
     * at all, and where its values go.
     *
     * @param <S> the state
     */
    static final class Reader<S> {
        private final DoubleSupplier intervalMillis;
        private final BooleanSupplier enabled;
        private final Consumer<S> target;
        /** Under the slot's lock: the state it got last, and when it may get the next (nanoTime). */
        private S last;
        private long nextDue;
        private boolean started;

        Reader(DoubleSupplier intervalMillis, BooleanSupplier enabled, Consumer<S> target) {
            this.intervalMillis = intervalMillis;
            this.enabled = enabled;
            this.target = target;
        }

        private long intervalNanos() {
            double ms = intervalMillis.getAsDouble();
            return ms > 0 && Double.isFinite(ms) ? (long) (ms * 1_000_000) : 0;
        }
    }

    /**
     * Adds {@code reader} to {@code slot} and gives it the slot's latest state at once (on the calling thread);
     * its next value comes one sampling interval later at the earliest.
     */
    void add(Slot<S> slot, Reader<S> reader) {
        synchronized (slot) {
            slot.readers.add(reader);
            if (reader.enabled.getAsBoolean()) {
                deliver(reader, slot.source.get(), System.nanoTime());
            }
        }
    }

    /** Removes {@code reader}; true if it was one of {@code slot}'s. */
    boolean remove(Slot<S> slot, Reader<S> reader) {
        synchronized (slot) {
            return slot.readers.remove(reader);
        }
    }

    /**
     * Has {@code reader} sample {@code slot}'s latest state again at its next tick, even if it got it before
     * (e.g. after its sampling was disabled and enabled again).
     */
    void resample(Slot<S> slot, Reader<S> reader) {
        synchronized (slot) {
            reader.last = null;
            reader.started = false;
        }
        mark(slot);
    }

    /** Says that {@code slot}'s source changed; returns at once, on any thread. */
    void changed(Slot<S> slot) {
        changes.increment();
        mark(slot);
    }

    private void mark(Slot<S> slot) {
        if (slot.queued == 0 && QUEUED.compareAndSet(slot, 0, 1)) {
            changed.add(slot);
        }
    }

    private void run() {
        List<Slot<S>> pending = new ArrayList<>();
        while (running) {
            busy = true;
            long now = System.nanoTime();
            for (Slot<S> s; (s = changed.poll()) != null; ) {
                s.due = 0;
                pending.add(s);
                pendingSize.incrementAndGet();
            }
            long wake = now + pollNanos;
            for (int i = 0; i < pending.size(); ) {
                Slot<S> s = pending.get(i);
                long due = s.due <= now ? sample(s, now) : s.due;
                if (due == 0) {
                    // done, or back in the changed queue: swap-remove
                    Slot<S> last = pending.remove(pending.size() - 1);
                    if (i < pending.size()) {
                        pending.set(i, last);
                    }
                    continue;
                }
                wake = Math.min(wake, due);
                i++;
            }
            boolean idle = pending.isEmpty() && changed.isEmpty();
            busy = !idle;
            long sleep = wake - System.nanoTime();
            if (sleep > 0 && running) {
                LockSupport.parkNanos(this, sleep);
            }
        }
        busy = false;
    }

    /**
     * Samples {@code s}: its latest state to each reader that is due and has not got it. Returns when it must
     * be looked at again (a reader not yet due has not got the latest), or 0 when it leaves the pending list.
     */
    private long sample(Slot<S> s, long now) {
        // Uncounted while sampled, so that a slot ingest queues again meanwhile is never counted twice by waiting();
        // counted again if it stays pending.
        pendingSize.decrementAndGet();
        // cleared before the read: a change after it marks the slot again, so the last change is never missed
        QUEUED.setVolatile(s, 0);
        long next = Long.MAX_VALUE;
        synchronized (s) {
            if (s.readers.isEmpty()) {
                return 0;
            }
            S state = s.source.get();
            for (Reader<S> r : s.readers) {
                if (r.started && r.last == state || !r.enabled.getAsBoolean()) {
                    continue;
                }
                if (now - r.nextDue >= 0 || !r.started) {
                    deliver(r, state, now);
                    if (state != s.sampled) {
                        // a state some reader got: the changes before it since the last such state were coalesced
                        s.sampled = state;
                        samples.increment();
                    }
                } else {
                    next = Math.min(next, r.nextDue);
                }
            }
        }
        if (next == Long.MAX_VALUE) {
            return 0;
        }
        // a reader still owes the latest state: stay pending unless ingest has queued the slot again meanwhile
        if (QUEUED.compareAndSet(s, 0, 1)) {
            pendingSize.incrementAndGet();
            s.due = next;
            return next;
        }
        return 0;
    }

    private void deliver(Reader<S> r, S state, long now) {
        r.last = state;
        r.started = true;
        r.nextDue = now + r.intervalNanos();
        try {
            r.target.accept(state);
            delivered.increment();
        } catch (RuntimeException e) {
            LOG.error("a value could not be delivered", e);
        }
    }

    /** True when every change so far was sampled by the readers that were due for it. */
    boolean idle() {
        return changed.isEmpty() && !busy && pendingSize.get() == 0;
    }

    /** Slots waiting for the deliverer (changed, or with a reader that is not yet due). */
    int waiting() {
        return pendingSize.get() + changed.size();
    }

    /** Changes ingest reported for monitored slots. */
    long changes() {
        return changes.sum();
    }

    /** Changes that no reader got because a later one of their slot replaced them before the sample. */
    long coalesced() {
        return Math.max(0, changes.sum() - samples.sum());
    }

    /** Values handed to readers (each reader counts). */
    long delivered() {
        return delivered.sum();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
