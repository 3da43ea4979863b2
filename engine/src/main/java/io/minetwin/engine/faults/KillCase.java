package io.minetwin.engine.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Case {@code kill}: the engine, ingesting from the equipment over OPC UA, killed with SIGKILL at random
 * moments and restarted on the same data, N times; then stopped cleanly and its history audited. Reports
 * the acknowledged samples lost (must be 0), duplicates, recovery time (from the kill until every series
 * has new samples applied by the restarted engine) and the samples produced while no engine ran, which
 * nobody received (the engine does not backfill on start).
 */
final class KillCase {

    private final int kills;
    private final Random random;

    KillCase(int kills, long seed) {
        this.kills = kills;
        this.random = new Random(seed);
    }

    Map<String, Object> run(Path work, FaultLayout layout, Consumer<String> progress) throws Exception {
        var run = new CaseRun("kill", work, layout, progress);
        int port = EquipmentProcess.freePort();
        long[] recovery = new long[kills];
        long[] lifeMs = new long[kills];
        int exit;
        var ack = new Acknowledged(layout);
        try (var equipment = EquipmentProcess.start(layout, port, run.history, run.dir.resolve("equipment.log"))) {
            FaultConfig config = FaultConfig.write(run.dir, run.dir.resolve("data"), layout, equipment.url(), 1);
            long killedAt = System.nanoTime();
            for (int i = 0; ; i++) {
                EngineProcess engine = EngineProcess.start(config, run.dir.resolve("engine-" + i + ".log"));
                try {
                    engine.awaitApi(CaseRun.DEADLINE);
                    CaseRun.await("every series has samples applied by engine life " + i, CaseRun.DEADLINE,
                            () -> ack.poll(engine) != Long.MIN_VALUE);
                    if (i > 0) {
                        recovery[i - 1] = (System.nanoTime() - killedAt) / 1_000_000;
                    }
                    if (i == kills) {
                        CaseRun.pollFor(Duration.ofSeconds(1), ack, engine);
                        exit = engine.stop(CaseRun.DEADLINE);
                        ack.endLife();
                        break;
                    }
                    // A random moment of ingest: 0.2 to 3 s after every series is live.
                    long ms = 200 + random.nextInt(2_800);
                    lifeMs[i] = ms;
                    CaseRun.pollFor(Duration.ofMillis(ms), ack, engine);
                    engine.kill();
                    killedAt = System.nanoTime();
                    ack.endLife();
                    run.say("kill " + (i + 1) + "/" + kills + " after " + ms + " ms of ingest");
                } finally {
                    engine.close();
                }
            }
        }
        HistoryAudit audit = HistoryAudit.read(layout, run.dir.resolve("data"), run.history);
        run.figures.put("kills", kills);
        run.figures.put("lost", audit.lost(ack.ranges()));
        run.figures.put("acknowledged_samples", audit.acknowledged(ack.ranges()));
        run.figures.put("duplicates", audit.duplicates());
        run.figures.put("misplaced", audit.misplaced());
        run.figures.put("recovery", CaseRun.spread(recovery));
        run.figures.put("kill_after", CaseRun.spread(lifeMs));
        run.figures.put("samples_stored", audit.samples());
        run.figures.put("not_received_while_down", audit.holesInside());
        run.figures.put("api_polls", ack.polls());
        run.figures.put("final_stop_exit_code", exit);
        run.figures.put("items", layout.items());
        run.figures.put("tick_ms", layout.tickMs());
        return run.figures;
    }
}
