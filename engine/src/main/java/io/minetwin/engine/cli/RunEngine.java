package io.minetwin.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.analytics.forecast.ForecastConfig;
import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.engine.analytics.FleetTrainingRunner;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.TokenFile;
import io.minetwin.engine.api.ApiBackend;
import io.minetwin.engine.api.ApiServer;
import io.minetwin.engine.api.ApiSettings;
import io.minetwin.engine.api.DowntimeCosts;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.ditto.DittoConfig;
import io.minetwin.engine.ditto.DittoSync;
import io.minetwin.engine.forecast.ForecastSettings;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.ingest.OpcuaIngest;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.engine.scada.ScadaConfig;
import io.minetwin.engine.scada.ScadaStatus;
import io.minetwin.model.Fleet;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the engine with its OPC UA connectors until stopped: by Ctrl-C or SIGTERM (a shutdown hook
 * waits for the clean shutdown), or after an optional duration. Shutdown closes the connectors, applies
 * what is queued, writes the last twin snapshots and closes (flushes) the store, in that order.
 */
final class RunEngine {

    private final PrintWriter out;
    private final Clock clock;
    /** The OPC UA server for SCADA systems, while one runs. */
    private volatile ScadaServer scada;

    RunEngine(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** What a finished run did, for the caller's summary. */
    record Summary(long applied, long gapEvents, long backpressureWaits, int twins) {
    }

    /**
     * The REST API to serve alongside, or none.
     *
     * @param costs downtime costs per asset type, from the configuration's {@code costs} section
     */
    record Api(ApiSettings settings, AccessTokens tokens, DowntimeCosts costs) {
        Api(ApiSettings settings, AccessTokens tokens) {
            this(settings, tokens, DowntimeCosts.NONE);
        }

        /**
         * The configuration's {@code http} section with the data directory's token file; no API when neither
         * declares a token (nobody could use it). Tokens created in the file later take effect without a restart.
         */
        static Optional<Api> of(EngineConfig config, Path dataDir) {
            ApiSettings settings = ApiSettings.from(config.sections().get("http"), config.file().toString());
            DowntimeCosts costs = DowntimeCosts.from(config.sections().get("costs"), config.file().toString());
            TokenFile file = new TokenFile(dataDir, Clock.systemUTC());
            return settings.tokens().isEmpty() && !file.exists() ? Optional.empty()
                    : Optional.of(new Api(settings, new AccessTokens(settings.tokens(), Optional.of(file),
                            Clock.systemUTC()), costs));
        }

        /** What the API serves from: {@code base} with this API's costs. */
        ApiBackend backend(ApiBackend base) {
            return base.withCosts(costs);
        }
    }

    Summary run(EngineConfig config, Path dataDir, Store store, Duration statusEvery, Duration runFor) {
        return run(config, dataDir, store, statusEvery, runFor, Api.of(config, dataDir));
    }

    Summary run(EngineConfig config, Path dataDir, Store store, Duration statusEvery, Duration runFor,
                Optional<Api> api) {
        Fleet fleet = config.loadFleet();
        OpcuaSettings opcua = OpcuaSettings.load(config, fleet, System::getenv);
        var dittoSettings = DittoConfig.load(config, System::getenv);
        var scadaSettings = ScadaConfig.load(config);
        var stop = new CountDownLatch(1);
        var done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "minetwin-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        TwinService service = null;
        OpcuaIngest ingest = null;
        ApiServer server = null;
        DittoSync ditto = null;
        Scorer scorer = null;
        ForecastSettings forecasts = ForecastSettings.from(config.sections().get("forecasts"), config.file().toString());
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"), clock);
        try {
            service = TwinService.start(config, fleet, store, clock);
            ingest = OpcuaIngest.start(opcua, fleet, service, store.events(), clock);
            if (dittoSettings.isPresent()) {
                ditto = DittoSync.start(dittoSettings.get(), service.repository());
            }
            scorer = new Scorer(service.repository(), store.history(),
                    new StoreLabelSource(store.events()), store.history(), store.events(), registry,
                    Optional.empty(), clock).withPriors(forecasts.priors());
            if (forecasts.enabled()) {
                scorer.start(Duration.ofSeconds(5), forecasts.every());
            }
            if (scadaSettings.isPresent()) {
                try {
                    scada = ScadaServer.start(scadaSettings.get(), service.repository(), store.history());
                } catch (io.minetwin.connectors.opcua.ConnectorException e) {
                    throw new CliException(e.getMessage());
                }
            }
            if (api.isPresent()) {
                server = startApi(api.get(), service, ingest, store, dataDir, ditto, scorer, fleet);
            }
            out.printf(Locale.ROOT, "minetwin running: %d twins from %s, history in %s%n", fleet.twins().size(),
                    config.fleetFile(), dataDir);
            if (opcua.endpoints().isEmpty()) {
                out.println("no OPC UA endpoints are configured (opcua.endpoints in " + config.file()
                        + "); the twins are kept but nothing feeds them");
            }
            opcua.endpoints().forEach(e -> out.printf(Locale.ROOT, "  endpoint %s: %s (%s), %d mappings, PKI in %s%n",
                    e.name(), e.url(), e.security(), e.mappings().size(), e.pkiDir()));
            dittoSettings.ifPresent(d -> out.printf(Locale.ROOT, "  ditto: mirroring twins to %s (at most %s updates/s"
                    + " per thing)%n", d.endpoint(), d.maxUpdatesPerSecond()));
            if (scada != null) {
                scada.describeEndpoints().forEach(e -> out.println("  OPC UA for SCADA: " + e));
                out.println("    address space: Objects/minetwin/<site>/<asset>/<component>/<channel>, <component>/Health/...;"
                        + " server certificate " + scada.pki().dir().resolve("own/server-cert.der") + ", trusted clients in "
                        + scada.pki().trustedCertsDir());
            }
            out.println(runFor == null ? "stop with Ctrl-C" : "running for " + runFor.toSeconds() + " s");
            out.flush();
            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            long nextStatus = System.nanoTime() + statusEvery.toNanos();
            boolean announced = false;
            while (true) {
                // Wake at least every second until the first forecasts are announced, then at each status.
                long until = announced ? nextStatus : Math.min(nextStatus, System.nanoTime() + 1_000_000_000L);
                long wait = Math.max(0, Math.min(until, deadline) - System.nanoTime());
                if (stop.await(wait, TimeUnit.NANOSECONDS) || System.nanoTime() >= deadline) {
                    break;
                }
                if (!announced && scorer.firstForecasts().isPresent()) {
                    announced = true;
                    Scorer.Status f = scorer.status();
                    out.printf(Locale.ROOT, "forecasts: the fleet is ranked, %d forecasts (%d from life priors, %d from"
                            + " models) %.1f s after start%n", f.forecasts(), f.priorForecasts(),
                            f.forecasts() - f.priorForecasts(),
                            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
                    out.flush();
                }
                if (System.nanoTime() >= nextStatus) {
                    nextStatus += statusEvery.toNanos();
                    printStatus(ingest, service, ditto);
                }
            }
            out.println("stopping: closing connectors, applying queued samples, flushing the store");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Each part is closed even if closing an earlier one fails, so queued samples are still applied
            // and the twins snapshotted before the store closes.
            closeQuietly("the API server", server);
            closeQuietly("the forecast scorer", scorer);
            closeQuietly("the OPC UA connectors", ingest);
            closeQuietly("the Ditto sync", ditto);
            closeQuietly("the SCADA server", scada);
            closeQuietly("the twin service", service);
        }
        IngestPipeline.Status p = ingest.pipeline().status();
        printStatus(ingest, service, ditto);
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waits for 'done'
        }
        return new Summary(p.applied(), p.gapEvents(), p.backpressureWaits(), fleet.twins().size());
    }

    private ApiServer startApi(Api api, TwinService service, OpcuaIngest ingest, Store store, Path dataDir,
                               DittoSync ditto, Scorer scorer, Fleet fleet) {
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"), clock);
        var backend = api.backend(new ApiBackend(service.repository(), store.history(), store.events(),
                () -> withScada(withForecasts(status(ingest, service, ditto), scorer)), new ObjectMapper()).withModels(registry)
                .withTraining(new FleetTrainingRunner(fleet, store, registry, clock)).withClock(clock));
        ApiServer server = new ApiServer(backend, api.tokens(), metrics);
        int port = server.start(api.settings().bind(), api.settings().port());
        out.printf(Locale.ROOT, "dashboard and API: http://%s:%d/ (%d tokens)%n", api.settings().bind(), port,
                api.tokens().count());
        return server;
    }

    private void closeQuietly(String what, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception | LinkageError e) {
            out.println("closing " + what + " failed: " + e + "; closing the rest");
            out.flush();
        }
    }

