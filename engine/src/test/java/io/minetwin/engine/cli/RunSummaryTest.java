package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.store.Durability;
import io.minetwin.store.StoreHealth;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void everythingStoredStopsCleanly() {
        var s = new io.minetwin.engine.runtime.Engine.Summary(100, 0, 0, 3, 0, 0, StoreHealth.ok(Durability.ACKNOWLEDGED));
        assertTrue(s.clean());
        assertEquals("stopped cleanly", s.describeStop());
    }

    @Test
    void samplesNotStoredAreCountedWithTheCauseAndTheFixNeverCleanly() {
        var degraded = new StoreHealth(true, Optional.of("history append of 1000 points failed: No space left on device"),
                Optional.of("free disk space on the filesystem of /data"), Optional.of(Instant.EPOCH), 3, 0,
                Durability.ACKNOWLEDGED, 0);
        var s = new io.minetwin.engine.runtime.Engine.Summary(11_319, 0, 42, 3, 8_974, 2, degraded);
        assertFalse(s.clean());
        String line = s.describeStop();
        assertFalse(line.contains("stopped cleanly"), line);
        assertTrue(line.contains("8,974 received samples were not stored"), line);
        assertTrue(line.contains("final snapshots of 2 twins were not written"), line);
        assertTrue(line.contains("No space left on device") && line.contains("free disk space"), line);
    }
}
