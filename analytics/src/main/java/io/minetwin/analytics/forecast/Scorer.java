package io.minetwin.analytics.forecast;

import io.minetwin.analytics.LabelSource;
import io.minetwin.analytics.features.Frame;
import io.minetwin.analytics.features.FrameBuilder;
import io.minetwin.analytics.features.Inputs;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.analytics.registry.ModelState;
import io.minetwin.analytics.registry.ModelVersion;
import io.minetwin.analytics.rul.RulPipeline;
import io.minetwin.model.AlertEvent;
import io.minetwin.model.AlertLevel;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.ComponentHealth;
import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.EventLog;
import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.SeriesReader;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinId;
import io.minetwin.model.TwinRepository;
import io.minetwin.model.ValueType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forecasts every twin component that has an active model, periodically and on demand.
 *
 * <p>For each component: the history since its last renewal (failure or replacement) is aligned and
 * featurised exactly as in training, the active models give health, failure probability per horizon
 * and RUL with its interval, the alert level moves with hysteresis from the twin's current one, and the
 * result is written three ways: into the twin ({@link TwinRepository#updateHealth}, so the API, OPC UA
 * server and Ditto sync see it at once), as forecast history series ({@code forecast-health},
 * {@code forecast-p-<horizon>}, {@code forecast-rul-hours} under the component), and, when the level
 * changes, as an {@link AlertEvent} (raised, escalated, eased or cleared).
 *
 * <p>With {@linkplain #withPriors priors} on, every other component whose type has a life prior (fitted to the
 * fleet's failure records, or declared in the asset type) gets a forecast from it, conditioned on its age since
 * its last renewal (counted in duty where its asset type declares {@code life.duty}: {@link DutyAge}) and its
 * live limit states ({@link LifePrior}); such forecasts say so
 * ({@link ComponentHealth.Basis#PRIOR}) and raise at most a watch.
 *
 * <p>Models are loaded once per version and reloaded when another version becomes active. One run at a
 * time; a component whose history cannot be scored is logged and skipped, never stopping the others.
 */
public final class Scorer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);
    /** Prefix of the forecast history series; no asset type channel may start with it. */
    public static final String SERIES_PREFIX = "forecast-";
    static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");

    private final TwinRepository twins;
    private final SeriesReader history;
    private final LabelSource labels;
    private final History store;
    private final EventLog events;
    private final ModelRegistry registry;
    private final Optional<AlertPolicy> policy;
    private final Clock clock;
    private final Map<String, ComponentModels> loaded = new ConcurrentHashMap<>();
    private final Map<String, Long> raisedAt = new ConcurrentHashMap<>();
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicLong forecasts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong priorForecasts = new AtomicLong();
    private volatile boolean priors;
    private volatile Optional<io.minetwin.analytics.monitor.DriftTracker> drift = Optional.empty();
    private volatile List<Horizon> priorHorizons = ForecastConfig.defaults().horizons();
    private volatile Instant lastRun;
    private volatile Instant firstForecasts;
    private volatile double lastRunSeconds;
    private volatile String lastError;
    private ScheduledExecutorService timer;

    /**
     * @param history where twin history is read from
     * @param store   where forecast history is written (usually the same history)
     * @param policy alert thresholds for every component; empty to use each model's own, tuned when it was
     *               trained
     */
    public Scorer(TwinRepository twins, SeriesReader history, LabelSource labels, History store, EventLog events,
                  ModelRegistry registry, Optional<AlertPolicy> policy, Clock clock) {
        this.twins = twins;
        this.history = history;
        this.labels = labels;
        this.store = store;
        this.events = events;
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Also forecasts components without an active model from their type's life prior (off by default).
     *
     * @return this scorer
     */
    public Scorer withPriors(boolean on) {
        this.priors = on;
        return this;
    }

    /**
     * Counts every scored feature row in {@code tracker}, against the model's training reference, so the
     * drift of its inputs can be judged; the counts are kept after every run.
     *
     * @return this scorer
     */
    public Scorer withDrift(io.minetwin.analytics.monitor.DriftTracker tracker) {
        this.drift = Optional.of(tracker);
        return this;
    }

    /**
     * What the scorer has done, for the status.
     *
     * @param forecasts      forecasts made, of which {@code priorForecasts} from life priors
     */
    public record Status(long forecasts, long failures, Optional<Instant> lastRun, double lastRunSeconds,
                         int activeModels, Optional<String> lastError, long priorForecasts) {
    }

    /** When the first run that made forecasts ended, if one has. */
    public Optional<Instant> firstForecasts() {
        return Optional.ofNullable(firstForecasts);
    }

    public Status status() {
        return new Status(forecasts.get(), failures.get(), Optional.ofNullable(lastRun), lastRunSeconds,
                activeModels().size(), Optional.ofNullable(lastError), priorForecasts.get());
    }

    /** Scores every {@code every}, the first time after {@code initialDelay}. */
    public synchronized void start(Duration initialDelay, Duration every) {
        if (timer != null) {
            throw new IllegalStateException("the scorer is already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "minetwin-scorer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                scoreAll();
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warn("forecast run failed; the next run retries", e);
            }
        }, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The active component models by key, loading new versions. */
    Map<String, ComponentModels> activeModels() {
        Map<String, ComponentModels> out = new LinkedHashMap<>();
        for (ModelVersion v : registry.list()) {
            if (v.state() != ModelState.ACTIVE || !ModelRegistry.isComponent(v)) {
                continue;
            }
            ComponentModels m = loaded.computeIfAbsent(v.id() + "/" + v.sha256(), k -> registry.loadComponent(v));
            out.put(v.key(), m);
        }
        return out;
    }

    /** Scores every component of every twin that has an active model; returns how many forecasts were made. */
    public int scoreAll() {
        running.lock();
        try {
            long started = System.nanoTime();
            Map<String, ComponentModels> models = activeModels();
            Map<String, String> versions = new LinkedHashMap<>();
            registry.list().stream().filter(v -> v.state() == ModelState.ACTIVE)
                    .forEach(v -> versions.put(v.key(), v.id()));
            int n = 0;
            List<Point> series = new ArrayList<>();
            List<Event> alertEvents = new ArrayList<>();
            Instant now = clock.instant();
            Map<TwinId, List<Event>> renewals = new ConcurrentHashMap<>();
            // The models of one asset type together: a twin's feature rows for all of them are made at once (its
            // peer components and duty counters are read once for all), then each model is called once for
            // all twins.
            Map<String, List<Map.Entry<String, ComponentModels>>> byType = new LinkedHashMap<>();
            models.entrySet().forEach(e -> byType.computeIfAbsent(e.getValue().assetType(), k -> new ArrayList<>())
                    .add(e));
            for (var group : byType.entrySet()) {
                List<Map.Entry<String, ComponentModels>> typeModels = group.getValue();
                List<Twin> candidates = twins.twins().stream().filter(t -> t.type().name().equals(group.getKey()))
                        .toList();
                List<Prepared[]> prepared = candidates.parallelStream().map(twin -> {
                    Reads reads = new Reads(history);
                    Prepared[] out = new Prepared[typeModels.size()];
                    for (int k = 0; k < out.length; k++) {
                        ComponentModels m = typeModels.get(k).getValue();
                        if (twin.type().component(m.component()).isEmpty()) {
                            continue;
                        }
                        try {
                            Instant lifeStart = lastRenewal(twin.id(), m.component(), now, renewals).orElse(FROM);
                            LifeFrame life = frame(twin.id(), m.component(), m, lifeStart, now, reads);
                            if (life.frame().rows() > 0) {
                                out[k] = new Prepared(twin, m.lastRow(life.frame(), life.ageRows()),
                                        life.frame().times()[life.frame().rows() - 1]);
                            }
                        } catch (RuntimeException e) {
                            failed(twin.id(), m.component(), e);
                        }
                    }
                    return out;
                }).toList();
                for (int k = 0; k < typeModels.size(); k++) {
                    ComponentModels m = typeModels.get(k).getValue();
                    String version = versions.getOrDefault(typeModels.get(k).getKey(), "");
                    List<Twin> scored = new ArrayList<>();
                    List<double[]> rows = new ArrayList<>();
                    List<Long> times = new ArrayList<>();
                    for (Prepared[] byModel : prepared) {
                        Prepared p = byModel[k];
                        if (p != null) {
                            scored.add(p.twin());
                            rows.add(p.row());
                            times.add(p.time());
                        }
                    }
                    if (scored.isEmpty()) {
                        continue;
                    }
                    String key = typeModels.get(k).getKey();
                    drift.ifPresent(d -> d.observe(key, version, m.reference(), rows.toArray(new double[0][]), now));
                    List<ComponentModels.Point> points;
                    try {
                        points = m.predictRows(rows.toArray(new double[0][]),
                                times.stream().mapToLong(Long::longValue).toArray());
                    } catch (RuntimeException e) {
                        failed(scored.get(0).id(), m.component(), e);
                        continue;
                    }
                    for (int i = 0; i < scored.size(); i++) {
                        try {
                            record(scored.get(i), m.component(), m, version, points.get(i), now, series, alertEvents);
                            n++;
                        } catch (RuntimeException e) {
                            failed(scored.get(i).id(), m.component(), e);
                        }
                    }
                }
            }
            if (priors) {
                n += scorePriors(models.keySet(), now, renewals, series, alertEvents);
            }
            if (!series.isEmpty()) {
                store.append(series);
            }
            if (!alertEvents.isEmpty()) {
                events.append(alertEvents);
            }
            drift.ifPresent(io.minetwin.analytics.monitor.DriftTracker::flush);
            forecasts.addAndGet(n);
            lastRun = clock.instant();
            if (n > 0 && firstForecasts == null) {
                firstForecasts = lastRun;
            }
            lastRunSeconds = (System.nanoTime() - started) / 1e9;
            return n;
        } finally {
            running.unlock();
        }
    }

    /**
     * Forecasts from their type's life prior every component that has no active model and has a prior, and a
     * known start of life (its last renewal, else its twin's commissioning day); returns how many.
     */
    private int scorePriors(java.util.Set<String> modelled, Instant now, Map<TwinId, List<Event>> renewals,
                            List<Point> series, List<Event> alertEvents) {
        List<Twin> all = twins.twins();
        java.util.function.Function<TwinId, List<Event>> records =
                id -> renewals.computeIfAbsent(id, t -> labels.events(t, FROM, now.plusSeconds(1)));
        LifePriors fitted = LifePriors.fit(all, records, now);
        List<Horizon> horizons = priorHorizons;
        int n = 0;
        for (Twin twin : all) {
            for (ComponentType c : twin.type().components()) {
                if (modelled.contains(ModelRegistry.key(twin.type().name(), c.name()))) {
                    continue;
                }
                Optional<LifePrior> prior = fitted.prior(twin, c.name());
                if (prior.isEmpty()) {
                    continue;
                }
                try {
                    Optional<Instant> renewed = lastRenewal(twin.id(), c.name(), now, renewals);
                    Optional<Instant> start = renewed.or(() -> twin.attributes().commissioned()
                            .map(d -> d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
                    if (start.isEmpty() || start.get().isAfter(now)) {
                        continue;
                    }
                    double age = Duration.between(start.get(), now).toMillis() / 3_600_000.0;
                    if (renewed.isEmpty() && !prior.get().knownAge(age)) {
                        age = Double.NaN; // renewed since commissioning without a record: the age is not known
                    }
                    List<LifePrior.ChannelCondition> conditions = new ArrayList<>();
                    for (ChannelSpec ch : c.channels()) {
                        if (ch.type() == ValueType.NUMBER) {
                            conditions.add(new LifePrior.ChannelCondition(ch.name(), twin.limitState(c.name(), ch.name())));
                        }
                    }
                    AlertLevel before = twin.health(c.name()).map(ComponentHealth::alert).orElse(AlertLevel.OK);
                    Optional<io.minetwin.model.DutySpec> duty = c.life().flatMap(io.minetwin.model.LifeSpec::duty);
                    DutyAge dutyAge = duty.isEmpty() ? DutyAge.calendar(age)
                            : DutyAge.measure(history, new SeriesKey(twin.id(), c.name(), duty.get().channel()),
                                    duty.get(), start.get().toEpochMilli(), now.toEpochMilli(), !Double.isNaN(age));
                    ComponentHealth health = prior.get().forecast(now, dutyAge, renewed.isPresent() ? "the last renewal"
                            : "commissioning", horizons, conditions, before, policy.orElse(AlertPolicy.defaults()));
                    publish(twin.id(), c.name(), health, before, now, series, alertEvents);
                    n++;
                } catch (RuntimeException e) {
                    failed(twin.id(), c.name(), e);
                }
            }
        }
        priorForecasts.addAndGet(n);
        return n;
    }

    /** Forecasts one component now: updates the twin, and collects forecast history and alert events. */
    private void failed(TwinId twin, String component, RuntimeException e) {
        failures.incrementAndGet();
        lastError = twin + "." + component + ": " + e.getMessage();
        LOG.warn("cannot forecast {}.{}: {}", twin, component, e.getMessage());
    }

    /** Turns a model's forecast into the twin's health, forecast history and, on a level change, an alert. */
    private void record(Twin twin, String component, ComponentModels m, String modelVersion, ComponentModels.Point p,
                        Instant now, List<Point> series, List<Event> alertEvents) {
        double[] pr = p.probability();
        AlertLevel before = twin.health(component).map(ComponentHealth::alert).orElse(AlertLevel.OK);
        AlertPolicy alerts = policy.orElse(m.alerts());
        AlertLevel level = alerts.next(before, pr[0], pr[pr.length - 1], p.health());
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int i = 0; i < pr.length; i++) {
            probabilities.put(m.horizons().get(i).name(), round(pr[i], 4));
        }
        double stepHours = m.step().toMillis() / 3_600_000.0;
        var rul = Optional.of(new ComponentHealth.Rul(round(p.rulSteps() * stepHours, 1),
                round(p.rulLow() * stepHours, 1), Math.max(round(p.rulHigh() * stepHours, 1),
                round(p.rulSteps() * stepHours, 1))));
        long newest = p.time() + m.step().toMillis();
        Instant time = Instant.ofEpochMilli(Math.min(newest, now.toEpochMilli()));
        ComponentHealth health = new ComponentHealth(time, round(p.health(), 1), probabilities,
                rul, level, m.signals(p.x()), modelVersion);
        publish(twin.id(), component, health, before, now, series, alertEvents);
    }

    /** Puts a forecast into the twin, its figures into the forecast history and, on a level change, an alert. */
    private void publish(TwinId twin, String component, ComponentHealth health, AlertLevel before, Instant now,
                         List<Point> series, List<Event> alertEvents) {
        twins.updateHealth(twin, component, health);
        long t = health.time().toEpochMilli();
        series.add(new Point(new SeriesKey(twin, component, SERIES_PREFIX + "health"), t, health.score(),
                QualityLevel.GOOD));
        health.failureProbability().forEach((h, v) -> series.add(new Point(new SeriesKey(twin, component,
                SERIES_PREFIX + "p-" + h), t, v, QualityLevel.GOOD)));
        health.rul().ifPresent(r -> series.add(new Point(new SeriesKey(twin, component,
                SERIES_PREFIX + "rul-hours"), t, r.hours(), QualityLevel.GOOD)));
        if (health.alert() != before) {
            alertEvents.add(alertEvent(twin, component, before, health.alert(), health, now));
        }
    }

    /** A twin's feature row at the time of its newest data, ready for the batch. */
    private record Prepared(Twin twin, double[] row, long time) {
    }

    /** A life's frame for the scorer, and how many rows the whole life has. */
    record LifeFrame(Frame frame, long ageRows) {
    }

    /**
     * The life's rows the features need (of every series the model reads: the component's channels, its
     * peers' and the duty counters): all of a short life; of a long one its first rows (the drift baseline
     * and the counters' starting readings) and the latest twice the longest window, so that a forecast reads
     * days, not years. Where the life's data starts and how many hourly rows it has come from the hourly
     * rollups.
     */
    LifeFrame frame(TwinId twin, String component, ComponentModels m, Instant lifeStart, Instant now) {
        return frame(twin, component, m, lifeStart, now, new Reads(history));
    }

    private LifeFrame frame(TwinId twin, String component, ComponentModels m, Instant lifeStart, Instant now,
                            Reads cached) {
        SeriesReader history = cached;
        FrameBuilder builder = new FrameBuilder(m.step());
        Instant end = now.plus(m.step());
        List<String> reads = m.inputs().reads();
        if (!m.step().equals(Duration.ofHours(1))) {
            Frame all = builder.build(history, twin, component, reads, lifeStart, end);
            return new LifeFrame(all, all.rows());
        }
        java.util.TreeSet<Long> hours = new java.util.TreeSet<>();
        for (String channel : reads) {
            for (long start : cached.hours(Inputs.key(twin, component, channel), lifeStart.toEpochMilli(),
                    end.toEpochMilli())) {
                hours.add(start);
            }
        }
        Duration window = m.step().multipliedBy(m.longestWindow());
        Instant dataStart = hours.isEmpty() ? lifeStart : Instant.ofEpochMilli(Math.max(hours.first(),
                lifeStart.toEpochMilli()));
        Instant headEnd = dataStart.plus(window);
        Instant tailStart = now.minus(window.multipliedBy(2));
        if (!tailStart.isAfter(headEnd)) {
            Frame all = builder.build(history, twin, component, reads, lifeStart, end);
            return new LifeFrame(all, all.rows());
        }
        Frame head = builder.build(history, twin, component, reads, dataStart, headEnd);
        Frame tail = builder.build(history, twin, component, reads, tailStart, end);
        long[] times = new long[head.rows() + tail.rows()];
        double[][] columns = new double[reads.size()][times.length];
        System.arraycopy(head.times(), 0, times, 0, head.rows());
        System.arraycopy(tail.times(), 0, times, head.rows(), tail.rows());
        for (int c = 0; c < columns.length; c++) {
            System.arraycopy(head.columns()[c], 0, columns[c], 0, head.rows());
            System.arraycopy(tail.columns()[c], 0, columns[c], head.rows(), tail.rows());
            // The tail's first rows carry values forward from before it, as the whole life would.
            for (int r = Math.max(1, head.rows()); r < times.length && Double.isNaN(columns[c][r]); r++) {
                columns[c][r] = columns[c][r - 1];
            }
        }
        Frame frame = new Frame(times, reads, columns);
        return new LifeFrame(frame, Math.max(frame.rows(), hours.size()));
    }

    /**
     * History reads of one twin in one scoring run, each series and range read once: the models of a truck's
     * two wheel motors read the same four series, and every component of a machine its duty counters. Kept
     * only while that twin's feature rows are made, so memory stays bounded by one twin's reads per thread.
     */
    private static final class Reads implements SeriesReader {
        private record Range(SeriesKey series, long from, long to) {
        }

        private final SeriesReader history;
        private final Map<Range, SeriesData> samples = new ConcurrentHashMap<>();
        private final Map<Range, long[]> hours = new ConcurrentHashMap<>();

        Reads(SeriesReader history) {
            this.history = history;
        }

        /** The good samples only, each range read once: they are all the frames use. */
        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            return samples.computeIfAbsent(new Range(series, from, to), r -> history.read(series, from, to).good());
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            return history.readRollup(series, resolution, from, to);
        }

        @Override
        public java.util.Set<SeriesKey> series() {
            return history.series();
        }

        /** Start times of the hourly rollup buckets of {@code series} in {@code [from, to)}. */
        long[] hours(SeriesKey series, long from, long to) {
            return hours.computeIfAbsent(new Range(series, from, to), r -> {
                var rollup = history.readRollup(series, Resolution.HOUR, from, to);
                // The arrays may be longer than the data: only the first size() entries are buckets.
                return java.util.Arrays.copyOf(rollup.starts(), rollup.size());
            });
        }
    }

    private Optional<Instant> lastRenewal(TwinId twin, String component, Instant now,
                                          Map<TwinId, List<Event>> cache) {
        List<Event> events = cache.computeIfAbsent(twin, t -> labels.events(t, FROM, now.plusSeconds(1)));
        Instant last = null;
        for (Event e : events) {
            if (!component.equals(e.component())) {
                continue;
            }
            boolean reset = e.kind() == EventKind.FAILURE || (e.kind() == EventKind.MAINTENANCE
                    && RulPipeline.RESET_ACTIONS.contains(e.details().getOrDefault("action", "")));
            if (reset && (last == null || e.time().isAfter(last))) {
                last = e.time();
            }
        }
        // Rows at the renewal belong to the life it ended.
        return Optional.ofNullable(last).map(t -> t.plusMillis(1));
    }

    private Event alertEvent(TwinId twin, String component, AlertLevel before, AlertLevel after,
                             ComponentHealth h, Instant now) {
        String key = twin + "." + component;
        if (AlertEvent.Action.between(before, after) == AlertEvent.Action.RAISED) {
            raisedAt.put(key, now.toEpochMilli());
        }
        long raised = raisedAt.computeIfAbsent(key, k -> recoverRaised(twin, component, now));
        if (after == AlertLevel.OK) {
            raisedAt.remove(key);
        }
        return AlertEvent.levelChanged(now, twin, component, Instant.ofEpochMilli(raised), before, after, h).toEvent();
    }

    /** The raise time of the open alert of a component, from the event log (after a restart). */
    private long recoverRaised(TwinId twin, String component, Instant now) {
        long raised = now.toEpochMilli();
        for (Event e : events.query(EventKind.ALERT, Optional.of(twin), now.minus(Duration.ofDays(365)),
                now.plusSeconds(1))) {
            var alert = AlertEvent.from(e);
            if (alert.isPresent() && component.equals(alert.get().component())
                    && alert.get().action() == AlertEvent.Action.RAISED) {
                raised = e.time().toEpochMilli();
            }
        }
        return raised;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
