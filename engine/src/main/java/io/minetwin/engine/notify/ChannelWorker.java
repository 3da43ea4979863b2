package io.minetwin.engine.notify;

import io.minetwin.model.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's notifications on a thread of its own, one at a time, retrying with exponential backoff.
 *
 * <p>Concurrency: {@link #offer} is called by the dispatcher and never blocks: when the bounded queue is full the
 * notification is dropped, counted and logged, so a dead or slow receiver holds up only its own channel. The
 * worker thread is the only one that sends and sleeps. {@link #close} lets it finish what is queued within a
 * deadline, then interrupts it; what is left is counted as dropped.
 */
final class ChannelWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);

    private final ChannelSettings channel;
    private final Sender sender;
    private final Optional<EventLog> events;
    private final Clock clock;
    private final BlockingQueue<Notification> queue;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final OverflowLog overflow;
    private volatile boolean busy;
    /** Notifications offered and not yet finished: counted before they are queued, so {@link #idle} misses none. */
    private final java.util.concurrent.atomic.AtomicInteger unfinished = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean stopping;

    ChannelWorker(ChannelSettings channel, Sender sender, Optional<EventLog> events, Clock clock, int capacity) {
        this.channel = channel;
        this.sender = sender;
        this.events = events;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.overflow = new OverflowLog(LOG, "notification channel '" + channel.name() + "' is behind (its receiver"
                + " is slow or down): its queue of " + capacity + " is full, notifications were dropped");
        this.thread = new Thread(this::run, "minetwin-notify-" + channel.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    String name() {
        return channel.name();
    }

    /** Queues {@code n}; false (counted, logged) if the queue is full. */
    boolean offer(Notification n) {
        unfinished.incrementAndGet();
        if (queue.offer(n)) {
            return true;
        }
        unfinished.decrementAndGet();
        overflow.dropped(dropped.incrementAndGet());
        return false;
    }

    ChannelStatus status() {
        return new ChannelStatus(channel.name(), channel.kind(), delivered.get(), failed.get(), retries.get(), dropped.get(),
                queue.size(), busy, Optional.ofNullable(lastError.get()));
    }

    /** Whether nothing is queued or being sent. */
    boolean idle() {
        return unfinished.get() == 0;
    }

    private void run() {
        try {
            while (!stopping || !queue.isEmpty()) {
                Notification n = queue.poll(200, TimeUnit.MILLISECONDS);
                if (n == null) {
                    continue;
                }
                busy = true;
                try {
                    deliver(n);
                } catch (InterruptedException stopped) {
                    dropped.incrementAndGet();
                    LOG.warn("notification {} to '{}' was not sent: the engine stopped while it was being sent",
                            n.id(), channel.name());
                    throw stopped;
                } finally {
                    busy = false;
                    unfinished.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tries up to the channel's attempts; each failed attempt and the outcome are recorded in the event log. */
    private void deliver(Notification n) throws InterruptedException {
        Retry retry = channel.retry();
        for (int attempt = 1; ; attempt++) {
            Sender.Outcome o;
            try {
                o = sender.send(n, attempt);
            } catch (RuntimeException e) {
                o = Sender.Outcome.refused("unexpected failure: " + e);
                LOG.warn("notification channel '{}': unexpected failure sending {}", channel.name(), n.id(), e);
            }
            if (o.delivered()) {
                delivered.incrementAndGet();
                record(n, attempt, DeliveryEvents.Status.DELIVERED, o.status());
                LOG.debug("notification {} ({}) delivered to '{}' at attempt {}: {}", n.id(), n.kind().id(),
                        channel.name(), attempt, o.status());
                return;
            }
            lastError.set(o.status());
            boolean last = !o.retryable() || attempt >= retry.attempts();
            if (last) {
                failed.incrementAndGet();
                record(n, attempt, DeliveryEvents.Status.FAILED, o.status());
                LOG.warn("notification {} ({}, rule '{}') NOT delivered to {} '{}' after {} attempt(s): {}", n.id(),
                        n.kind().id(), n.rule(), channel.kind(), channel.name(), attempt, o.status());
                return;
            }
            retries.incrementAndGet();
            record(n, attempt, DeliveryEvents.Status.RETRYING, o.status());
            Duration wait = retry.delayAfter(attempt);
            LOG.info("notification {} to '{}': attempt {} failed ({}); retrying in {} ms", n.id(), channel.name(),
                    attempt, o.status(), wait.toMillis());
            Thread.sleep(wait.toMillis());
        }
    }

    private void record(Notification n, int attempt, DeliveryEvents.Status status, String result) {
        if (events.isEmpty() || n.alerts().isEmpty()) {
            return;
        }
        try {
            events.get().append(DeliveryEvents.of(clock.instant(), n, channel, attempt, status, result));
        } catch (RuntimeException e) {
            LOG.warn("cannot record the delivery of notification {} to '{}' in the event log: {}", n.id(),
                    channel.name(), e.getMessage());
        }
    }

    /**
     * Lets the worker send what is queued for up to {@code drain}, then interrupts it.
     *
     * @return notifications left unsent
     */
    int close(Duration drain) {
        stopping = true;
        try {
            thread.join(Math.max(1, drain.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int left = queue.size() + (thread.isAlive() && busy ? 1 : 0);
        queue.clear();
        if (left > 0) {
            dropped.addAndGet(left);
            LOG.warn("notification channel '{}': {} notifications were not sent before shutdown", channel.name(), left);
        }
        return left;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
