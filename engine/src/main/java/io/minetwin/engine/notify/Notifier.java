package io.minetwin.engine.notify;

import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventLog;
import io.minetwin.model.TappedEventLog;
import io.minetwin.model.Fleet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert events to people: matches each against the rules of the {@code notifications} section and hands
 * the messages to the rules' channels, collecting storms into digests.
 *
 * <p>Digest: when a rule with a digest window matches an alert and no window of that rule is open, the alert is
 * sent at once and a window opens. Alerts the rule matches while it is open are collected; at its end they go out
 * as ONE digest per channel and a new window opens at once, so a storm that outlasts a window is still one message
 * per window. A window that ends with nothing collected closes, and the next alert is sent at once again.
 *
 * <p>Concurrency: {@link #accept} (called on the scorer's thread, through {@link #tap}) only offers the alert to a
 * bounded queue and returns; when the queue is full the alert is dropped, counted and logged, so notifications never
 * slow or block the engine. One dispatcher thread owns the rules' windows: it matches alerts and keeps the windows'
 * deadlines; it never sends. Each channel has its own {@link ChannelWorker} thread and bounded queue, so a dead
 * receiver delays only its own channel.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** How long {@link #close} lets channels send what is queued. */
    static final Duration DRAIN = Duration.ofSeconds(5);

    /**
     * What the notifier did so far.
     *
     * @param queued   alerts waiting to be matched
     * @param dropped  alerts dropped because that queue was full
     * @param matched  alerts a rule matched
     * @param collected alerts held in open digest windows
     * @param channels each channel's figures
     */
    public record Status(int queued, long dropped, long matched, int collected, List<ChannelStatus> channels) {
    }

    private final NotificationSettings settings;
    private final Fleet fleet;
    private final Clock clock;
    private final BlockingQueue<AlertEvent> inbox;
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private final Map<String, Window> windows = new LinkedHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    /** Alerts accepted and not yet matched: counted before they are queued, so {@link #idle} never misses one. */
    private final java.util.concurrent.atomic.AtomicInteger unmatched = new java.util.concurrent.atomic.AtomicInteger();
    private final OverflowLog overflow;
    private final Thread dispatcher;
    private volatile int collected;
    private volatile boolean running = true;

    /** An open digest window of a rule. */
    private static final class Window {
        final Instant start;
        final Instant end;
        final List<AlertEvent> pending = new ArrayList<>();

        Window(Instant start, Duration length) {
            this.start = start;
            this.end = start.plus(length);
        }
    }

    private Notifier(NotificationSettings settings, Fleet fleet, Optional<EventLog> events, Clock clock) {
        this.settings = settings;
        this.fleet = fleet;
        this.clock = clock;
        this.inbox = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.overflow = new OverflowLog(LOG, "notifications are behind: the queue of " + settings.queueCapacity()
                + " alerts is full, alerts were not notified");
        MessageFormat format = new MessageFormat(settings::machineLink);
        for (ChannelSettings c : settings.channels().values()) {
            workers.put(c.name(), new ChannelWorker(c, sender(c, format, clock), events, clock,
                    settings.queueCapacity()));
        }
        this.dispatcher = new Thread(this::dispatch, "minetwin-notify-dispatch");
        this.dispatcher.setDaemon(true);
    }

    /**
     * Starts the dispatcher and one worker per channel.
     *
     * @param fleet  the twins' asset types and sites, for the rules
     * @param events where deliveries and failures are recorded; empty to record nothing
     */
    public static Notifier start(NotificationSettings settings, Fleet fleet, Optional<EventLog> events, Clock clock) {
        Notifier n = new Notifier(settings, fleet, events, clock);
        n.workers.values().forEach(ChannelWorker::start);
        n.dispatcher.start();
        settings.rules().forEach(r -> LOG.info("notifications: {}", r.describe()));
        return n;
    }

    static Sender sender(ChannelSettings c, MessageFormat format, Clock clock) {
        if (c instanceof ChannelSettings.Webhook w) {
            return new WebhookSender(w, format, clock);
        }
        return new EmailSender((ChannelSettings.Email) c, format, clock);
    }

    /** Queues {@code alert} for the rules; never blocks. False (counted, logged) if the queue is full. */
    public boolean accept(AlertEvent alert) {
        if (!running) {
            return false;
        }
        unmatched.incrementAndGet();
        if (inbox.offer(alert)) {
            return true;
        }
        unmatched.decrementAndGet();
        overflow.dropped(dropped.incrementAndGet());
        return false;
    }

    /**
     * {@code log} with every alert event appended to it also given to {@link #accept}, after it was stored: what the
     * scorer writes alerts to.
     */
    public EventLog tap(EventLog log) {
        Notifier self = this;
        return new TappedEventLog(log, events -> {
            for (Event e : events) {
                AlertEvent.from(e).ifPresent(self::accept);
            }
        });
    }

    public Status status() {
        return new Status(inbox.size(), dropped.get(), matched.get(), collected,
                workers.values().stream().map(ChannelWorker::status).toList());
    }

    /**
     * Whether nothing is waiting: no alert queued or being matched, none collected in a digest window, and every
     * channel has sent what it was given.
     */
    public boolean idle() {
        return unmatched.get() == 0 && collected == 0
                && workers.values().stream().allMatch(ChannelWorker::idle);
    }

    private void dispatch() {
        while (running) {
            try {
                AlertEvent a = inbox.poll(untilNextWindowEnd(), TimeUnit.MILLISECONDS);
                while (a != null) {
                    try {
                        match(a);
                    } finally {
                        unmatched.decrementAndGet();
                    }
                    a = inbox.poll();
                }
                endWindows(false);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("notifications: unexpected failure matching alerts; continuing", e);
            }
        }
    }

    private long untilNextWindowEnd() {
        long now = clock.millis();
        long next = windows.values().stream().mapToLong(w -> w.end.toEpochMilli()).min().orElse(now + 1_000);
        return Math.max(1, Math.min(next - now, 1_000));
    }

    private void match(AlertEvent a) {
        var twin = fleet.twin(a.twin());
        Instant now = clock.instant();
        for (Rule r : settings.rules()) {
            if (!r.matches(a, twin, fleet.site())) {
                continue;
            }
            matched.incrementAndGet();
            Window w = windows.get(r.name());
            if (w != null && now.isBefore(w.end)) {
                w.pending.add(a);
                collected++;
                continue;
            }
            send(r, new Notification(newId(), Notification.Kind.ALERT, r.name(), now, List.of(a), now));
            if (!r.digest().isZero()) {
                windows.put(r.name(), new Window(now, r.digest()));
            }
        }
    }

    /** Sends the digests of windows that have ended (of all open windows if {@code all}). */
    private void endWindows(boolean all) {
        Instant now = clock.instant();
        for (var it = windows.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Window w = e.getValue();
            if (!all && now.isBefore(w.end)) {
                continue;
            }
            Rule r = settings.rules().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
            if (w.pending.isEmpty()) {
                it.remove();
                continue;
            }
            send(r, new Notification(newId(), Notification.Kind.DIGEST, r.name(), now, w.pending, w.start));
            collected -= w.pending.size();
            if (all) {
                it.remove();
            } else {
                e.setValue(new Window(now, r.digest()));
            }
        }
    }

    private void send(Rule r, Notification n) {
        for (String c : r.channels()) {
            workers.get(c).offer(n);
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Stops matching, sends what digest windows hold, and gives the channels 5 seconds ({@link #DRAIN}) to
     * deliver what is queued; what is left then is counted as dropped and logged.
     */
    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AlertEvent> rest = new ArrayList<>();
        inbox.drainTo(rest);
        rest.forEach(this::match);
        unmatched.addAndGet(-rest.size());
        endWindows(true);
        long deadline = System.nanoTime() + DRAIN.toNanos();
        for (ChannelWorker w : workers.values()) {
            w.close(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }
}
