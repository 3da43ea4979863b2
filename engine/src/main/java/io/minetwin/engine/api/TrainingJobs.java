package io.minetwin.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.minetwin.model.AssetType;
import io.minetwin.model.Twin;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/train} and {@code /api/jobs}: training runs in the background, one job at a time, and
 * reports its progress.
 *
 * <p>Design: jobs run on one daemon thread owned by this object (training is CPU-heavy and the engine
 * keeps ingesting, so jobs queue rather than run side by side). A job's state is an immutable snapshot
 * replaced under this object's lock; readers take the current snapshot. The newest {@link #KEEP} jobs are
 * kept in memory for {@code GET /api/jobs}; older finished ones are forgotten.
 */
final class TrainingJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJobs.class);
    static final int KEEP = 100;
    static final int MAX_QUEUED = 10;

    enum State { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** A job as it stands. */
    record Job(String id, TrainingRunner.Request request, State state, double progress, String message,
               Instant submitted, Instant started, Instant finished, Map<String, Object> result, String error) {
        Job with(State s, double p, String msg, Instant start, Instant end, Map<String, Object> res, String err) {
            return new Job(id, request, s, p, msg, submitted, start, end, res, err);
        }
    }

    private final ApiBackend backend;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private ExecutorService executor;

    TrainingJobs(ApiBackend backend) {
        this.backend = backend;
        this.clock = backend.clock();
    }

    void train(Context ctx) {
        TrainingRunner runner = backend.training().orElseThrow(() -> new ApiException(503, "unavailable",
                "training is not available in this engine", null));
        ObjectNode body = Requests.body(ctx, backend.json());
        Requests.onlyFields(body, Set.of("assetType", "component", "trainer", "horizons"));
        String typeName = Requests.text(body, "assetType", true, 64);
        Map<String, AssetType> types = new LinkedHashMap<>();
        for (Twin t : backend.twins().twins()) {
            types.putIfAbsent(t.type().name(), t.type());
        }
        AssetType type = types.get(typeName);
        if (type == null) {
            throw ApiException.badRequest("assetType", "no twin has asset type '" + typeName + "'; the fleet's types"
                    + " are " + types.keySet().stream().sorted().toList());
        }
        String component = Requests.text(body, "component", false, 64);
        if (component != null && (component.isEmpty() || component.equals("all"))) {
            component = null;
        }
        if (component != null && type.component(component).isEmpty()) {
            throw ApiException.badRequest("component", "asset type '" + typeName + "' has no component '" + component
                    + "'; use one of " + type.componentNames() + " or \"all\"");
        }
        String trainer = Requests.text(body, "trainer", false, 128);
        List<String> horizons = new ArrayList<>();
        JsonNode h = body.get("horizons");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) {
                throw ApiException.badRequest("horizons", "'horizons' must be a list such as [\"72h\", \"7d\"]");
            }
            for (JsonNode n : h) {
                String text = n.isTextual() ? n.asText().trim() : "";
                if (!text.matches("[1-9]\\d{0,4}[hd]")) {
                    throw ApiException.badRequest("horizons", "horizon " + n + " is not a number of hours or days"
                            + " such as \"72h\" or \"7d\"");
                }
                horizons.add(text);
            }
        }
        AccessTokens.Principal user = ctx.attribute(ApiServer.PRINCIPAL);
        var request = new TrainingRunner.Request(typeName, Optional.ofNullable(component),
                Optional.ofNullable(trainer == null || trainer.isEmpty() ? null : trainer), horizons, user.name());
        Job job = submit(runner, request);
        ctx.status(202).header("Location", "/api/jobs/" + job.id()).json(json(job));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("id");
        Job job;
        synchronized (this) {
            job = jobs.get(id);
        }
        if (job == null) {
            throw ApiException.notFound("no job " + id + "; jobs are kept in memory until the engine restarts,"
                    + " the newest " + KEEP + "; GET /api/jobs lists them");
        }
        ctx.json(json(job));
    }

    void list(Context ctx) {
        List<Job> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
        }
        java.util.Collections.reverse(all);
        ctx.json(Map.of("items", all.stream().map(TrainingJobs::json).toList()));
    }

    /**
     * Queues {@code request} as a job, as {@code POST /api/train} does (the retraining schedule submits here, so its
     * rounds show in {@code GET /api/jobs}).
     *
     * @return the job's id
     * @throws ApiException when the engine cannot train or too many jobs wait
     */
    String submit(TrainingRunner.Request request) {
        TrainingRunner runner = backend.training().orElseThrow(() -> new ApiException(503, "unavailable",
                "training is not available in this engine", null));
        return submit(runner, request).id();
    }

    private synchronized Job submit(TrainingRunner runner, TrainingRunner.Request request) {
        long waiting = jobs.values().stream().filter(j -> j.state() == State.QUEUED).count();
        if (waiting >= MAX_QUEUED) {
            throw new ApiException(429, "too_many_jobs", waiting + " training jobs are already waiting; wait for"
                    + " them to finish (GET /api/jobs) before submitting more", null);
        }
        if (executor == null) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "minetwin-training");
                t.setDaemon(true);
                return t;
            });
        }
        String id = "train-" + ids.incrementAndGet();
        Job job = new Job(id, request, State.QUEUED, 0, "queued", clock.instant(), null, null, null, null);
        jobs.put(id, job);
        trim();
        try {
            executor.execute(() -> run(runner, id));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new ApiException(503, "unavailable", "the engine is shutting down; submit the job again after"
                    + " it restarts", null);
        }
        return job;
    }

    private void run(TrainingRunner runner, String id) {
        Job job = update(id, j -> j.with(State.RUNNING, 0, "started", clock.instant(), null, null, null));
        try {
            Map<String, Object> result = runner.train(job.request(), (fraction, message) -> {
                double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
                update(id, j -> j.with(State.RUNNING, f, message, j.started(), null, null, null));
            });
            Map<String, Object> copy = result == null ? Map.of() : new LinkedHashMap<>(result);
            update(id, j -> j.with(State.SUCCEEDED, 1, "done", j.started(), clock.instant(), copy, null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            update(id, j -> j.with(State.FAILED, j.progress(), j.message(), j.started(), clock.instant(), null,
                    "interrupted: the engine was shutting down"));
        } catch (IllegalArgumentException e) {
            update(id, j -> j.with(State.FAILED, j.progress(), j.message(), j.started(), clock.instant(), null,
                    e.getMessage()));
        } catch (Exception | Error e) {
            LOG.error("training job {} failed", id, e);
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            update(id, j -> j.with(State.FAILED, j.progress(), j.message(), j.started(), clock.instant(), null,
                    why + " (the engine log has the details)"));
        }
    }

    private synchronized Job update(String id, java.util.function.UnaryOperator<Job> change) {
        Job next = change.apply(jobs.get(id));
        jobs.put(id, next);
        return next;
    }

    private void trim() {
        var it = jobs.entrySet().iterator();
        while (jobs.size() > KEEP && it.hasNext()) {
            State s = it.next().getValue().state();
            if (s == State.SUCCEEDED || s == State.FAILED) {
                it.remove();
            }
        }
    }

    static Map<String, Object> json(Job j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("state", j.state().name().toLowerCase(Locale.ROOT));
        m.put("progress", j.progress());
        m.put("message", j.message());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("assetType", j.request().assetType());
        r.put("component", j.request().component().orElse("all"));
        r.put("trainer", j.request().trainer().orElse(null));
        r.put("horizons", j.request().horizons());
        r.put("user", j.request().user());
        r.put("challenge", j.request().challenge());
        m.put("request", r);
        m.put("submitted", j.submitted().toString());
        m.put("started", j.started() == null ? null : j.started().toString());
        m.put("finished", j.finished() == null ? null : j.finished().toString());
        m.put("result", j.result());
        m.put("error", j.error());
        return m;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
