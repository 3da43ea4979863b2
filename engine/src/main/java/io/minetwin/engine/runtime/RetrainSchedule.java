package io.minetwin.engine.runtime;

import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.engine.analytics.FleetModels;
import io.minetwin.engine.api.TrainingRunner;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code forecasts.retrain}: every period, a champion/challenger round for every key with an active component
 * model, submitted as a training job ({@link TrainingRunner.Request#challenge()}); the runner trains a candidate
 * on the latest history and records and promotes it only if it beats the active model on the same recent
 * holdout, writing the comparison to the event log.
 *
 * <p>The period runs from the last round: the newest champion/challenger decision in the event log, so a
 * restart does not reset it, else the engine's start. The schedule checks whether a round is due every hour
 * (or every period when that is shorter).
 */
public final class RetrainSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetrainSchedule.class);

    private final Duration every;
    private final ModelRegistry registry;
    private final EventLog events;
    private final Function<TrainingRunner.Request, String> submit;
    private final Clock clock;
    private volatile Instant lastRound;
    private ScheduledExecutorService timer;

    /**
     * @param submit queues a request as a training job and says which (e.g. its id)
     */
    public RetrainSchedule(Duration every, ModelRegistry registry, EventLog events,
                           Function<TrainingRunner.Request, String> submit, Clock clock) {
        this.every = every;
        this.registry = registry;
        this.events = events;
        this.submit = submit;
        this.clock = clock;
        this.lastRound = lastDecision().orElse(clock.instant());
    }

    /** When the next round is due. */
    public Instant due() {
        return lastRound.plus(every);
    }

    /** Starts checking whether a round is due. */
    public synchronized RetrainSchedule start() {
        if (timer != null) {
            throw new IllegalStateException("the retraining schedule is already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "minetwin-retrain");
            t.setDaemon(true);
            return t;
        });
        long check = Math.min(every.toMillis(), Duration.ofHours(1).toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                runIfDue();
            } catch (RuntimeException e) {
                LOG.warn("the retraining round could not be submitted; the next check retries", e);
            }
        }, check, check, TimeUnit.MILLISECONDS);
        LOG.info("champion/challenger retraining every {}; next round due at {}", every, due());
        return this;
    }

    /**
     * Submits a round when one is due: one challenge job per active component model.
     *
     * @return what was submitted (empty when no round was due)
     */
    public List<String> runIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(due())) {
            return List.of();
        }
        lastRound = now;
        List<String> submitted = new ArrayList<>();
        for (ModelVersion v : registry.list()) {
            if (v.state() != ModelState.ACTIVE || !ModelRegistry.isComponent(v)) {
                continue;
            }
            int dot = v.key().indexOf('.');
            var request = new TrainingRunner.Request(v.key().substring(0, dot), Optional.of(v.key().substring(dot + 1)),
                    Optional.empty(), List.of(), "retrain-schedule", true);
            try {
                submitted.add(v.key() + ": " + submit.apply(request));
            } catch (RuntimeException e) {
                LOG.warn("cannot submit the champion/challenger round of {}: {}", v.key(), e.getMessage());
            }
        }
        LOG.info("champion/challenger round: {}", submitted);
        return submitted;
    }

    private Optional<Instant> lastDecision() {
        Instant last = null;
        for (Event e : events.query(Optional.of(FleetModels.Challenge.LOG_TWIN), Instant.EPOCH,
                clock.instant().plusSeconds(1))) {
            if (e.kind() == EventKind.AUDIT && "champion-challenger".equals(e.details().get("action"))) {
                last = e.time();
            }
        }
        return Optional.ofNullable(last);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
