package io.minetwin.engine.bench;

import io.minetwin.connectors.ditto.DittoConnector;
import io.minetwin.connectors.ditto.DittoJson;
import io.minetwin.connectors.ditto.DittoSettings;
import io.minetwin.connectors.ditto.DittoStatus;
import io.minetwin.model.AssetType;
import io.minetwin.model.ChannelSpec;
import io.minetwin.model.ComponentType;
import io.minetwin.model.DittoThing;
import io.minetwin.model.InMemoryTwinRepository;
import io.minetwin.model.Sample;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.Twin;
import io.minetwin.model.TwinAttributes;
import io.minetwin.model.TwinDefinition;
import io.minetwin.model.TwinId;
import io.minetwin.model.Value;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.client.DittoClient;
import org.eclipse.ditto.client.DittoClients;
import org.eclipse.ditto.client.configuration.BasicAuthenticationConfiguration;
import org.eclipse.ditto.client.configuration.WebSocketMessagingConfiguration;
import org.eclipse.ditto.client.messaging.AuthenticationProviders;
import org.eclipse.ditto.client.messaging.MessagingProviders;
import org.eclipse.ditto.json.JsonObject;

/**
 * Measures the Ditto sync against any Ditto-protocol endpoint, all in one run:
 * <ol>
 * <li>baseline: after a warm-up of up to 2,000 things (namespace {@code benchwarm}), a bare Ditto client
 *     puts N things (namespace {@code benchbare}) with the same in-flight window, no sync machinery;</li>
 * <li>initial sync: the {@link DittoConnector} puts N twins of 10 channels each (namespace {@code bench});</li>
 * <li>ingest baseline: after a warm-up round, R rounds of updates to every channel applied to the repository
 *     with no listener, then R with only the sync's listener (a connector that is never started: its things
 *     wait for their first put, so this is the listener's lookup and locking, not the bookkeeping of
 *     changed properties);</li>
 * <li>burst: R rounds of updates to every channel applied with the sync listening, then the time until
 *     Ditto has acknowledged everything.</li>
 * </ol>
 * The figures: {@code things_per_s} (initial sync) against {@code bare_things_per_s}, updates handed to
 * the sync against commands sent (coalescing), and the ingest rate with the sync listening against without.
 */
public final class DittoBenchmark {

    public static final int DEFAULT_THINGS = 10_000;
    public static final int DEFAULT_ROUNDS = 3;
    static final int BATCH = 10_000;
    static final int WARM_UP_THINGS = 2_000;
    static final String[] COMPONENTS = {"motor", "drive"};
    static final String[] CHANNELS = {"temp", "current", "vibration", "speed", "load"};

