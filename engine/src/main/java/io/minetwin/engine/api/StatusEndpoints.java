package io.minetwin.engine.api;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code /api/status} and {@code /metrics}. */
final class StatusEndpoints {
    private final ApiBackend backend;
    private final PrometheusMeterRegistry metrics;

    StatusEndpoints(ApiBackend backend, PrometheusMeterRegistry metrics) {
        this.backend = backend;
        this.metrics = metrics;
    }

    void status(Context ctx) {
        ctx.json(backend.status().get());
    }

    void prometheus(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