    /** {@code status} with the scorer's figures under {@code forecasts}. */
    static Map<String, Object> withForecasts(Map<String, Object> status, Scorer scorer) {
        Scorer.Status s = scorer.status();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("activeModels", s.activeModels());
        f.put("forecasts", s.forecasts());
        f.put("priorForecasts", s.priorForecasts());
        f.put("failures", s.failures());
        f.put("lastRun", s.lastRun().map(Object::toString).orElse(null));
        f.put("lastRunSeconds", Math.round(s.lastRunSeconds() * 1000) / 1000.0);
        f.put("lastError", s.lastError().orElse(null));
        status.put("forecasts", f);
        return status;
    }

    private Map<String, Object> withScada(Map<String, Object> status) {
        ScadaServer s = scada;
        if (s != null) {
            status.put("scada", ScadaStatus.map(s));
        }
        return status;
    }

    /** The engine's status as the API reports it. */
    static Map<String, Object> status(OpcuaIngest ingest, TwinService service) {
        return status(ingest, service, null);
    }

    /** The engine's status with the Ditto sync's under {@code ditto} when one runs. */
    static Map<String, Object> status(OpcuaIngest ingest, TwinService service, DittoSync ditto) {
        Map<String, Object> m = new LinkedHashMap<>();
        var t = service.status();
        Map<String, Object> twins = new LinkedHashMap<>();
        twins.put("count", t.twins());
        twins.put("batches", t.batches());
        twins.put("failedBatches", t.failedBatches());
        twins.put("historyPoints", t.historyPoints());
        Map<String, Long> outcomes = new LinkedHashMap<>();
        t.outcomes().forEach((k, v) -> outcomes.put(k.name().toLowerCase(Locale.ROOT), v));
        twins.put("outcomes", outcomes);
        twins.put("snapshotsWritten", t.snapshotsWritten());
        m.put("twins", twins);
        IngestPipeline.Status p = ingest.pipeline().status();
        Map<String, Object> pipe = new LinkedHashMap<>();
        pipe.put("accepted", p.accepted());
        pipe.put("applied", p.applied());
        pipe.put("queuedBatches", p.queuedBatches());
        pipe.put("backpressureWaits", p.backpressureWaits());
        pipe.put("backpressureMillis", p.backpressureMillis());
        pipe.put("applyFailures", p.applyFailures());
        pipe.put("gapEvents", p.gapEvents());
        pipe.put("lastError", p.lastError().orElse(null));
        m.put("ingest", pipe);
        m.put("endpoints", ingest.endpoints().stream().map(e -> {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("name", e.name());
            em.put("url", e.url());
            em.put("state", e.state().name().toLowerCase(Locale.ROOT));
            em.put("monitoredItems", e.monitoredItems());
            em.put("subscriptions", e.subscriptions());
            em.put("notificationsPerSecond", e.notificationsPerSecond());
            em.put("samples", e.samples());
            em.put("reconnects", e.reconnects());
            em.put("gaps", e.gaps());
            em.put("lastError", e.lastError().orElse(null));
            return em;
        }).toList());
        if (ditto != null) {
            m.put("ditto", ditto.statusMap());
        }
        return m;
    }

    void printStatus(OpcuaIngest ingest, TwinService service) {
        printStatus(ingest, service, null);
    }

    void printStatus(OpcuaIngest ingest, TwinService service, DittoSync ditto) {
        for (EndpointStatus s : ingest.endpoints()) {
            out.println("  " + s.describe());
        }
        IngestPipeline.Status p = ingest.pipeline().status();
        var t = service.status();
        out.printf(Locale.ROOT, "  ingest: %d samples applied, %d queued batches, %d backpressure waits (%d ms),"
                        + " %d gap events; twins: %d, history points: %d%n", p.applied(), p.queuedBatches(),
                p.backpressureWaits(), p.backpressureMillis(), p.gapEvents(), t.twins(), t.historyPoints());
        if (ditto != null) {
            out.println("  " + ditto.status().describe());
        }
        if (scada != null) {
            out.println("  " + ScadaStatus.describe(scada));
        }
        out.flush();
    }
}