    /** What to run. */
    public record Settings(URI endpoint, String user, String password, int things, int rounds,
                           double maxUpdatesPerSecond, int maxInFlight, Duration timeout) {
        public Settings {
            if (things < 1 || rounds < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("things, rounds and max in-flight must be at least 1");
            }
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public DittoBenchmark(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    static AssetType assetType() {
        var components = new ArrayList<ComponentType>();
        for (String c : COMPONENTS) {
            var channels = new ArrayList<ChannelSpec>();
            for (String ch : CHANNELS) {
                channels.add(ChannelSpec.number(ch, "").withPhysical(-1e9, 1e9));
            }
            components.add(new ComponentType(c, "", channels));
        }
        return new AssetType("bench-asset", "Ditto sync benchmark asset", components);
    }

    /** Runs the phases and returns the figures in order (snake_case names). */
    public Map<String, Object> run() throws Exception {
        AssetType type = assetType();
        var repo = new InMemoryTwinRepository(Clock.systemUTC(), Duration.ofMinutes(5));
        var attributes = new TwinAttributes("bench", "bench site", "", Optional.empty(), Map.of(), Optional.empty());
        var ids = new ArrayList<TwinId>();
        for (int i = 0; i < settings.things(); i++) {
            TwinId id = new TwinId("bench", String.format("asset-%06d", i));
            ids.add(id);
            repo.register(new TwinDefinition(id, type, attributes));
        }
        Instant t0 = Instant.now().minusSeconds(3600);
        round(repo, ids, t0, 0);
        progress.accept("seeded " + ids.size() + " twins of " + COMPONENTS.length * CHANNELS.length + " channels");

        // Warm both JVMs up with a few bare puts, so that neither measured phase pays for it.
        bareThingsPerSecond(repo, "benchwarm", Math.min(ids.size(), WARM_UP_THINGS));
        double bare = bareThingsPerSecond(repo, "benchbare", ids.size());

        var dittoSettings = DittoSettings.of(settings.endpoint(),
                        new DittoSettings.Auth.Basic(settings.user(), settings.password()))
                .withMaxUpdatesPerSecond(settings.maxUpdatesPerSecond()).withMaxInFlight(settings.maxInFlight());
        var connector = new DittoConnector(dittoSettings, repo::twin).start();
        try {
            long start = System.nanoTime();
            connector.syncAll(ids);
            waitFor(() -> connector.status().synced() == ids.size(), "initial sync", connector);
            double initialS = (System.nanoTime() - start) / 1e9;
            DittoStatus afterInitial = connector.status();
            progress.accept(String.format(java.util.Locale.ROOT, "initial sync: %d things in %.1f s", ids.size(),
                    initialS));

            int r0 = 1;
            round(repo, ids, t0, r0++); // warms up the apply path
            long base = System.nanoTime();
            for (int r = 0; r < settings.rounds(); r++) {
                round(repo, ids, t0, r0++);
            }
            double unlistenedS = (System.nanoTime() - base) / 1e9;

            // The listener's own cost: a connector that is never started records changes and sends nothing.
            var idle = new DittoConnector(dittoSettings, repo::twin);
            repo.addListener(idle);
            long listened = System.nanoTime();
            for (int r = 0; r < settings.rounds(); r++) {
                round(repo, ids, t0, r0++);
            }
            double listenerOnlyS = (System.nanoTime() - listened) / 1e9;
            repo.removeListener(idle);

            repo.addListener(connector);
            long burst = System.nanoTime();
            for (int r = 0; r < settings.rounds(); r++) {
                round(repo, ids, t0, r0++);
            }
            double applyS = (System.nanoTime() - burst) / 1e9;
            long drained = System.nanoTime();
            waitFor(() -> {
                DittoStatus s = connector.status();
                return s.pendingUpdates() == 0 && s.inFlight() == 0;
            }, "burst to drain", connector);
            double drainS = (System.nanoTime() - drained) / 1e9;
            repo.removeListener(connector);
            DittoStatus end = connector.status();
            long updates = end.changesIn();
            long burstCommands = end.commandsSent() - afterInitial.commandsSent();
            long perRound = (long) ids.size() * COMPONENTS.length * CHANNELS.length;

            var out = new LinkedHashMap<String, Object>();
            out.put("endpoint", settings.endpoint().toString());
            out.put("things", ids.size());
            out.put("channels_per_thing", COMPONENTS.length * CHANNELS.length);
            out.put("things_per_s", ids.size() / initialS);
            out.put("bare_things_per_s", bare);
            out.put("ratio", ids.size() / initialS / bare);
            out.put("initial_sync_s", initialS);
            out.put("updates_in", updates);
            out.put("commands_out", burstCommands);
            out.put("updates_per_command", burstCommands == 0 ? 0.0 : (double) updates / burstCommands);
            out.put("max_updates_per_s_per_thing", settings.maxUpdatesPerSecond());
            out.put("burst_apply_s", applyS);
            out.put("ingest_updates_per_s", (double) settings.rounds() * perRound / applyS);
            long total = settings.rounds() * perRound;
            out.put("ingest_updates_per_s_without_sync", total / unlistenedS);
            out.put("ingest_ratio", unlistenedS / applyS);
            out.put("ingest_updates_per_s_listener_only", total / listenerOnlyS);
            out.put("drain_s", drainS);
            out.put("errors", end.errorCount());
            out.put("error_kinds", end.errors().toString());
            out.put("reconnects", end.reconnects());
            return out;
        } finally {
            connector.close();
        }
    }

    /** Sets every channel of every twin to a new value, in batches as the ingest pipeline applies them. */
    private static void round(InMemoryTwinRepository repo, List<TwinId> ids, Instant t0, int round) {
        var batch = new ArrayList<Sample>(BATCH);
        Instant t = t0.plusSeconds(round);
        for (TwinId id : ids) {
            for (String c : COMPONENTS) {
                for (String ch : CHANNELS) {
                    batch.add(Sample.good(new SeriesKey(id, c, ch), t, Value.of(round + ch.length() * 0.5)));
                    if (batch.size() == BATCH) {
                        repo.apply(batch);
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            repo.apply(batch);
        }
    }

    /** Puts every twin as a thing with a bare Ditto client, the same window of outstanding commands. */
    private double bareThingsPerSecond(InMemoryTwinRepository repo, String namespace, int count) throws Exception {
        var config = WebSocketMessagingConfiguration.newBuilder().endpoint(settings.endpoint().toString())
                .jsonSchemaVersion(JsonSchemaVersion.V_2).timeout(settings.timeout()).build();
        var auth = AuthenticationProviders.basic(BasicAuthenticationConfiguration.newBuilder()
                .username(settings.user()).password(settings.password()).build());
        var executor = MessagingProviders.createExecutorService("bench-ditto-bare");
        var scheduler = MessagingProviders.createScheduledExecutorService("bench-ditto-bare-scheduler");
        DittoClient client;
        try {
            client = DittoClients.newInstance(MessagingProviders.webSocket(config, auth, executor, scheduler))
                    .connect().toCompletableFuture().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            executor.shutdownNow();
            scheduler.shutdownNow();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("cannot connect to Ditto at " + settings.endpoint() + " as "
                    + settings.user() + ": " + cause.getMessage() + "; check --endpoint (ws://host:port of Ditto's"
                    + " gateway or nginx) and --user", e);
        }
        try {
            List<Twin> twins = repo.twins().subList(0, count);
            var window = new Semaphore(settings.maxInFlight());
            var failures = new AtomicLong();
            var all = new ArrayList<CompletableFuture<?>>(twins.size());
            long start = System.nanoTime();
            for (Twin twin : twins) {
                Map<String, Object> map = new LinkedHashMap<>(DittoThing.toMap(twin));
                map.put("thingId", namespace + ":" + twin.id().name());
                JsonObject thing = DittoJson.of(map).asObject();
                window.acquire();
                all.add(client.twin().put(thing).toCompletableFuture().whenComplete((r, e) -> {
                    window.release();
                    if (e != null) {
                        failures.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(Math.max(60, twins.size() / 10), TimeUnit.SECONDS);
            double s = (System.nanoTime() - start) / 1e9;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " of " + twins.size() + " bare puts failed;"
                        + " check the endpoint, user and password");
            }
            progress.accept(String.format(java.util.Locale.ROOT, "bare client (%s): %d things in %.1f s", namespace,
                    twins.size(), s));
            return twins.size() / s;
        } finally {
            client.destroy();
            executor.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    private void waitFor(java.util.function.BooleanSupplier done, String what, DittoConnector connector)
            throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(120, settings.things() / 20) * 1_000_000_000L;
        long nextReport = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for the " + what + ": "
                        + connector.status().describe());
            }
            if (System.nanoTime() > nextReport) {
                progress.accept("  " + connector.status().describe());
                nextReport = System.nanoTime() + 5_000_000_000L;
            }
            Thread.sleep(5);
        }
    }
}
