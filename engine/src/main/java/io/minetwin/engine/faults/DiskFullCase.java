package io.minetwin.engine.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Case {@code disk-full}: the engine's data directory on a small tmpfs the suite mounts; while the engine
 * ingests, a filler file takes the rest of the space. Ingest must pause with {@code /api/status} saying why
 * (store degraded, its cause and fix, ingest stalled), then resume by itself once the filler is deleted,
 * without a restart. Reports the time to detect, the time to resume after space is freed, what the status
 * said, the acknowledged samples lost (must be 0) and duplicates, and the samples the equipment produced
 * while ingest was paused that are not in history.
 */
final class DiskFullCase {

    private final int megabytes;
    private final Duration full;

    DiskFullCase(int megabytes, Duration full) {
        this.megabytes = megabytes;
        this.full = full;
    }

    Map<String, Object> run(Path work, FaultLayout layout, Consumer<String> progress) throws Exception {
        var run = new CaseRun("disk-full", work, layout, progress);
        Optional<String> why = Tmpfs.unavailable();
        if (why.isPresent()) {
            run.figures.put("skipped", why.get());
            return run.figures;
        }
        var ack = new Acknowledged(layout);
        int exit;
        long pausedFrom;
        long pausedTo;
        try (Tmpfs fs = Tmpfs.mount(run.dir.resolve("small"), megabytes);
             var equipment = EquipmentProcess.start(layout, EquipmentProcess.freePort(), run.history,
                     run.dir.resolve("equipment.log"))) {
            Path data = fs.dir().resolve("data");
            FaultConfig config = FaultConfig.write(run.dir, data, layout, equipment.url(), 1);
            try (EngineProcess engine = EngineProcess.start(config, run.dir.resolve("engine.log"))) {
                engine.awaitApi(CaseRun.DEADLINE);
                CaseRun.await("every series has samples", CaseRun.DEADLINE, () -> ack.poll(engine) != Long.MIN_VALUE);
                CaseRun.pollFor(Duration.ofSeconds(1), ack, engine);

                pausedFrom = layout.timeOf(ack.newest());
                fs.fill();
                run.say("disk filled");
                JsonNode[] status = {null};
                long detect = CaseRun.await("/api/status says the store is degraded and ingest stalled",
                        CaseRun.DEADLINE, () -> {
                            ack.poll(engine);
                            status[0] = engine.status();
                            return "degraded".equals(status[0].path("store").path("state").asText())
                                    && status[0].path("ingest").path("stalled").asBoolean();
                        });
                long appliedWhenFull = status[0].path("ingest").path("applied").asLong();
                run.figures.put("pause_detected_ms", detect);
                run.figures.put("status_store_state", status[0].path("store").path("state").asText());
                run.figures.put("status_cause", status[0].path("store").path("cause").asText());
                run.figures.put("status_fix", status[0].path("store").path("fix").asText());
                CaseRun.pollFor(full, ack, engine);
                JsonNode stillFull = engine.status();
                run.figures.put("applied_while_full", stillFull.path("ingest").path("applied").asLong() - appliedWhenFull);
                run.figures.put("not_stored_while_full", stillFull.path("ingest").path("notStored").asLong());

                fs.free();
                long freedTick = run.tickNow();
                run.say("space freed");
                long resume = CaseRun.await("ingest resumes after space is freed", CaseRun.DEADLINE, () -> {
                    JsonNode s = engine.status();
                    return "ok".equals(s.path("store").path("state").asText()) && ack.poll(engine) > freedTick;
                });
                pausedTo = System.currentTimeMillis();
                run.figures.put("resume_ms", resume);
                CaseRun.pollFor(Duration.ofSeconds(2), ack, engine);
                JsonNode end = engine.status();
                run.figures.put("store_recoveries", end.path("store").path("recoveries").asLong());
                run.figures.put("gap_events_reported", end.path("ingest").path("gapEvents").asLong());
                exit = engine.stop(CaseRun.DEADLINE);
                ack.endLife();
            }
            HistoryAudit audit = HistoryAudit.read(layout, data, run.history);
            run.figures.put("lost", audit.lost(ack.ranges()));
            run.figures.put("acknowledged_samples", audit.acknowledged(ack.ranges()));
            run.figures.put("duplicates", audit.duplicates());
            run.figures.put("misplaced", audit.misplaced());
            run.figures.put("not_in_history_while_paused",
                    audit.missingEverywhere(layout.tickAt(pausedFrom), layout.tickAt(pausedTo)));
            run.figures.put("gap_events", audit.gaps().size());
            run.figures.put("samples_stored", audit.samples());
            run.figures.put("final_stop_exit_code", exit);
            run.figures.put("filesystem_mb", megabytes);
            run.figures.put("full_for_ms", full.toMillis());
        }
        return run.figures;
    }
}
