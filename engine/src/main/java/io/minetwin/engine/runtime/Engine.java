package io.minetwin.engine.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.analytics.registry.ModelRegistry;
import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.connectors.opcua.ConnectorException;
import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.connectors.opcua.server.ScadaServer;
import io.minetwin.engine.analytics.FleetTrainingRunner;
import io.minetwin.engine.analytics.StoreLabelSource;
import io.minetwin.engine.api.AccessTokens;
import io.minetwin.engine.api.ApiBackend;
import io.minetwin.engine.api.ApiServer;
import io.minetwin.engine.api.ApiSettings;
import io.minetwin.engine.api.DowntimeCosts;
import io.minetwin.engine.api.TokenFile;
import io.minetwin.engine.cmms.CmmsMapping;
import io.minetwin.engine.config.CmmsMappingLoader;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.ditto.DittoConfig;
import io.minetwin.engine.ditto.DittoSync;
import io.minetwin.engine.forecast.ForecastSettings;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.ingest.OpcuaIngest;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.engine.notify.NotificationSettings;
import io.minetwin.engine.notify.NotificationsConfig;
import io.minetwin.engine.notify.Notifier;
import io.minetwin.engine.ingest.SparkplugIngest;
import io.minetwin.engine.ingest.SparkplugSettings;
import io.minetwin.connectors.sparkplug.SparkplugStatus;
import io.minetwin.engine.scada.ScadaConfig;
import io.minetwin.engine.scada.ScadaStatus;
import io.minetwin.model.EventLog;
import io.minetwin.model.Fleet;
import io.minetwin.store.Store;
import io.minetwin.store.StoreHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.minetwin.engine.api.AuditLog;
import org.slf4j.LoggerFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The running engine, built from a configuration over an open store: the twin service, the OPC UA ingest,
 * the Sparkplug B ingest (into the same pipeline), the Ditto sync, the notifier, the forecast scorer (whose
 * alerts the notifier hears), the OPC UA server for SCADA systems and the REST API with the dashboard, started
 * in that order ({@link #start}). {@link #close()} stops them in the order that loses nothing: the API, the
 * scorer, the notifier (which sends what digest windows hold), the Sparkplug B and OPC UA connectors, the Ditto
 * sync, the SCADA server, and last the twin service, which applies what is queued and writes the last twin
 * snapshots. The store stays open; it is the
 * caller's, who closes (flushes) it after this.
 *
 * <p>The {@code run} and {@code demo} commands are thin commands over this class.
 */
public final class Engine implements AutoCloseable {

    /**
     * The REST API to serve alongside, or none.
     *
     * @param costs downtime costs per asset type, from the configuration's {@code costs} section
     * @param cmms  CMMS mappings for work orders in SAP PM or Maximo shape, from the {@code cmms} section
     */
    public record Api(ApiSettings settings, AccessTokens tokens, DowntimeCosts costs, List<CmmsMapping> cmms) {
        public Api {
            cmms = List.copyOf(cmms);
        }

        public Api(ApiSettings settings, AccessTokens tokens) {
            this(settings, tokens, DowntimeCosts.NONE);
        }

        public Api(ApiSettings settings, AccessTokens tokens, DowntimeCosts costs) {
            this(settings, tokens, costs, List.of());
        }

        /**
         * The configuration's {@code http} section with the data directory's token file; no API when neither
         * declares a token (nobody could use it). Tokens created in the file later take effect without a restart.
         */
        public static Optional<Api> of(EngineConfig config, Path dataDir) {
            ApiSettings settings = ApiSettings.from(config.sections().get("http"), config.file().toString(),
                    System::getenv, config.file().toAbsolutePath().getParent());
            DowntimeCosts costs = DowntimeCosts.from(config.sections().get("costs"), config.file().toString());
            List<CmmsMapping> cmms = CmmsMappingLoader.fromSection(config.sections().get("cmms"), config.file());
            TokenFile file = new TokenFile(dataDir, Clock.systemUTC());
            return settings.tokens().isEmpty() && !file.exists() ? Optional.empty()
                    : Optional.of(new Api(settings, new AccessTokens(settings.tokens(), Optional.of(file),
                            Clock.systemUTC()), costs, cmms));
        }

        /** What the API serves from: {@code base} with this API's costs and CMMS mappings. */
        ApiBackend backend(ApiBackend base) {
            return base.withCosts(costs).withCmms(cmms);
        }
    }

    /** The SCADA server could not start; the message says why and what to do. */
    public static final class CannotStart extends RuntimeException {
        CannotStart(ConnectorException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * What a finished run did, for the caller's summary.
     *
     * @param notStored        samples received from connectors that never reached the store (0 after a
     *                         clean stop)
     * @param pendingSnapshots twins whose final snapshot could not be written
     * @param store            the store's health at the end
     */
    public record Summary(long applied, long gapEvents, long backpressureWaits, int twins, long notStored,
                          int pendingSnapshots, StoreHealth store) {

        /** Whether everything received was stored and every twin snapshotted. */
        public boolean clean() {
            return notStored == 0 && pendingSnapshots == 0;
        }

        /** One line for the end of a run: "stopped cleanly", or what was not stored and why. */
        public String describeStop() {
            if (clean()) {
                return "stopped cleanly";
            }
            StringBuilder b = new StringBuilder("stopped, NOT cleanly:");
            if (notStored > 0) {
                b.append(String.format(Locale.ROOT, " %,d received samples were not stored (lost);", notStored));
            }
            if (pendingSnapshots > 0) {
                b.append(String.format(Locale.ROOT, " the final snapshots of %d twins were not written (they restart"
                        + " from older snapshots);", pendingSnapshots));
            }
            store.cause().ifPresent(c -> b.append(" store degraded: ").append(c).append(';'));
            store.fix().ifPresent(f -> b.append(" fix: ").append(f));
            return b.toString();
        }
    }

    private final Fleet fleet;
    private Store store;
    private Optional<Api> api = Optional.empty();
    private final OpcuaSettings opcua;
    private final Optional<DittoSettings> dittoSettings;
    private final Consumer<String> problems;
    private TwinService service;
    private OpcuaIngest ingest;
    private SparkplugIngest sparkplug = SparkplugIngest.NONE;
    private SparkplugSettings sparkplugSettings = SparkplugSettings.NONE;
    private DittoSync ditto;
    private Scorer scorer;
    private Notifier notifier;
    private RetrainSchedule retrain;
    private ScadaServer scada;
    /** Alerts and acknowledgements between the event log and the SCADA server's alarm conditions, if it runs. */
    private io.minetwin.engine.scada.ScadaAlarmBridge scadaAlarms;
    private ApiServer server;
    private int apiPort;

    private Engine(Fleet fleet, OpcuaSettings opcua, Optional<DittoSettings> dittoSettings, Consumer<String> problems) {
        this.fleet = fleet;
        this.opcua = opcua;
        this.dittoSettings = dittoSettings;
        this.problems = problems;
    }

    /**
     * Builds and starts the engine's parts in order. If one cannot start, those already started are closed
     * (as {@link #close()} does) before the exception is thrown.
     *
     * @param problems where a part that fails to close is reported; the others are closed all the same
     * @throws CannotStart if the SCADA server cannot start (its port is taken, its PKI is unusable)
     */
    public static Engine start(EngineConfig config, Path dataDir, Store store, Optional<Api> api, Clock clock,
                               Consumer<String> problems) {
        Fleet fleet = config.loadFleet();
        OpcuaSettings opcua = OpcuaSettings.load(config, fleet, System::getenv);
        SparkplugSettings sparkplugSettings = SparkplugSettings.load(config, fleet, System::getenv);
        var dittoSettings = DittoConfig.load(config, System::getenv);
        var scadaSettings = ScadaConfig.load(config);
        Optional<NotificationSettings> notifications = NotificationsConfig.load(config, System::getenv);
        Engine e = new Engine(fleet, opcua, dittoSettings, problems);
        e.store = store;
        e.api = api;
        e.sparkplugSettings = sparkplugSettings;
        ForecastSettings forecasts = ForecastSettings.from(config.sections().get("forecasts"), config.file().toString());
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"), clock);
        try {
            e.service = TwinService.start(config, fleet, store, clock);
            e.ingest = OpcuaIngest.start(opcua, fleet, e.service, store.events(), clock);
            e.sparkplug = SparkplugIngest.start(sparkplugSettings, fleet, e.ingest.pipeline(), clock);
            if (dittoSettings.isPresent()) {
                e.ditto = DittoSync.start(dittoSettings.get(), e.service.repository());
            }
            EventLog alerts = store.events();
            if (notifications.isPresent()) {
                e.notifier = Notifier.start(notifications.get(), fleet, Optional.of(store.events()), clock);
                alerts = e.notifier.tap(store.events());
            }
            if (scadaSettings.isPresent()) {
                e.scadaAlarms = new io.minetwin.engine.scada.ScadaAlarmBridge(store.events(), clock);
                alerts = e.scadaAlarms.tap(alerts);
            }
            e.scorer = new Scorer(e.service.repository(), store.history(),
                    new StoreLabelSource(store.events()), store.history(), alerts, registry,
                    Optional.empty(), clock).withPriors(forecasts.priors())
                    .withDrift(new io.minetwin.analytics.monitor.DriftTracker(dataDir.resolve("monitor")));
            if (forecasts.enabled()) {
                e.scorer.start(Duration.ofSeconds(5), forecasts.every());
            }
            if (scadaSettings.isPresent()) {
                try {
                    e.scada = ScadaServer.start(scadaSettings.get(), e.service.repository(), store.history(),
                            new io.minetwin.engine.scada.ScadaAuditLog(new AuditLog(dataDir), Clock.systemUTC()));
                    e.scadaAlarms.connect(e.scada.alarms());
                } catch (ConnectorException scadaFailed) {
                    throw new CannotStart(scadaFailed);
                }
            }
            if (api.isPresent()) {
                e.startApi(api.get(), store, dataDir, clock);
            }
            if (forecasts.retrain().isPresent()) {
                e.startRetrain(forecasts.retrain().get(), registry, clock);
            }
            return e;
        } catch (RuntimeException | Error failed) {
            e.close();
            throw failed;
        }
    }

    /**
     * Champion/challenger every {@code every}: through the API's training jobs when the API runs (so rounds show
     * in {@code GET /api/jobs}), else on the schedule's own thread.
     */
    private void startRetrain(Duration every, ModelRegistry registry, Clock clock) {
        FleetTrainingRunner runner = new FleetTrainingRunner(fleet, store, registry, clock);
        java.util.function.Function<io.minetwin.engine.api.TrainingRunner.Request, String> submit;
        if (server != null) {
            submit = server::submitTraining;
        } else {
            submit = request -> {
                try {
                    return String.valueOf(runner.train(request, (fraction, message) -> { }));
                } catch (RuntimeException failed) {
                    throw failed;
                } catch (Exception failed) {
                    throw new IllegalStateException(failed.getMessage(), failed);
                }
            };
        }
        retrain = new RetrainSchedule(every, registry, store.events(), submit, clock).start();
    }

    private void startApi(Api api, Store store, Path dataDir, Clock clock) {
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ModelRegistry registry = new ModelRegistry(dataDir.resolve("models"), clock);
        var events = scadaAlarms == null ? store.events() : scadaAlarms.tap(store.events());
        var backend = api.backend(new ApiBackend(service.repository(), store.history(), events,
                this::status, new ObjectMapper()).withModels(registry)
                .withTraining(new FleetTrainingRunner(fleet, store, registry, clock)).withClock(clock));
        registerStoreMetrics(metrics, store, ingest.pipeline());
        server = new ApiServer(backend, api.tokens(), metrics).withAudit(new AuditLog(dataDir));
        server.withCommands(new io.minetwin.engine.command.CommandService(service.repository(),
                new io.minetwin.engine.command.OpcuaCommandWriter(ingest::connectors), Optional.of(new AuditLog(dataDir)),
                clock, io.minetwin.engine.command.CommandService.Settings.DEFAULTS));
        if (api.settings().tls().isEmpty() && !api.settings().loopbackOnly()) {
            LoggerFactory.getLogger(Engine.class).warn("the API serves plain HTTP on {} (insecure-http: true): tokens"
                    + " cross the network in clear text", api.settings().bind());
        }
        apiPort = server.start(api.settings().bind(), api.settings().port(), api.settings().tls());
    }

    /** The fleet the engine keeps. */
    public Fleet fleet() {
        return fleet;
    }

    /** The OPC UA endpoints it ingests from. */
    public OpcuaSettings opcua() {
        return opcua;
    }

    /** The Sparkplug B brokers it ingests from. */
    public SparkplugSettings sparkplug() {
        return sparkplugSettings;
    }

    /** The Ditto cluster it mirrors twins to, if any. */
    public Optional<DittoSettings> ditto() {
        return dittoSettings;
    }

    /** The OPC UA server for SCADA systems, if one runs. */
    public Optional<ScadaServer> scada() {
        return Optional.ofNullable(scada);
    }

    /** The address the dashboard and API are served at, e.g. {@code https://127.0.0.1:8443/}, if they are. */
    public Optional<String> apiUrl() {
        return server == null ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "%s://%s:%d/",
                api.orElseThrow().settings().scheme(), api.orElseThrow().settings().bind(), apiPort));
    }

    /** The port the REST API and dashboard listen on, if they are served. */
    public Optional<Integer> apiPort() {
        return server == null ? Optional.empty() : Optional.of(apiPort);
    }

    /** The notifier, if the configuration has a {@code notifications} section. */
    public Optional<Notifier> notifier() {
        return Optional.ofNullable(notifier);
    }

    /** The forecast scorer. */
    public Scorer scorer() {
        return scorer;
    }

    /** The engine's status as the API reports it ({@code /api/status}). */
    public Map<String, Object> status() {
        Map<String, Object> m = status(ingest, service, ditto);
        m.put("sparkplug", sparkplug.brokers().stream().map(Engine::sparkplugStatus).toList());
        withStore(m, store);
        withForecasts(m, scorer);
        if (notifier != null) {
            m.put("notifications", notificationStatus(notifier.status()));
        }
        if (scada != null) {
            m.put("scada", ScadaStatus.map(scada));
        }
        return m;
    }

    /**
     * Store health and ingest backlog as Prometheus metrics: {@code minetwin_store_degraded} (1 while
     * writes are refused), {@code minetwin_store_write_failures_total}, {@code minetwin_store_recoveries_total},
     * {@code minetwin_store_syncs_total},
     * {@code minetwin_ingest_not_stored_samples} and {@code minetwin_ingest_stalled}.
     */
    public static void registerStoreMetrics(MeterRegistry metrics, Store store, IngestPipeline pipeline) {
        Gauge.builder("minetwin.store.degraded", store, s -> s.health().degraded() ? 1 : 0)
                .description("1 while the store refuses writes after a failed write (see /api/status store.cause)")
                .register(metrics);
        FunctionCounter.builder("minetwin.store.write.failures", store, s -> s.health().failures())
                .description("Store writes that failed (disk full, I/O error)").register(metrics);
        FunctionCounter.builder("minetwin.store.recoveries", store, s -> s.health().recoveries())
                .description("Times the store recovered from a failed write without a restart").register(metrics);
        FunctionCounter.builder("minetwin.store.syncs", store, s -> s.health().syncs())
                .description("fsyncs of the store's log (acknowledged durability; concurrent writes share one)")
                .register(metrics);
        Gauge.builder("minetwin.ingest.not.stored", pipeline, p -> p.status().notStored())
                .description("Samples received from connectors and not yet stored (queued or being retried)")
                .baseUnit("samples").register(metrics);
        Gauge.builder("minetwin.ingest.stalled", pipeline, p -> p.status().stalled() ? 1 : 0)
                .description("1 while ingest retries a batch the store refused").register(metrics);
    }

    private static Map<String, Object> sparkplugStatus(SparkplugStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("url", s.url());
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("edgeNodesOnline", s.nodesOnline());
        m.put("devicesOnline", s.devicesOnline());
        m.put("messagesPerSecond", s.messagesPerSecond());
        m.put("samples", s.samples());
        m.put("historical", s.historical());
        m.put("staleMarked", s.staleMarked());
        m.put("rebirthRequests", s.rebirthRequests());
        m.put("sequenceGaps", s.sequenceGaps());
        m.put("gaps", s.gaps());
        m.put("unmapped", s.unmapped());
        m.put("lastError", s.lastError().orElse(null));
        return m;
    }

    /** {@code status} with the store's health under {@code store}. */
    public static Map<String, Object> withStore(Map<String, Object> status, Store store) {
        StoreHealth h = store.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", h.state());
        m.put("durability", h.durability().configName());
        m.put("cause", h.cause().orElse(null));
        m.put("fix", h.fix().orElse(null));
        m.put("since", h.since().map(Object::toString).orElse(null));
        m.put("writeFailures", h.failures());
        m.put("recoveries", h.recoveries());
        m.put("syncs", h.syncs());
        status.put("store", m);
        return status;
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

    /** The notifier's figures as {@code /api/status} shows them under {@code notifications}. */
    static Map<String, Object> notificationStatus(Notifier.Status s) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("queued", s.queued());
        n.put("dropped", s.dropped());
        n.put("matched", s.matched());
        n.put("collected", s.collected());
        n.put("channels", s.channels().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("kind", c.kind());
            cm.put("delivered", c.delivered());
            cm.put("failed", c.failed());
            cm.put("retries", c.retries());
            cm.put("dropped", c.dropped());
            cm.put("queued", c.queued());
            cm.put("lastError", c.lastError().orElse(null));
            return cm;
        }).toList());
        return n;
    }

    /** The ingest's and twins' status, with the Ditto sync's under {@code ditto} when one runs. */
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
        pipe.put("notStored", p.notStored());
        pipe.put("stalled", p.stalled());
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
            em.put("subscriptionsRecreated", e.subscriptionsRecreated());
            em.put("backfilled", e.backfilled());
            em.put("duplicatesDropped", e.duplicatesDropped());
            em.put("gaps", e.gaps());
            em.put("lastError", e.lastError().orElse(null));
            return em;
        }).toList());
        if (ditto != null) {
            m.put("ditto", ditto.statusMap());
        }
        return m;
    }

    /** The status as the console prints it: one line per endpoint, the ingest, Ditto and SCADA, each indented. */
    public List<String> statusLines() {
        List<String> lines = new ArrayList<>();
        for (EndpointStatus s : ingest.endpoints()) {
            lines.add("  " + s.describe());
        }
        for (SparkplugStatus s : sparkplug.brokers()) {
            lines.add("  " + s.describe());
        }
        IngestPipeline.Status p = ingest.pipeline().status();
        var t = service.status();
        lines.add(String.format(Locale.ROOT, "  ingest: %d samples applied, %d queued batches, %d backpressure waits"
                        + " (%d ms), %d gap events; twins: %d, history points: %d", p.applied(), p.queuedBatches(),
                p.backpressureWaits(), p.backpressureMillis(), p.gapEvents(), t.twins(), t.historyPoints()));
        if (ditto != null) {
            lines.add("  " + ditto.status().describe());
        }
        if (scada != null) {
            lines.add("  " + ScadaStatus.describe(scada));
        }
        StoreHealth h = store.health();
        if (h.degraded()) {
            lines.add("  store DEGRADED since " + h.since().map(Object::toString).orElse("?") + ": "
                    + h.cause().orElse("?") + "; fix: " + h.fix().orElse("?"));
        } else if (h.recoveries() > 0) {
            lines.add(String.format(Locale.ROOT, "  store: ok (%s durability), recovered %d times from %d failed"
                    + " writes", h.durability().configName(), h.recoveries(), h.failures()));
        }
        return lines;
    }

    /** What the engine did so far. */
    public Summary summary() {
        IngestPipeline.Status p = ingest.pipeline().status();
        return new Summary(p.applied(), p.gapEvents(), p.backpressureWaits(), fleet.twins().size(), p.notStored(),
                service.status().pendingSnapshots(), store.health());
    }

    /**
     * Stops the parts in the order that loses nothing. Each part is closed even if closing an earlier one
     * fails, so queued samples are still applied and the twins snapshotted before the caller closes the store.
     */
    @Override
    public void close() {
        closeQuietly("the retraining schedule", retrain);
        closeQuietly("the API server", server);
        closeQuietly("the forecast scorer", scorer);
        closeQuietly("the notifier", notifier);
        closeQuietly("the Sparkplug B connectors", sparkplug);
        closeQuietly("the OPC UA connectors", ingest);
        closeQuietly("the Ditto sync", ditto);
        closeQuietly("the SCADA server", scada);
        closeQuietly("the SCADA alarm conditions' feed", scadaAlarms);
        closeQuietly("the twin service", service);
    }

    private void closeQuietly(String what, AutoCloseable part) {
        if (part == null) {
            return;
        }
        try {
            part.close();
        } catch (Exception | LinkageError e) {
            problems.accept("closing " + what + " failed: " + e + "; closing the rest");
        }
    }
}
