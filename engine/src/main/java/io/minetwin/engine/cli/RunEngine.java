package io.minetwin.engine.cli;

import io.minetwin.connectors.opcua.EndpointStatus;
import io.minetwin.engine.config.EngineConfig;
import io.minetwin.engine.ingest.IngestPipeline;
import io.minetwin.engine.ingest.OpcuaIngest;
import io.minetwin.engine.ingest.OpcuaSettings;
import io.minetwin.engine.runtime.TwinService;
import io.minetwin.model.Fleet;
import io.minetwin.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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

    RunEngine(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** What a finished run did, for the caller's summary. */
    record Summary(long applied, long gapEvents, long backpressureWaits, int twins) {
    }

    Summary run(EngineConfig config, Path dataDir, Store store, Duration statusEvery, Duration runFor) {
        Fleet fleet = config.loadFleet();
        OpcuaSettings opcua = OpcuaSettings.load(config, fleet, System::getenv);
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
        try {
            service = TwinService.start(config, fleet, store, clock);
            ingest = OpcuaIngest.start(opcua, fleet, service, store.events(), clock);
            out.printf(Locale.ROOT, "minetwin running: %d twins from %s, history in %s%n", fleet.twins().size(),
                    config.fleetFile(), dataDir);
            if (opcua.endpoints().isEmpty()) {
                out.println("no OPC UA endpoints are configured (opcua.endpoints in " + config.file()
                        + "); the twins are kept but nothing feeds them");
            }
            opcua.endpoints().forEach(e -> out.printf(Locale.ROOT, "  endpoint %s: %s (%s), %d mappings, PKI in %s%n",
                    e.name(), e.url(), e.security(), e.mappings().size(), e.pkiDir()));
            out.println(runFor == null ? "stop with Ctrl-C" : "running for " + runFor.toSeconds() + " s");
            out.flush();
            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            while (true) {
                long wait = Math.min(statusEvery.toNanos(), Math.max(0, deadline - System.nanoTime()));
                if (stop.await(wait, TimeUnit.NANOSECONDS) || System.nanoTime() >= deadline) {
                    break;
                }
                printStatus(ingest, service);
            }
            out.println("stopping: closing connectors, applying queued samples, flushing the store");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ingest != null) {
                ingest.close();
            }
            if (service != null) {
                service.close();
            }
        }
        IngestPipeline.Status p = ingest.pipeline().status();
        printStatus(ingest, service);
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and waits for 'done'
        }
        return new Summary(p.applied(), p.gapEvents(), p.backpressureWaits(), fleet.twins().size());
    }

    void printStatus(OpcuaIngest ingest, TwinService service) {
        for (EndpointStatus s : ingest.endpoints()) {
            out.println("  " + s.describe());
        }
        IngestPipeline.Status p = ingest.pipeline().status();
        var t = service.status();
        out.printf(Locale.ROOT, "  ingest: %d samples applied, %d queued batches, %d backpressure waits (%d ms),"
                        + " %d gap events; twins: %d, history points: %d%n", p.applied(), p.queuedBatches(),
                p.backpressureWaits(), p.backpressureMillis(), p.gapEvents(), t.twins(), t.historyPoints());
        out.flush();
    }
}
