package io.minetwin.engine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.minetwin.model.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Case {@code equipment}: the engine ingests through a TCP proxy; the equipment's OPC UA server is killed
 * (SIGKILL) and restarted on the same port, then the network is cut at the proxy for a while (a black hole:
 * nothing forwarded, nothing refused or reset, so only the engine's keep-alive can notice). Reports for
 * each fault the reconnect time (from the server being back, or the link restored, until every series has
 * samples newer than that moment applied), the subscriptions recreated, the samples backfilled, the gap
 * events stored for its interval, and the samples the equipment keeps in its history for the interval
 * that are not in the engine's, and for the cut the time until the engine's status showed the connection down;
 * overall, the acknowledged samples lost (must be 0) and duplicates.
 */
final class EquipmentCase {

    private final Duration serverDown;
    private final Duration cut;

    EquipmentCase(Duration serverDown, Duration cut) {
        this.serverDown = serverDown;
        this.cut = cut;
    }

    Map<String, Object> run(Path work, FaultLayout layout, Consumer<String> progress) throws Exception {
        var run = new CaseRun("equipment", work, layout, progress);
        int port = EquipmentProcess.freePort();
        Path log = run.dir.resolve("equipment.log");
        var ack = new Acknowledged(layout);
        Map<String, Object> restart = new LinkedHashMap<>();
        Map<String, Object> netcut = new LinkedHashMap<>();
        long restartFrom;
        long restartTo;
        long cutFrom;
        long cutTo;
        int exit;
        EquipmentProcess equipment = EquipmentProcess.start(layout, port, run.history, log);
        try (TcpProxy proxy = TcpProxy.start(port)) {
            String url = equipment.url().replace(":" + port + "/", ":" + proxy.port() + "/");
            FaultConfig config = FaultConfig.write(run.dir, run.dir.resolve("data"), layout, url, 1);
            try (EngineProcess engine = EngineProcess.start(config, run.dir.resolve("engine.log"))) {
                engine.awaitApi(CaseRun.DEADLINE);
                CaseRun.await("every series has samples", CaseRun.DEADLINE, () -> ack.poll(engine) != Long.MIN_VALUE);
                CaseRun.pollFor(Duration.ofSeconds(1), ack, engine);

                // The equipment's server dies and comes back.
                JsonNode before = endpoint(engine);
                restartFrom = layout.timeOf(ack.newest());
                equipment.kill();
                ack.endLife();
                run.say("equipment server killed; restarting it in " + serverDown.toMillis() + " ms");
                CaseRun.pollFor(serverDown, ack, engine);
                equipment = EquipmentProcess.start(layout, port, run.history, log);
                long upTick = run.tickNow();
                long upAt = System.nanoTime();
                CaseRun.await("ingest resumes after the equipment's server restarted", CaseRun.DEADLINE,
                        () -> ack.poll(engine) > upTick);
                restart.put("down_ms", serverDown.toMillis());
                restart.put("reconnect_ms", (System.nanoTime() - upAt) / 1_000_000);
                CaseRun.await("the gap of the restart is recorded", Duration.ofSeconds(30),
                        () -> endpoint(engine).path("gaps").asLong() > before.path("gaps").asLong());
                JsonNode afterRestart = endpoint(engine);
                restartTo = System.currentTimeMillis();
                putDeltas(restart, before, afterRestart);

                // The network is cut, then restored.
                CaseRun.pollFor(Duration.ofSeconds(1), ack, engine);
                cutFrom = layout.timeOf(ack.newest());
                proxy.cut();
                ack.endLife();
                long cutNanos = System.nanoTime();
                run.say("network cut for " + cut.toSeconds() + " s");
                boolean[] sawReconnecting = {false};
                long[] noticedMs = {-1};
                CaseRun.await("the cut has lasted " + cut.toMillis() + " ms", cut.plusSeconds(30), () -> {
                    ack.poll(engine);
                    if (!"connected".equals(endpoint(engine).path("state").asText()) && !sawReconnecting[0]) {
                        sawReconnecting[0] = true;
                        noticedMs[0] = (System.nanoTime() - cutNanos) / 1_000_000;
                    }
                    return System.nanoTime() - cutNanos >= cut.toNanos();
                });
                proxy.restore();
                long restoredTick = run.tickNow();
                long restoredAt = System.nanoTime();
                CaseRun.await("ingest resumes after the network is restored", CaseRun.DEADLINE,
                        () -> ack.poll(engine) > restoredTick);
                netcut.put("cut_ms", cut.toMillis());
                netcut.put("reconnect_ms", (System.nanoTime() - restoredAt) / 1_000_000);
                cutTo = System.currentTimeMillis();
                netcut.put("loss_seen_during_cut", sawReconnecting[0]);
                netcut.put("noticed_ms", noticedMs[0]);
                CaseRun.pollFor(Duration.ofSeconds(2), ack, engine); // the backfill of the cut is delivered meanwhile
                JsonNode end = endpoint(engine);
                putDeltas(netcut, afterRestart, end);
                exit = engine.stop(CaseRun.DEADLINE);
                ack.endLife();
            }
        } finally {
            equipment.close();
        }
        HistoryAudit audit = HistoryAudit.read(layout, run.dir.resolve("data"), run.history);
        restart.put("gap_events", gapsBetween(audit.gaps(), restartFrom - 5_000, restartTo));
        restart.put("not_in_history", audit.missingEverywhere(layout.tickAt(restartFrom), layout.tickAt(restartTo)));
        netcut.put("gap_events", gapsBetween(audit.gaps(), cutFrom - 5_000, cutTo));
        netcut.put("not_in_history", audit.missingEverywhere(layout.tickAt(cutFrom), layout.tickAt(cutTo)));
        run.figures.put("lost", audit.lost(ack.ranges()));
        run.figures.put("acknowledged_samples", audit.acknowledged(ack.ranges()));
        run.figures.put("duplicates", audit.duplicates());
        run.figures.put("misplaced", audit.misplaced());
        run.figures.put("server_restart", restart);
        run.figures.put("network_cut", netcut);
        run.figures.put("gap_events", audit.gaps().size());
        run.figures.put("samples_stored", audit.samples());
        run.figures.put("final_stop_exit_code", exit);
        run.figures.put("items", layout.items());
        run.figures.put("tick_ms", layout.tickMs());
        return run.figures;
    }

    private static JsonNode endpoint(EngineProcess engine) throws java.io.IOException, InterruptedException {
        return engine.status().path("endpoints").path(0);
    }

    private static void putDeltas(Map<String, Object> m, JsonNode from, JsonNode to) {
        for (String k : List.of("reconnects", "subscriptionsRecreated", "backfilled", "duplicatesDropped")) {
            m.put(snake(k), to.path(k).asLong() - from.path(k).asLong());
        }
    }

    private static String snake(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    /** Gap events starting within {@code [from, to]} (epoch ms), one per affected twin. */
    private static long gapsBetween(List<Event> gaps, long from, long to) {
        return gaps.stream().filter(e -> e.time().toEpochMilli() >= from && e.time().toEpochMilli() <= to).count();
    }
}
