package io.minetwin.engine.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite's fast version: the engine as a separate process killed with SIGKILL twice during OPC UA
 * ingest, then the equipment's server killed and restarted and the network black-holed for 14 s through the
 * suite's proxy. Nothing acknowledged is lost or stored twice, and the restart and the cut are marked with gap events
 * and backfilled from the equipment's history. The long version is {@code minetwin bench faults}.
 */
class FaultSuiteIT {

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void killsServerRestartAndNetworkCutLoseNothingAcknowledged() throws Exception {
        var settings = new FaultSuite.Settings(Set.of("kill", "equipment"), 2, Duration.ofSeconds(1),
                Duration.ofSeconds(14), Duration.ofSeconds(1), 64, Duration.ofSeconds(1), 0, 0, 1, 1, 100, 7L);
        // A fast start over throughput: this version restarts the engine three times.
        System.setProperty(EngineProcess.JAVA_OPTS_PROPERTY, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx512m");
        Map<String, Object> out;
        try {
            out = new FaultSuite(settings, System.out::println).run(work);
        } finally {
            System.clearProperty(EngineProcess.JAVA_OPTS_PROPERTY);
        }
        System.out.println("fault suite (fast): " + out);
        var cases = (Map<String, Map<String, Object>>) out.get("cases");

        Map<String, Object> kill = cases.get("kill");
        assertFalse(kill.containsKey("error"), String.valueOf(kill.get("error")));
        assertEquals(2, kill.get("kills"));
        assertEquals(0L, kill.get("lost"), kill.toString());
        assertEquals(0L, kill.get("duplicates"), kill.toString());
        assertEquals(0L, kill.get("misplaced"), kill.toString());
        assertTrue((Long) kill.get("acknowledged_samples") > 0, "nothing was acknowledged: " + kill);

        Map<String, Object> equipment = cases.get("equipment");
        assertFalse(equipment.containsKey("error"), String.valueOf(equipment.get("error")));
        assertEquals(0L, equipment.get("lost"), equipment.toString());
        assertEquals(0L, equipment.get("duplicates"), equipment.toString());
        assertTrue((Long) equipment.get("acknowledged_samples") > 0, "nothing was acknowledged: " + equipment);
        var restart = (Map<String, Object>) equipment.get("server_restart");
        assertTrue((Long) restart.get("subscriptions_recreated") >= 1, restart.toString());
        assertTrue((Long) restart.get("gap_events") >= 1, "the restart left no gap event: " + restart);
        assertEquals(0L, restart.get("not_in_history"), "samples the equipment kept were not backfilled: " + restart);
        var cut = (Map<String, Object>) equipment.get("network_cut");
        // The cut is a black hole (nothing refused or reset): only OPC UA's timeouts can notice it (the session
        // keep-alive, within 14 s at the latest), and the status shows it before the link heals.
        assertEquals(Boolean.TRUE, cut.get("loss_seen_during_cut"), "the black hole went unnoticed: " + cut);
        assertTrue((Long) cut.get("noticed_ms") >= 0 && (Long) cut.get("noticed_ms") < 14_000, cut.toString());
        // 14 s of values do not fit the server's queue of 1 s: the overflow is marked and backfilled.
        assertTrue((Long) cut.get("gap_events") >= 1, "the cut left no gap event: " + cut);
        assertEquals(0L, cut.get("not_in_history"), "samples the equipment kept were not backfilled: " + cut);
        assertTrue((Long) cut.get("reconnect_ms") >= 0, cut.toString());
        assertEquals(Boolean.TRUE, out.get("all_lost_zero"));
    }
}
