package io.minetwin.engine.cli;

import io.minetwin.analytics.forecast.Scorer;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.runtime.Engine;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The console side of {@code run} and {@code demo}: starts an {@link Engine}, says what runs, prints status
 * until stopped (by Ctrl-C or SIGTERM, or after an optional duration) and closes it. Closing stops the
 * connectors, applies what is queued and writes the last twin snapshots; the caller then closes (flushes) the
 * store, prints how the engine stopped and calls {@link #finished()}: on Ctrl-C or SIGTERM a shutdown hook holds
 * the JVM until then, so a stop by signal closes the store and says whether it was clean like any other stop.
 */
final class RunEngine {

    /** How long a shutdown hook holds the JVM for the clean stop after Ctrl-C or SIGTERM. */
    private static final long STOP_GRACE_SECONDS = 60;

    private final PrintWriter out;
    private final Clock clock;
    private final CountDownLatch done = new CountDownLatch(1);
    private Thread hook;

    RunEngine(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    Engine.Summary run(EngineConfig config, Path dataDir, Store store, Duration statusEvery, Duration runFor) {
        return run(config, dataDir, store, statusEvery, runFor, Engine.Api.of(config, dataDir));
    }

    Engine.Summary run(EngineConfig config, Path dataDir, Store store, Duration statusEvery, Duration runFor,
                       Optional<Engine.Api> api) {
        var stop = new CountDownLatch(1);
        hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "minetwin-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Engine engine;
        try {
            engine = Engine.start(config, dataDir, store, api, clock, this::problem);
        } catch (Engine.CannotStart e) {
            throw new CliException(e.getMessage());
        }
        try {
            describe(engine, config, dataDir, api);
            out.println(runFor == null ? "stop with Ctrl-C" : "running for " + runFor.toSeconds() + " s");
            out.flush();
            waitForStop(engine, stop, statusEvery, runFor);
            out.println("stopping: closing connectors, applying queued samples, flushing the store");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            engine.close();
        }
        printStatus(engine);
        return engine.summary();
    }

    /**
     * Says that the caller has closed the store and reported the stop: a shutdown hook waiting after Ctrl-C or
     * SIGTERM lets the JVM exit. Call it once, in a {@code finally}, after {@link #run}.
     */
    void finished() {
        out.flush();
        done.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has just been released
            }
        }
    }

    private void describe(Engine engine, EngineConfig config, Path dataDir, Optional<Engine.Api> api) {
        engine.apiUrl().ifPresent(url -> out.printf(Locale.ROOT, "dashboard and API: %s (%d tokens)%n", url,
                api.orElseThrow().tokens().count()));
        out.printf(Locale.ROOT, "minetwin running: %d twins from %s, history in %s%n", engine.fleet().twins().size(),
                config.fleetFile(), dataDir);
        if (engine.opcua().endpoints().isEmpty() && engine.sparkplug().brokers().isEmpty()) {
            out.println("no OPC UA endpoints or Sparkplug B brokers are configured (opcua.endpoints or"
                    + " sparkplug.brokers in " + config.file() + "); the twins are kept but nothing feeds them");
        }
        engine.opcua().endpoints().forEach(e -> out.printf(Locale.ROOT, "  endpoint %s: %s (%s), %d mappings, PKI in %s%n",
                e.name(), e.url(), e.security(), e.mappings().size(), e.pkiDir()));
        engine.sparkplug().brokers().forEach(b -> out.printf(Locale.ROOT, "  sparkplug broker %s: %s, %d mappings,"
                + " subscribed to %s%n", b.name(), b.url(), b.mappings().size(), String.join(", ", b.topicFilters())));
        engine.ditto().ifPresent(d -> out.printf(Locale.ROOT, "  ditto: mirroring twins to %s (at most %s updates/s"
                + " per thing)%n", d.endpoint(), d.maxUpdatesPerSecond()));
        engine.scada().ifPresent(scada -> {
            scada.describeEndpoints().forEach(e -> out.println("  OPC UA for SCADA: " + e));
            out.println("    address space: Objects/minetwin/<site>/<asset>/<component>/<channel>, <component>/Health/...;"
                    + " server certificate " + scada.pki().dir().resolve("own/server-cert.der") + ", trusted clients in "
                    + scada.pki().trustedCertsDir());
        });
    }

    /** Prints status every {@code statusEvery}, and the time to the first ranked forecasts once, until stopped. */
    private void waitForStop(Engine engine, CountDownLatch stop, Duration statusEvery, Duration runFor)
            throws InterruptedException {
        long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
        long nextStatus = System.nanoTime() + statusEvery.toNanos();
        boolean announced = false;
        while (true) {
            // Wake at least every second until the first forecasts are announced, then at each status.
            long until = announced ? nextStatus : Math.min(nextStatus, System.nanoTime() + 1_000_000_000L);
            long wait = Math.max(0, Math.min(until, deadline) - System.nanoTime());
            if (stop.await(wait, TimeUnit.NANOSECONDS) || System.nanoTime() >= deadline) {
                return;
            }
            if (!announced && engine.scorer().firstForecasts().isPresent()) {
                announced = true;
                Scorer.Status f = engine.scorer().status();
                out.printf(Locale.ROOT, "forecasts: the fleet is ranked, %d forecasts (%d from life priors, %d from"
                        + " models) %.1f s after start%n", f.forecasts(), f.priorForecasts(),
                        f.forecasts() - f.priorForecasts(), ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
                out.flush();
            }
            if (System.nanoTime() >= nextStatus) {
                nextStatus += statusEvery.toNanos();
                printStatus(engine);
            }
        }
    }

    private void printStatus(Engine engine) {
        engine.statusLines().forEach(out::println);
        out.flush();
    }

    private void problem(String message) {
        out.println(message);
        out.flush();
    }
}
