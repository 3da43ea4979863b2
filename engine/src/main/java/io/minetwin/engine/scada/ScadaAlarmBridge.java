package io.minetwin.engine.scada;

import io.minetwin.connectors.opcua.server.ScadaAlarmActions;
import io.minetwin.connectors.opcua.server.ScadaAlarms;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.TappedEventLog;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One acknowledgement on both sides, between the engine's event log and the SCADA server's alarm conditions
 * ({@link ScadaAlarms}).
 *
 * <ul>
 *   <li>{@link #tap} wraps the event log that the scorer and the API write alerts and acknowledgements to: after an
 *       append, each alert step goes to the conditions, so an acknowledgement through the API or the dashboard
 *       updates the condition's AckedState and notifies SCADA clients.</li>
 *   <li>An Acknowledge from a SCADA client ({@link #acknowledge}) is appended through the same tap, as the API
 *       appends one: an {@link AlertEvent#acknowledged} step with the OPC UA user as who, and an
 *       {@link EventKind#AUDIT} event ({@code action: alert-acknowledged, via: opcua}); the alert in
 *       {@code GET /api/alerts} shows it acknowledged.</li>
 *   <li>Confirm (OPC UA's second step, which the API has no counterpart for) is an AUDIT event
 *       ({@code action: alert-confirmed}); the conditions read it back from the log after a restart.</li>
 * </ul>
 * {@link #connect} rebuilds the conditions of the open alerts from the log when the server starts.
 *
 * <p>The tap never makes the writer (the scorer, an API request) wait on the SCADA server: it queues the steps for
 * one thread, {@code minetwin-scada-alarms}, which updates the conditions and notifies clients. Only when 65,536
 * steps are waiting does the writer wait, rather than a step being lost.
 */
public final class ScadaAlarmBridge implements ScadaAlarmActions, AutoCloseable {

    static final int QUEUE_CAPACITY = 65_536;

    static final String ACKNOWLEDGED = "alert-acknowledged";
    static final String CONFIRMED = "alert-confirmed";
    private static final Logger LOG = LoggerFactory.getLogger(ScadaAlarmBridge.class);

    private final EventLog log;
    private final EventLog tapped;
    private final Clock clock;
    private volatile ScadaAlarms alarms;
    private final java.util.concurrent.BlockingQueue<Event> queue =
            new java.util.concurrent.ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
    private final Thread worker = new Thread(this::drain, "minetwin-scada-alarms");
    private volatile boolean running = true;

    /** @param log the store's event log; {@code clock} stamps acknowledgements and confirmations */
    public ScadaAlarmBridge(EventLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tapped = tap(log);
        worker.setDaemon(true);
        worker.start();
    }

    /** Hands the SCADA server's conditions their state: the open alerts from the log, then every new step. */
    public void connect(ScadaAlarms alarms) {
        this.alarms = Objects.requireNonNull(alarms, "alarms");
        alarms.setActions(this);
        List<String> open = new ArrayList<>(log.alertIds(Optional.of(true), Optional.empty(), Instant.EPOCH,
                Instant.MAX));
        java.util.Collections.reverse(open); // oldest raised first
        for (String id : open) {
            Optional<AlertEvent.Id> parsed = AlertEvent.parseId(id);
            if (parsed.isEmpty()) {
                continue;
            }
            for (Event e : log.alertEvents(id)) {
                AlertEvent.from(e).ifPresent(alarms::apply);
            }
            for (Event e : log.query(EventKind.AUDIT, Optional.of(parsed.get().twin()), parsed.get().raised(),
                    Instant.MAX)) {
                forward(alarms, e);
            }
        }
        LOG.info("SCADA alarm conditions: {} open alerts, {} conditions retained", open.size(), alarms.retained());
    }

    /** {@code inner} with every appended alert step and confirmation also handed to the conditions. */
    public EventLog tap(EventLog inner) {
        ScadaAlarmBridge self = this;
        return new TappedEventLog(inner, events -> {
            if (self.alarms != null) {
                for (Event e : events) {
                    self.offer(e);
                }
            }
        });
    }

    private void offer(Event e) {
        if (!running || (e.kind() != EventKind.ALERT && e.kind() != EventKind.AUDIT)) {
            return;
        }
        queued.incrementAndGet();
        try {
            while (!queue.offer(e, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                Event e = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (e != null) {
                    ScadaAlarms a = alarms;
                    if (a != null) {
                        forward(a, e);
                    }
                    applied.incrementAndGet();
                }
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }

    /** Waits until every step queued so far reached the conditions, or the timeout passes; true if so. */
    public boolean awaitApplied(long timeoutMillis) throws InterruptedException {
        long target = queued.get();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (applied.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Stops the thread after it applied what is queued (at most 5 s). */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(ScadaAlarms a, Event e) {
        try {
            if (e.kind() == EventKind.ALERT) {
                AlertEvent.from(e).ifPresent(a::apply);
            } else if (e.kind() == EventKind.AUDIT && CONFIRMED.equals(e.details().get("action"))) {
                String alert = e.details().get("alert");
                if (alert != null) {
                    a.confirmed(alert, e.details().getOrDefault("user", "unknown"),
                            e.details().getOrDefault("comment", ""), e.time());
                }
            }
        } catch (RuntimeException failed) {
            LOG.error("SCADA alarm condition not updated from {} event of {}: {}", e.kind(), e.twin(), failed.toString());
        }
    }

    @Override
    public void acknowledge(String alertId, String user, String comment) {
        AlertEvent last = last(alertId);
        Instant time = after(last);
        tapped.append(List.of(AlertEvent.acknowledged(time, last.twin(), last.component(), alertId, last.level(), user,
                comment).toEvent(), audit(time, last, ACKNOWLEDGED, user, comment)));
    }

    @Override
    public void confirm(String alertId, String user, String comment) {
        AlertEvent last = last(alertId);
        tapped.append(List.of(audit(after(last), last, CONFIRMED, user, comment)));
    }

    private AlertEvent last(String alertId) {
        List<AlertEvent> steps = log.alertEvents(alertId).stream().map(AlertEvent::from).flatMap(Optional::stream)
                .toList();
        if (steps.isEmpty()) {
            throw new IllegalStateException("no alert " + alertId + " in the event log");
        }
        return steps.get(steps.size() - 1);
    }

    private Instant after(AlertEvent last) {
        Instant now = clock.instant();
        return now.isAfter(last.time()) ? now : last.time().plusMillis(1);
    }

    private static Event audit(Instant time, AlertEvent alert, String action, String user, String comment) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("action", action);
        d.put("user", user);
        d.put("alert", alert.alert());
        d.put("via", "opcua");
        if (comment != null && !comment.isEmpty()) {
            d.put("comment", comment);
        }
        return new Event(time, alert.twin(), alert.component(), EventKind.AUDIT, d);
    }
}
