package io.minetwin.connectors.ditto;

import io.minetwin.model.DittoThing;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinChange;
import io.minetwin.model.TwinId;
import io.minetwin.model.TwinListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.client.DittoClient;
import org.eclipse.ditto.client.DittoClients;
import org.eclipse.ditto.client.changes.ChangeAction;
import org.eclipse.ditto.client.changes.ThingChange;
import org.eclipse.ditto.client.configuration.AccessTokenAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.BasicAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.MessagingConfiguration;
import org.eclipse.ditto.client.configuration.WebSocketMessagingConfiguration;
import org.eclipse.ditto.client.messaging.AuthenticationProvider;
import org.eclipse.ditto.client.messaging.AuthenticationProviders;
import org.eclipse.ditto.client.messaging.MessagingProviders;
import org.eclipse.ditto.jwt.model.ImmutableJsonWebToken;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors twins into Eclipse Ditto over its WebSocket with the Ditto Java client: a twin is put as a
 * whole thing on first sight (created or replaced), then its changed properties go out as merge commands.
 *
 * <h2>Design</h2>
 * The engine must never wait on Ditto, so {@link #onChange} (called under the repository's write lock)
 * only records <em>which</em> properties of a thing changed, in a per-thing set, and queues the thing if
 * it is not queued already; it never sends and never blocks. One worker thread drains the queue: for each
 * thing it reads the twin's <em>current</em> state and sends one command with every property that changed
 * since the last one. Coalescing therefore costs nothing per update (10,000 updates to a thing between two
 * sends become one command with the latest values), and a send can never carry a value older than one
 * already sent: at most one command per thing is in flight, and the next is built after its answer.
 *
 * <p>Pacing: a thing is sent at most {@code maxUpdatesPerSecond} times a second (changes in between wait
 * in its set); at most {@code maxInFlight} commands await answers over all things; a 429 pauses all
 * sending with backoff.
 *
 * <p>Failures: a merge that finds the thing gone (404) re-sends the whole thing; a conflict (409) re-sends
 * the whole thing after a backoff; 401/403, 5xx and timeouts keep the changed properties pending and retry
 * that thing with backoff. Each is counted by {@link DittoErrorKind} and logged with the thing id and what
 * to do (the first ten of a kind, then every thousandth). When the connection drops, outstanding commands
 * fail at once, the worker reconnects with backoff while changes keep coalescing, and on reconnect every
 * thing with changes (or whose last command's fate is unknown) is re-sent whole.
 *
 * <p>Threads: the listener's thread, the worker, and the Ditto client's threads (answers, events). A
 * {@link Entry}'s fields are guarded by the entry's monitor; the delay queue is the worker's alone.
 */
public final class DittoConnector implements TwinListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DittoConnector.class);
    private static final Entry WAKE = new Entry(null, null);
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final DittoSettings settings;
    private final Function<TwinId, Optional<Twin>> twins;
    private final ThingMapper mapper;
    private final long minIntervalNanos;
    private final Map<TwinId, Entry> entries = new ConcurrentHashMap<>();
    private final Map<ThingId, Entry> byThing = new ConcurrentHashMap<>();
    private final Set<TwinId> ignored = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingDeque<Entry> ready = new LinkedBlockingDeque<>();
    private final PriorityQueue<Delayed> delayed = new PriorityQueue<>();
    private final Semaphore permits;
    private final Set<CompletableFuture<Object>> outstanding = ConcurrentHashMap.newKeySet();
    private final LongAdder changesIn = new LongAdder();
    private final LongAdder commandsSent = new LongAdder();
    private final LongAdder created = new LongAdder();
    private final AtomicLong reconnects = new AtomicLong();
    private final Map<DittoErrorKind, LongAdder> errors = new EnumMap<>(DittoErrorKind.class);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread worker;

    private volatile DittoStatus.ConnectionState state = DittoStatus.ConnectionState.CONNECTING;
    private volatile boolean connectionLost;
    private volatile long pausedUntil = System.nanoTime();
    private volatile DittoClient client;
    private volatile ExecutorService clientExecutor;
    private volatile ScheduledExecutorService clientScheduler;
    private final java.util.concurrent.atomic.AtomicInteger rateLimitStreak = new java.util.concurrent.atomic.AtomicInteger();
    private boolean connectedBefore;
    /** Which client's callbacks count: a destroyed client may still report its own disconnection. */
    private volatile int generation;

    /**
     * @param settings where and how to mirror
     * @param twins    reads a twin's current state when its changes are sent (e.g. {@code repository::twin})
     */
    public DittoConnector(DittoSettings settings, Function<TwinId, Optional<Twin>> twins) {
        this.settings = settings;
        this.twins = twins;
        this.mapper = new ThingMapper(settings);
        this.minIntervalNanos = (long) (1e9 / settings.maxUpdatesPerSecond());
        this.permits = new Semaphore(settings.maxInFlight());
        for (DittoErrorKind k : DittoErrorKind.values()) {
            errors.put(k, new LongAdder());
        }
        this.worker = new Thread(this::run, "minetwin-ditto");
        this.worker.setDaemon(true);
    }

    /** Starts connecting and sending; returns at once (Ditto may be unreachable for a while). */
    public DittoConnector start() {
        worker.start();
        return this;
    }

    /** Queues the whole state of these twins, e.g. every twin at start-up. */
    public void syncAll(Iterable<TwinId> ids) {
        for (TwinId id : ids) {
            Entry e = entry(id);
            if (e != null) {
                synchronized (e) {
                    e.needsFull = true;
                    e.dirty.clear();
                    e.dirtyCount = 0;
                    e.removed = false;
                    schedule(e);
                }
            }
        }
    }

    @Override
    public void onChange(TwinChange change) {
        try {
            if (change instanceof TwinChange.Updated u) {
                Entry e = entry(u.twin());
                if (e != null) {
                    synchronized (e) {
                        for (var cu : u.updates()) {
                            e.mark(cu.series().component(), cu.series().channel());
                        }
                        schedule(e);
                    }
                    changesIn.add(u.updates().size());
                }
            } else if (change instanceof TwinChange.HealthUpdated h) {
                Entry e = entry(h.twin());
                if (e != null) {
                    synchronized (e) {
                        e.mark(h.component(), DittoThing.HEALTH);
                        schedule(e);
                    }
                    changesIn.increment();
                }
            } else if (change instanceof TwinChange.Removed r) {
                // The thing stays in Ditto: other applications may still use it; it is just no longer fed.
                Entry e = entries.remove(r.twin());
                if (e != null) {
                    byThing.remove(e.thing);
                    synchronized (e) {
                        e.removed = true;
                    }
                }
            } else {
                // Registered (definition replaced) or Restored from a snapshot: the whole thing again.
                syncAll(List.of(change.twin()));
            }
        } catch (RuntimeException ex) {
            LOG.error("Ditto sync could not take change {} of {}; it will be in the next full sync", change
                    .getClass().getSimpleName(), change.twin(), ex);
        }
    }

    /**
     * Waits until nothing is pending or in flight, or {@code timeout} passes, e.g. to let the last changes
     * out before shutting down.
     *
     * @return true if everything was sent and answered
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            DittoStatus s = status();
            if (s.pendingUpdates() == 0 && s.inFlight() == 0) {
                return true;
            }
            if (closing.await(10, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    public DittoStatus status() {
        int things = 0;
        int synced = 0;
        long pending = 0;
        int inFlight = 0;
        for (Entry e : entries.values()) {
            synchronized (e) {
                things++;
                pending += e.dirtyCount + (e.needsFull ? 1 : 0);
                if (e.inFlight) {
                    inFlight++;
                } else if (e.acked && !e.needsFull && e.dirtyCount == 0) {
                    synced++;
                }
            }
        }
        var errs = new EnumMap<DittoErrorKind, Long>(DittoErrorKind.class);
        errors.forEach((k, v) -> {
            if (v.sum() > 0) {
                errs.put(k, v.sum());
            }
        });
        return new DittoStatus(settings.endpoint().toString(), state, things, synced, pending, inFlight,
                changesIn.sum(), commandsSent.sum(), created.sum(), reconnects.get(), errs,
                Optional.ofNullable(lastError.get()));
    }

    @Override
    public void close() {
        closing.countDown();
        generation++;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnect();
        state = DittoStatus.ConnectionState.CLOSED;
    }

    // ---- listener side

    private Entry entry(TwinId id) {
        Entry e = entries.get(id);
        if (e != null || ignored.contains(id)) {
            return e;
        }
        if (!mapper.mirrors(id)) {
            ignored.add(id);
            return null;
        }
        ThingId thing;
        try {
            thing = mapper.thingId(id);
        } catch (IllegalArgumentException ex) {
            ignored.add(id);
            error(DittoErrorKind.INVALID_ID, ex.getMessage() + "; fix the namespace mapping (ditto.namespaces) or"
                    + " leave the twin out (ditto.twins)");
            return null;
        }
        return entries.computeIfAbsent(id, k -> {
            Entry n = new Entry(k, thing);
            byThing.put(thing, n);
            return n;
        });
    }

    /** Queues {@code e} unless it is queued, in flight (its answer re-queues it) or gone. Holds e's lock. */
    private void schedule(Entry e) {
        if (!e.queued && !e.inFlight && !e.removed && (e.needsFull || e.dirtyCount > 0)) {
            e.queued = true;
            ready.offer(e);
        }
    }

    // ---- worker

    private void run() {
        int attempt = 0;
        while (closing.getCount() > 0) {
            try {
                if (client == null || connectionLost) {
                    if (attempt > 0 && closing.await(backoff(attempt - 1).toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    attempt = connect() ? 0 : attempt + 1;
                    continue;
                }
                drainOnce();
            } catch (InterruptedException e) {
                if (closing.getCount() == 0) {
                    break;
                }
            } catch (RuntimeException e) {
                LOG.error("Ditto sync worker failed; continuing", e);
            }
        }
    }

    private boolean connect() {
        disconnect();
        int gen = ++generation;
        state = DittoStatus.ConnectionState.CONNECTING;
        clientExecutor = MessagingProviders.createExecutorService("minetwin-ditto-client");
        clientScheduler = MessagingProviders.createScheduledExecutorService("minetwin-ditto-scheduler");
        MessagingConfiguration config = WebSocketMessagingConfiguration.newBuilder()
                .endpoint(settings.endpoint().toString())
                .jsonSchemaVersion(JsonSchemaVersion.V_2)
                .timeout(settings.requestTimeout())
                .reconnectEnabled(false)
                .initialConnectRetryEnabled(false)
                .connectionErrorHandler(t -> LOG.debug("Ditto connection error", t))
                .disconnectedListener(ctx -> {
                    if (gen != generation || closing.getCount() == 0) {
                        return;
                    }
                    if (state == DittoStatus.ConnectionState.CONNECTED) {
                        LOG.warn("connection to Ditto at {} lost ({}); changes are kept and sent after reconnecting",
                                settings.endpoint(), ctx.getCause().map(Throwable::toString).orElse(ctx.getSource()
                                        .name().toLowerCase(java.util.Locale.ROOT) + " closed it"));
                    }
                    connectionLost = true;
                    state = DittoStatus.ConnectionState.DISCONNECTED;
                    failOutstanding();
                    ready.offerFirst(WAKE);
                })
                .build();
        try {
            var provider = MessagingProviders.webSocket(config, authentication(), clientExecutor, clientScheduler);
            connectionLost = false;
            DittoClient c = DittoClients.newInstance(provider).connect().toCompletableFuture()
                    .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            client = c;
            if (settings.watchDeletions()) {
                c.twin().registerForThingChanges("minetwin-deletions", this::onDittoChange);
                c.twin().startConsumption().toCompletableFuture()
                        .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (connectionLost) {
                return false;
            }
            state = DittoStatus.ConnectionState.CONNECTED;
            if (connectedBefore) {
                reconnects.incrementAndGet();
                int resent = resyncChanged();
                LOG.info("reconnected to Ditto at {}; re-sending the full state of {} changed things",
                        settings.endpoint(), resent);
            } else {
                LOG.info("connected to Ditto at {}", settings.endpoint());
            }
            connectedBefore = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            generation++; // what the failed client reports from now on is no news
            Throwable cause = unwrap(e);
            if (handshakeStatus(cause) == 401 || handshakeStatus(cause) == 403) {
                state = DittoStatus.ConnectionState.UNAUTHORIZED;
                error(DittoErrorKind.UNAUTHORIZED, "Ditto at " + settings.endpoint() + " refused the login ("
                        + handshakeStatus(cause) + "): check ditto.user and ditto.password (or the token); retrying");
            } else {
                state = DittoStatus.ConnectionState.DISCONNECTED;
                error(DittoErrorKind.CONNECTION, "cannot connect to Ditto at " + settings.endpoint() + ": "
                        + describe(cause) + "; is Ditto up and the endpoint right (ws://host:port of its gateway"
                        + " or nginx)? retrying with backoff");
            }
            disconnect();
            return false;
        }
    }

    private AuthenticationProvider<com.neovisionaries.ws.client.WebSocket> authentication() {
        if (settings.auth() instanceof DittoSettings.Auth.Basic b) {
            return AuthenticationProviders.basic(BasicAuthenticationConfiguration.newBuilder().username(b.user())
                    .password(b.password()).build());
        }
        var t = (DittoSettings.Auth.Bearer) settings.auth();
        return AuthenticationProviders.accessToken(AccessTokenAuthenticationConfiguration.newBuilder()
                .identifier("minetwin").accessTokenSupplier(() -> ImmutableJsonWebToken.fromToken(t.token().get()))
                .build());
    }

    private void disconnect() {
        DittoClient c = client;
        client = null;
        if (c != null) {
            try {
                c.destroy();
            } catch (RuntimeException e) {
                LOG.debug("closing the Ditto client", e);
            }
        }
        failOutstanding();
        if (clientExecutor != null) {
            clientExecutor.shutdownNow();
            clientExecutor = null;
        }
        if (clientScheduler != null) {
            clientScheduler.shutdownNow();
            clientScheduler = null;
        }
    }

    private void failOutstanding() {
        for (CompletableFuture<Object> f : List.copyOf(outstanding)) {
            f.completeExceptionally(new ConnectionLost());
        }
    }

    /** Marks every thing with changes for a full re-send; returns how many. */
    private int resyncChanged() {
        int n = 0;
        for (Entry e : entries.values()) {
            synchronized (e) {
                if (e.dirtyCount > 0 || e.needsFull) {
                    e.needsFull = true;
                    e.dirty.clear();
                    e.dirtyCount = 0;
                    n++;
                    schedule(e);
                }
            }
        }
        return n;
    }

    private void onDittoChange(ThingChange change) {
        if (change.getAction() != ChangeAction.DELETED || !change.getPath().isEmpty()) {
            return;
        }
        Entry e = byThing.get(ThingId.of(change.getEntityId()));
        if (e != null) {
            LOG.info("thing {} was deleted in Ditto; re-creating it from the twin's state", e.thing);
            synchronized (e) {
                e.acked = false;
                e.needsFull = true;
                schedule(e);
            }
        }
    }

    private void drainOnce() throws InterruptedException {
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peek().due - now <= 0) {
            ready.offer(delayed.poll().entry);
        }
        long wait = IDLE_WAIT_NANOS;
        if (!delayed.isEmpty()) {
            wait = Math.max(0, Math.min(wait, delayed.peek().due - now));
        }
        if (!permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
            return;
        }
        Entry e = ready.poll(wait, TimeUnit.NANOSECONDS);
        if (e == null || e == WAKE || client == null || connectionLost) {
            if (e != null && e != WAKE) {
                ready.offerFirst(e);
            }
            permits.release();
            return;
        }
        now = System.nanoTime();
        if (pausedUntil - now > 0) {
            delayed.add(new Delayed(pausedUntil, e));
            permits.release();
            return;
        }
        Work work;
        synchronized (e) {
            if (e.removed || e.inFlight) {
                e.queued = false;
                permits.release();
                return;
            }
            if (e.nextAllowed - now > 0) {
                delayed.add(new Delayed(e.nextAllowed, e));
                permits.release();
                return;
            }
            e.queued = false;
            if (!e.needsFull && e.dirtyCount == 0) {
                permits.release();
                return;
            }
            work = new Work(e.needsFull, e.needsFull ? Map.of() : e.dirty);
            e.dirty = new HashMap<>();
            e.dirtyCount = 0;
            e.needsFull = false;
            e.inFlight = true;
            e.nextAllowed = now + minIntervalNanos;
        }
        send(e, work);
    }

    private void send(Entry e, Work work) {
        DittoClient c = client;
        Optional<Twin> twin = twins.apply(e.twin);
        if (twin.isEmpty() || c == null) {
            complete(e, work, null, twin.isEmpty() ? null : new ConnectionLost());
            return;
        }
        var mine = new CompletableFuture<Object>();
        outstanding.add(mine);
        mine.orTimeout(settings.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
                .whenComplete((result, failure) -> {
                    outstanding.remove(mine);
                    complete(e, work, result, failure);
                });
        try {
            var stage = work.full ? c.twin().put(mapper.thing(twin.get()))
                    : c.twin().merge(e.thing, mapper.patch(twin.get(), work.dirty));
            commandsSent.increment();
            stage.whenComplete((result, failure) -> {
                if (failure != null) {
                    mine.completeExceptionally(failure);
                } else {
                    mine.complete(result);
                }
            });
        } catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
        }
    }

    private void complete(Entry e, Work work, Object result, Throwable failure) {
        permits.release();
        long now = System.nanoTime();
        synchronized (e) {
            e.inFlight = false;
            if (failure == null) {
                e.failures = 0;
                e.acked = true;
                rateLimitStreak.set(0);
                if (work.full && result instanceof Optional<?> o && o.isPresent()) {
                    created.increment();
                }
            } else {
                onFailure(e, work, unwrap(failure), now);
            }
            schedule(e);
        }
    }

    /** Holds e's lock. */
    private void onFailure(Entry e, Work work, Throwable cause, long now) {
        DittoErrorKind kind = kind(cause);
        e.failures++;
        String what = describe(cause);
        boolean retryNow = false;
        switch (kind) {
            case NOT_FOUND -> {
                if (work.full) {
                    error(kind, "Ditto does not let minetwin create " + e.thing + " (404: " + what + "): create the"
                            + " policy " + settings.policyId().orElse("(none configured)") + " or grant the"
                            + " connecting subject READ and WRITE on it (see docs/ditto.md); retrying with backoff");
                } else {
                    error(kind, "thing " + e.thing + " is missing in Ditto (404), probably deleted by someone"
                            + " else; re-creating it with the twin's full state");
                    retryNow = true;
                }
                e.needsFull = true;
                e.acked = false;
            }
            case CONFLICT -> {
                error(kind, "thing " + e.thing + " conflicts with what Ditto has (409: " + what + "); minetwin"
                        + " will replace it with the twin's full state. If two engines mirror the same twin, give"
                        + " each its own twins (ditto.twins) or namespace (ditto.namespaces)");
                e.needsFull = true;
            }
            case RATE_LIMITED -> {
                Duration pause = backoff(Math.min(rateLimitStreak.getAndIncrement(), 16));
                pausedUntil = now + pause.toNanos();
                error(kind, "Ditto is throttling (429) at " + e.thing + ": pausing all updates for "
                        + pause.toMillis() + " ms; lower ditto.max-updates-per-second or raise Ditto's limits");
                restore(e, work);
                return;
            }
            case CONNECTION -> {
                errors.get(kind).increment();
                e.needsFull = true;
                retryNow = true;
            }
            case UNAUTHORIZED -> {
                error(kind, "Ditto refused the credentials for " + e.thing + " (401: " + what + "): check"
                        + " ditto.user and ditto.password (or renew the token); retrying with backoff");
                restore(e, work);
            }
            case FORBIDDEN -> {
                error(kind, "Ditto's policy does not let minetwin write " + e.thing + " (403: " + what + "): grant"
                        + " the connecting subject WRITE on thing:/ in policy "
                        + settings.policyId().orElse("of the thing") + " (see docs/ditto.md); retrying with backoff");
                restore(e, work);
            }
            default -> {
                error(kind, "Ditto could not apply the update of " + e.thing + " (" + kind.id() + ": " + what
                        + "); retrying with backoff");
                restore(e, work);
            }
        }
        long backoffNanos = retryNow ? 0 : backoff(e.failures - 1).toNanos();
        e.nextAllowed = Math.max(e.nextAllowed, now + backoffNanos);
    }

    /** Puts a failed command's changes back (a full put stays a full put). Holds e's lock. */
    private static void restore(Entry e, Work work) {
        if (work.full) {
            e.needsFull = true;
            return;
        }
        work.dirty.forEach((component, props) -> props.forEach(p -> e.mark(component, p)));
    }

    private Duration backoff(int failures) {
        long min = settings.minBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long d = min << Math.min(Math.max(failures, 0), 20);
        return Duration.ofMillis(Math.min(max, d <= 0 ? max : d));
    }

    private final Map<DittoErrorKind, AtomicLong> logged = new ConcurrentHashMap<>();

    private void error(DittoErrorKind kind, String message) {
        errors.get(kind).increment();
        lastError.set(message);
        long n = logged.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            LOG.warn("{}{}", message, n > 10 ? " (" + n + " " + kind.id() + " errors so far)" : "");
        }
    }

    private static DittoErrorKind kind(Throwable t) {
        if (t instanceof DittoRuntimeException d) {
            return DittoErrorKind.ofStatus(d.getHttpStatus().getCode());
        }
        if (t instanceof TimeoutException) {
            return DittoErrorKind.TIMEOUT;
        }
        return DittoErrorKind.CONNECTION;
    }

    private static String describe(Throwable t) {
        if (t instanceof DittoRuntimeException d) {
            return d.getErrorCode() + " " + d.getMessage() + d.getDescription().map(s -> " " + s).orElse("");
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The HTTP status of a refused WebSocket handshake, or -1. */
    private static int handshakeStatus(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof com.neovisionaries.ws.client.OpeningHandshakeException h) {
                return h.getStatusLine().getStatusCode();
            }
            if (c instanceof DittoRuntimeException d) {
                return d.getHttpStatus().getCode();
            }
        }
        return -1;
    }

    /** One mirrored twin's sync state. Fields other than the ids are guarded by the entry's monitor. */
    private static final class Entry {
        final TwinId twin;
        final ThingId thing;
        Map<String, Set<String>> dirty = new HashMap<>();
        int dirtyCount;
        /** Put the whole thing next; true until Ditto has it (first sight creates it). */
        boolean needsFull = true;
        boolean queued;
        boolean inFlight;
        boolean removed;
        boolean acked;
        int failures;
        long nextAllowed = System.nanoTime();

        Entry(TwinId twin, ThingId thing) {
            this.twin = twin;
            this.thing = thing;
        }

        /** Notes a changed property; a thing waiting for its full put needs no list. */
        void mark(String component, String property) {
            if (needsFull) {
                return;
            }
            if (dirty.computeIfAbsent(component, k -> new HashSet<>()).add(property)) {
                dirtyCount++;
            }
        }
    }

    /** What one command carries: the whole thing, or these properties (component to names). */
    private record Work(boolean full, Map<String, Set<String>> dirty) {
    }

    private record Delayed(long due, Entry entry) implements Comparable<Delayed> {
        @Override
        public int compareTo(Delayed o) {
            return Long.compare(due - o.due, 0);
        }
    }

    /** The connection went away with the command outstanding. */
    private static final class ConnectionLost extends RuntimeException {
        ConnectionLost() {
            super("connection to Ditto lost", null, false, false);
        }
    }

    /** For tests: the ids of things the sync knows. */
    List<ThingId> thingIds() {
        return new ArrayList<>(byThing.keySet());
    }
}
