package io.minetwin.engine.ingest;

import io.minetwin.connectors.opcua.IngestSink;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.Sample;
import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries batches from connectors to the engine's apply path through a bounded queue, with counted
 * backpressure: nothing is dropped; when storage falls behind, connectors wait.
 *
 * <p>Concurrency design. Any number of connector threads call {@link #accept}; one writer thread owned
 * by the pipeline takes batches, coalesces what is queued (up to {@code maxSamplesPerApply}) and
 * applies it with {@link TwinService#apply}, which makes history durable before twins change. The queue
 * is bounded twice: in batches, and in samples ({@code maxQueuedSamples}, held as semaphore permits
 * that {@code accept} takes and the writer gives back when it takes the batch), so that a connector
 * delivering large batches cannot park millions of samples on the heap, where they would cost garbage
 * collection time and latency. When the queue is full, {@code accept} blocks until there is room; each
 * such wait is counted with its time.
 * If an apply fails (the store refused the history: disk full, I/O error), the writer keeps the batch,
 * backs off (up to a second) and retries it, so the queue fills to its bounds and connectors are slowed
 * rather than data lost; a degraded store heals itself on one of those retries once it has room again,
 * and ingest resumes where it stopped. Gap events go straight to the event log from the calling thread:
 * they are rare, and must not wait behind samples.
 * {@link #close()} stops accepting, drains what is queued (retrying failed applies until its deadline)
 * and stops the writer; {@link Status#notStored()} then says how many accepted samples never reached
 * the store.
 */
public final class IngestPipeline implements IngestSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);

    /** Name of the writer thread, for diagnostics and profiles. */
    public static final String WRITER_THREAD = "ingest-writer";

    /** How long close waits for queued samples to be stored by default. */
    public static final long DEFAULT_CLOSE_TIMEOUT_MILLIS = 30_000;

    private static final long MAX_BACKOFF_MILLIS = 1_000;

    private final TwinService service;
    private final EventLog events;
    private final BlockingQueue<Batch> queue;
    private final int maxSamplesPerApply;
    private final int maxQueuedSamples;
    private final Semaphore room;
    private final Thread writer;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder backpressureWaits = new LongAdder();
    private final LongAdder backpressureNanos = new LongAdder();
    private final LongAdder applyFailures = new LongAdder();
    private final LongAdder gapEvents = new LongAdder();
    private final AtomicLong lastApplyNanos = new AtomicLong();
    private final java.util.concurrent.ConcurrentLinkedQueue<Event> pendingGaps = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Written by the writer thread only. */
    private long lastGapRetryNanos;
    private final long closeTimeoutMillis;
    private volatile boolean closing;
    /** Set when close gives up: the writer stops retrying and leaves. */
    private volatile boolean abandoned;
    /** Whether the last apply failed, so that applies are being retried. */
    private volatile boolean stalled;
    private volatile String lastError;

    /**
     * @param service            the apply path
     * @param events             where gap events go
     * @param queueBatches       how many batches may wait before connectors are slowed
     * @param maxSamplesPerApply how many queued samples one apply takes at most
     */
    public IngestPipeline(TwinService service, EventLog events, int queueBatches, int maxSamplesPerApply) {
        this(service, events, queueBatches, maxSamplesPerApply, 4 * maxSamplesPerApply);
    }

    /**
     * @param service            the apply path
     * @param events             where gap events go
     * @param queueBatches       how many batches may wait before connectors are slowed
     * @param maxSamplesPerApply how many queued samples one apply takes at most
     * @param maxQueuedSamples   how many samples may wait before connectors are slowed; a larger batch
     *                           is still taken, alone
     */
    public IngestPipeline(TwinService service, EventLog events, int queueBatches, int maxSamplesPerApply,
                          int maxQueuedSamples) {
        this(service, events, queueBatches, maxSamplesPerApply, maxQueuedSamples, DEFAULT_CLOSE_TIMEOUT_MILLIS);
    }

    /**
     * @param closeTimeoutMillis how long {@link #close()} keeps applying (and retrying failed applies of)
     *                           what is queued before it gives up and counts the rest as not stored
     */
    public IngestPipeline(TwinService service, EventLog events, int queueBatches, int maxSamplesPerApply,
                          int maxQueuedSamples, long closeTimeoutMillis) {
        this.closeTimeoutMillis = closeTimeoutMillis;
        this.service = Objects.requireNonNull(service, "service");
        this.events = Objects.requireNonNull(events, "events");
        if (queueBatches < 1 || maxSamplesPerApply < 1 || maxQueuedSamples < 1) {
            throw new IllegalArgumentException("queue size, queued samples and samples per apply must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(queueBatches);
        this.maxSamplesPerApply = maxSamplesPerApply;
        this.maxQueuedSamples = maxQueuedSamples;
        this.room = new Semaphore(maxQueuedSamples);
        this.writer = new Thread(this::run, WRITER_THREAD);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** A queued batch: live samples, or history-only ones (store-and-forward) that never change a twin. */
    private record Batch(List<Sample> samples, boolean historyOnly) {
    }

    @Override
    public void accept(List<Sample> batch) throws InterruptedException {
        enqueue(batch, false);
    }

    /** Queues samples for history only, behind what is queued, with the same bounds and backpressure. */
    @Override
    public void acceptHistory(List<Sample> batch) throws InterruptedException {
        enqueue(batch, true);
    }

    private void enqueue(List<Sample> samples, boolean historyOnly) throws InterruptedException {
        List<Sample> batch = samples;
        Batch queued = new Batch(batch, historyOnly);
        if (batch.isEmpty()) {
            return;
        }
        if (closing) {
            throw new IllegalStateException("ingest pipeline is closed; " + batch.size() + " samples refused");
        }
        accepted.add(batch.size());
        int permits = permits(batch);
        boolean waited = false;
        long waitedSince = 0;
        if (!room.tryAcquire(permits)) {
            waited = true;
            waitedSince = System.nanoTime();
            backpressureWaits.increment();
            try {
                room.acquire(permits);
            } catch (InterruptedException e) {
                accepted.add(-batch.size());
                throw e;
            }
        }
        if (!queue.offer(queued)) {
            if (!waited) {
                waited = true;
                waitedSince = System.nanoTime();
                backpressureWaits.increment();
            }
            try {
                queue.put(queued);
            } catch (InterruptedException e) {
                room.release(permits);
                accepted.add(-batch.size());
                throw e;
            }
        }
        if (waited) {
            backpressureNanos.add(System.nanoTime() - waitedSince);
        }
    }

    /** Permits a batch holds while queued: its size, capped so that a batch larger than the budget still fits. */
    private int permits(List<Sample> batch) {
        return Math.min(batch.size(), maxQueuedSamples);
    }

    /** Takes a batch off the queue (or null after {@code timeoutMillis}) and gives back its room. */
    private Batch take(long timeoutMillis) throws InterruptedException {
        Batch b = timeoutMillis == 0 ? queue.poll() : queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (b != null) {
            room.release(permits(b.samples()));
        }
        return b;
    }

    @Override
    public void gap(TwinId twin, Instant from, Instant to, Map<String, String> details) {
        var d = new HashMap<>(details);
        d.put("to", to.toString());
        Event gap = new Event(from, twin, null, EventKind.GAP, d);
        try {
            events.append(List.of(gap));
            gapEvents.increment();
        } catch (RuntimeException e) {
            // Kept, and stored by the writer once the store takes writes again.
            pendingGaps.add(gap);
            lastError = "gap event for " + twin + " could not be stored (kept, stored when the store recovers): "
                    + e.getMessage();
            LOG.error(lastError, e);
        }
    }

    /** Stores gap events that failed earlier; called by the writer after an apply succeeded. */
    private void storePendingGaps() {
        if (pendingGaps.isEmpty()) {
            return;
        }
        List<Event> batch = new ArrayList<>(pendingGaps);
        try {
            events.append(batch);
            pendingGaps.removeAll(batch);
            gapEvents.add(batch.size());
        } catch (RuntimeException e) {
            LOG.debug("{} gap events still wait for the store: {}", batch.size(), e.getMessage());
        }
    }

    private void run() {
        var batch = new ArrayList<Sample>();
        boolean historyOnly = false;
        long backoffMs = 100;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Batch first = take(100);
                    if (first == null) {
                        if (closing && queue.isEmpty()) {
                            return;
                        }
                        if (!pendingGaps.isEmpty() && System.nanoTime() - lastGapRetryNanos > 1_000_000_000L) {
                            lastGapRetryNanos = System.nanoTime(); // no samples arrive while a connector is down
                            storePendingGaps();
                        }
                        continue;
                    }
                    batch.addAll(first.samples());
                    historyOnly = first.historyOnly();
                    // Coalesce what follows of the same kind; the writer is the only taker, so peek-then-take is safe.
                    while (batch.size() < maxSamplesPerApply) {
                        Batch next = queue.peek();
                        if (next == null || next.historyOnly() != historyOnly) {
                            break;
                        }
                        batch.addAll(take(0).samples());
                    }
                }
                long t0 = System.nanoTime();
                if (historyOnly) {
                    service.applyHistory(batch);
                } else {
                    service.apply(batch);
                }
                lastApplyNanos.set(System.nanoTime() - t0);
                applied.add(batch.size());
                batch.clear();
                backoffMs = 100;
                storePendingGaps();
                if (stalled) {
                    stalled = false;
                    LOG.warn("ingest resumed: the store takes samples again after {} failed applies", applyFailures.sum());
                }
            } catch (InterruptedException e) {
                if (abandoned || (closing && queue.isEmpty() && batch.isEmpty())) {
                    return;
                }
            } catch (RuntimeException e) {
                applyFailures.increment();
                lastError = "applying " + batch.size() + " samples failed (kept, retrying in " + backoffMs + " ms): "
                        + e.getMessage();
                if (!stalled) {
                    stalled = true;
                    LOG.error(lastError, e);
                } else {
                    // Once per retry would flood the log with the same stack trace; the first one has it.
                    LOG.debug(lastError);
                }
                if (abandoned) {
                    return;
                }
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    // closing; the loop decides
                }
                backoffMs = Math.min(MAX_BACKOFF_MILLIS, backoffMs * 2);
            }
        }
    }

    private int queued() {
        int n = 0;
        for (Batch b : queue) {
            n += b.samples().size();
        }
        return n;
    }

    /** Counters since start. */
    public Status status() {
        // applied before accepted: a sample is counted accepted before it can be applied, so this order
        // never shows more applied than accepted.
        long a = applied.sum();
        return new Status(accepted.sum(), a, queue.size(), backpressureWaits.sum(),
                backpressureNanos.sum() / 1_000_000, applyFailures.sum(), gapEvents.sum(),
                java.util.Optional.ofNullable(lastError), stalled);
    }

    /** Waits until everything accepted so far is applied, or the timeout passes; true if it was. */
    public boolean awaitApplied(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (applied.sum() < accepted.sum()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * Stops accepting, applies what is queued (retrying failed applies for up to the close timeout) and
     * stops the writer. Afterwards {@link Status#notStored()} counts the accepted samples that were not.
     */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(closeTimeoutMillis);
            if (writer.isAlive()) {
                abandoned = true;
                writer.interrupt();
                writer.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storePendingGaps();
        if (!pendingGaps.isEmpty()) {
            LOG.error("ingest pipeline closed with {} gap events not stored; the gaps they mark stay unmarked",
                    pendingGaps.size());
        }
        long notStored = status().notStored();
        if (notStored > 0) {
            LOG.error("ingest pipeline closed with {} received samples not stored ({}); they are lost", notStored,
                    lastError == null ? "the writer did not finish" : lastError);
        }
    }

    /**
     * @param accepted            samples accepted from connectors
     * @param applied             samples applied (history durable, twins updated)
     * @param queuedBatches       batches waiting
     * @param backpressureWaits   times a connector had to wait for room in the queue
     * @param backpressureMillis  total time connectors waited
     * @param applyFailures       applies that failed and were retried
     * @param gapEvents           gap events stored
     * @param lastError           the last failure
     * @param stalled             whether the last apply failed, so that ingest waits for the store
     */
    public record Status(long accepted, long applied, int queuedBatches, long backpressureWaits,
                         long backpressureMillis, long applyFailures, long gapEvents,
                         java.util.Optional<String> lastError, boolean stalled) {

        /** Samples accepted from connectors and not (yet) stored: queued, being retried, or after close lost. */
        public long notStored() {
            return Math.max(0, accepted - applied);
        }
    }
}
