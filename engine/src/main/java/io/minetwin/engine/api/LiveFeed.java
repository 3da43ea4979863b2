package io.minetwin.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.minetwin.model.ChannelUpdate;
import io.minetwin.model.DittoThing;
import io.minetwin.model.Quality;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinChange;
import io.minetwin.model.TwinListener;
import io.minetwin.model.TwinRepository;
import io.minetwin.model.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live channel values and forecasts for browsers, as server-sent events, coalesced so a busy fleet
 * cannot flood them: {@code changes} events carry channel values, {@code health} events new forecasts.
 *
 * <p>Design: the repository calls {@link #onChange} on the ingesting thread while holding its write
 * lock, so that call only puts the newest update per series into {@code pending} (a concurrent map:
 * a later update replaces an earlier one). One scheduler thread drains {@code pending} every
 * {@code interval} and puts the batch as one {@code changes} event in every connected client's outbox
 * (at most {@value #OUTBOX} events); each client's outbox is written by a sender thread of its own while
 * it has something to send, so a browser that reads slowly (or not at all) delays nobody else. A client
 * whose outbox is full when the next event comes is too slow to follow: it is dropped, logged, and its
 * connection aborted (which also frees a sender blocked on it); a client whose send fails is dropped.
 * So ingest never waits on a browser, each client gets at most one event of each kind per interval, and
 * what it gets is the latest state of every series (and the latest forecast of every component) that changed.
 */
final class LiveFeed implements TwinListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

    private final TwinRepository twins;
    private final ObjectMapper json;
    private final Map<SeriesKey, ChannelUpdate> pending = new ConcurrentHashMap<>();
    private final Map<String, TwinChange.HealthUpdated> pendingHealth = new ConcurrentHashMap<>();
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final Map<SseClient, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, Integer> perHolder = new ConcurrentHashMap<>();
    /** Streams admitted and not yet dropped (opening or open). */
    private int admitted;
    /** Intervals without changes after which a {@code ping} event is sent. */
    private static final int HEARTBEAT_TICKS = 10;
    private int quietTicks;
    /** Open streams at most, in all. */
    static final int MAX_CLIENTS = 500;
    /** Open streams at most per token holder (a wallboard or a browser tab each). */
    static final int MAX_CLIENTS_PER_HOLDER = 20;
    private final ScheduledExecutorService scheduler;
    /** Events waiting for one client at most; past them the client is dropped as too slow. */
    static final int OUTBOX = 32;
    private final Map<SseClient, Outbox> outboxes = new ConcurrentHashMap<>();
    /** Sender threads: one per client while it has events to write, none while it has none. */
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(0, 2 * MAX_CLIENTS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "minetwin-live-feed-send");
                t.setDaemon(true);
                return t;
            });
    private final AtomicLong droppedSlow = new AtomicLong();

    LiveFeed(TwinRepository twins, ObjectMapper json, Duration interval) {
        this.twins = twins;
        this.json = json;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "minetwin-live-feed");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(10, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        twins.addListener(this);
    }

    @Override
    public void onChange(TwinChange change) {
        if (change instanceof TwinChange.Updated updated) {
            for (ChannelUpdate u : updated.updates()) {
                pending.put(u.series(), u);
            }
        } else if (change instanceof TwinChange.HealthUpdated h) {
            pendingHealth.put(h.twin() + "." + h.component(), h);
        }
    }

    /**
     * Adds a client until it closes, or until {@code authorized} says its token is no longer in force (expired or
     * revoked since the stream opened), which is checked at every interval.
     */
    void connect(SseClient client, String holder, BooleanSupplier authorized) {
        client.keepAlive();
        registrations.put(client, new Registration(holder, authorized));
        Outbox box = new Outbox();
        box.events.add(new String[] {"hello", "{}"});
        outboxes.put(client, box);
        client.onClose(() -> drop(client));
        clients.add(client);
        startSender(client, box); // through the outbox, so that only one thread at a time writes to the client
    }

    /** A client's events not yet written, and whether a sender is writing them. */
    private static final class Outbox {
        final ArrayBlockingQueue<String[]> events = new ArrayBlockingQueue<>(OUTBOX);
        final AtomicBoolean sending = new AtomicBoolean();
    }

    private record Registration(String holder, BooleanSupplier authorized) {
    }

    /** Forgets a client (closed, failed or refused), once. */
    private void drop(SseClient client) {
        Registration r = registrations.remove(client);
        clients.remove(client);
        outboxes.remove(client);
        if (r != null) {
            synchronized (this) {
                admitted--;
                perHolder.computeIfPresent(r.holder(), (h, n) -> n > 1 ? n - 1 : null);
            }
        }
    }

    /** Ends the streams whose token expired or was revoked, with a last {@code unauthorized} event. */
    private void dropUnauthorized() {
        for (SseClient client : clients) {
            Registration r = registrations.get(client);
            if (r != null && !r.authorized().getAsBoolean()) {
                Outbox box = outboxes.get(client);
                drop(client);
                if (box != null && !box.sending.compareAndSet(false, true)) {
                    abort(client); // a sender is writing to it: no second writer, the stream just ends
                    continue;
                }
                // a last event and the end of the stream, on a sender thread: the client may be one that stalls
                Runnable last = () -> {
                    try {
                        client.sendEvent("unauthorized", "{\"message\":\"the token expired or was revoked\"}");
                        client.close();
                    } catch (RuntimeException gone) {
                        // the client left meanwhile
                    }
                };
                try {
                    senders.execute(last);
                } catch (RejectedExecutionException full) {
                    abort(client);
                }
            }
        }
    }

    int clients() {
        return clients.size();
    }

    /** Clients dropped because their outbox was full. */
    long droppedSlow() {
        return droppedSlow.get();
    }

    /**
     * Refuses a new stream past the limits: 503 when the feed is full, 429 when this holder has its share open.
     *
     * @throws ApiException saying which limit and what to do
     */
    synchronized void admit(String holder) {
        // A place is taken here, before the stream opens, so that streams opening at once cannot overshoot.
        if (admitted >= MAX_CLIENTS) {
            throw new ApiException(503, "live_feed_full", "the live feed serves " + MAX_CLIENTS + " streams, its"
                    + " most; close unused dashboards or try again later", null);
        }
        if (perHolder.getOrDefault(holder, 0) >= MAX_CLIENTS_PER_HOLDER) {
            throw new ApiException(429, "too_many_streams", "'" + holder + "' has " + MAX_CLIENTS_PER_HOLDER
                    + " live streams open, its most; close one (a dashboard tab) first", null);
        }
        admitted++;
        perHolder.merge(holder, 1, Integer::sum);
    }

    private void flush() {
        try {
            dropUnauthorized();
            if (clients.isEmpty()) {
                pending.clear();
                pendingHealth.clear();
                return;
            }
            if (!pendingHealth.isEmpty()) {
                List<Map<String, Object>> health = new ArrayList<>();
                for (String key : List.copyOf(pendingHealth.keySet())) {
                    TwinChange.HealthUpdated h = pendingHealth.remove(key);
                    if (h != null) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("thingId", h.twin().toString());
                        m.put("component", h.component());
                        m.put("health", DittoThing.health(h.after()));
                        m.put("previousAlertLevel", h.before().map(b -> b.alert().id()).orElse(null));
                        health.add(m);
                    }
                }
                send("health", json.writeValueAsString(health));
            }
            if (pending.isEmpty()) {
                // A quiet feed still writes now and then, so that a client gone without a word is noticed (the
                // write fails) and its place freed.
                if (++quietTicks >= HEARTBEAT_TICKS) {
                    quietTicks = 0;
                    send("ping", "{}");
                }
                return;
            }
            quietTicks = 0;
            List<Map<String, Object>> batch = new ArrayList<>();
            for (SeriesKey key : List.copyOf(pending.keySet())) {
                ChannelUpdate u = pending.remove(key);
                if (u != null) {
                    batch.add(describe(u));
                }
            }
            send("changes", json.writeValueAsString(batch));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("live feed could not send changes; it tries again at the next interval", e);
        }
    }

    /** Puts the event in every client's outbox and starts a sender for each client that has none. */
    private void send(String event, String data) {
        String[] e = {event, data};
        for (SseClient client : clients) {
            Outbox box = outboxes.get(client);
            if (box == null) {
                continue;
            }
            if (!box.events.offer(e)) {
                dropSlow(client);
                continue;
            }
            startSender(client, box);
        }
    }

    private void startSender(SseClient client, Outbox box) {
        if (box.sending.compareAndSet(false, true)) {
            try {
                senders.execute(() -> write(client, box));
            } catch (RejectedExecutionException full) {
                box.sending.set(false);
                dropSlow(client);
            }
        }
    }

    /** On a sender thread: writes the client's events until its outbox is empty. */
    private void write(SseClient client, Outbox box) {
        while (true) {
            for (String[] e; (e = box.events.poll()) != null; ) {
                try {
                    client.sendEvent(e[0], e[1]);
                } catch (RuntimeException failed) {
                    drop(client);
                    return;
                }
                if (client.terminated()) {
                    drop(client);
                    return;
                }
            }
            box.sending.set(false);
            // an event put after the last poll and before the flag was cleared starts no sender: take it here
            if (box.events.isEmpty() || !box.sending.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /**
     * Drops a client that does not read what it is sent: its outbox is full. Its connection is aborted, so a
     * sender blocked writing to it is freed, and the browser reconnects (with a fresh start) if it can.
     */
    private void dropSlow(SseClient client) {
        Registration r = registrations.get(client);
        if (r == null) {
            return;
        }
        drop(client);
        droppedSlow.incrementAndGet();
        String from;
        try {
            from = client.ctx().req().getRemoteAddr();
        } catch (RuntimeException gone) {
            from = "unknown";
        }
        LOG.warn("live feed: dropped a stream of '{}' from {} that did not read its last {} events (too slow or"
                + " stalled); the others were not delayed", r.holder(), from, OUTBOX);
        abort(client);
    }

    /** Aborts a client's connection (Jetty), failing any write blocked on it. */
    private static void abort(SseClient client) {
        try {
            org.eclipse.jetty.server.Request.getBaseRequest(client.ctx().req()).getHttpChannel()
                    .abort(new java.io.IOException("live feed stream dropped"));
        } catch (RuntimeException alreadyGone) {
            // the connection closed meanwhile
        }
    }

    private static Map<String, Object> describe(ChannelUpdate u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("thingId", u.series().twin().toString());
        m.put("component", u.series().component());
        m.put("channel", u.series().channel());
        var latest = u.after().latest();
        m.put("value", jsonValue(latest.value()));
        m.put("sourceTime", latest.sourceTime().toString());
        m.put("quality", latest.quality() instanceof Quality.Good ? "good"
                : latest.quality().level().name().toLowerCase(Locale.ROOT));
        m.put("limitState", u.limitAfter().name().toLowerCase(Locale.ROOT));
        return m;
    }

    static Object jsonValue(Value v) {
        if (v instanceof Value.Num n) {
            return Double.isFinite(n.value()) ? n.value() : null;
        }
        if (v instanceof Value.Bool b) {
            return b.value();
        }
        return ((Value.Text) v).value();
    }

    @Override
    public void close() {
        twins.removeListener(this);
        scheduler.shutdownNow();
        senders.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        clients.clear();
    }
}
