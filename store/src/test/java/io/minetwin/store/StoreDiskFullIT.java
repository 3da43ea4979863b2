package io.minetwin.store;

import io.minetwin.model.SeriesData;
import io.minetwin.model.Point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.minetwin.model.Event;
import io.minetwin.model.EventKind;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.testkit.SmallFilesystem;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a real, small filesystem that fills up: writes fail, the store says it is degraded and
 * why, and once space is freed it takes writes again without being reopened by its user, with every
 * acknowledged sample still there.
 */
class StoreDiskFullIT {

    private static final int SERIES = 200;
    private static final long T0 = 1_767_225_600_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void degradedStoreRecoversByItselfAfterSpaceIsFreed() throws Exception {
        SmallFilesystem mounted = null;
        try {
            mounted = SmallFilesystem.mount(tmp.resolve("small"), 40);
        } catch (SmallFilesystem.Unavailable e) {
            assumeTrue(false, e.getMessage());
        }
        try (SmallFilesystem fs = mounted) {
            Path dir = fs.dir().resolve("store");
            List<SeriesKey> keys = new ArrayList<>();
            for (int s = 0; s < SERIES; s++) {
                keys.add(new SeriesKey(new TwinId("site", "shovel-" + s), "hoist", "motor_temperature"));
            }
            Store store = Store.open(dir, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO));
            try {
                int acked = 0;
                for (; acked < 5; acked++) {
                    store.history().append(batch(keys, acked));
                }
                fs.fill();
                StoreException refused = null;
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (refused == null) {
                    if (System.nanoTime() > deadline) {
                        fail("the store took " + acked + " batches on a full filesystem without failing");
                    }
                    try {
                        store.history().append(batch(keys, acked));
                        acked++;
                    } catch (StoreException e) {
                        refused = e;
                    }
                }
                StoreHealth degraded = store.health();
                assertTrue(degraded.degraded(), "health after a failed write: " + degraded);
                assertTrue(degraded.cause().orElseThrow().contains("space"), degraded.cause().orElseThrow());
                assertTrue(degraded.fix().orElseThrow().contains("free disk space"), degraded.fix().orElseThrow());
                assertTrue(refused.getMessage().contains("free disk space"), refused.getMessage());
                // Still full: writes keep being refused, reads keep working (they may show the refused
                // batch, which memory took before the disk refused it, until the store heals).
                int failedBatch = acked;
                assertRefused(() -> store.history().append(batch(keys, failedBatch)));
                int seen = store.history().read(keys.get(0), T0, T0 + 10_000_000L).size();
                assertTrue(seen == acked || seen == acked + 1, "read while degraded: " + seen + " of " + acked + " acknowledged");

                fs.free();
                int resumedAt = acked;
                long freedAt = System.nanoTime();
                deadline = freedAt + DEADLINE.toNanos();
                while (true) {
                    try {
                        store.history().append(batch(keys, acked));
                        acked++;
                        break;
                    } catch (StoreException e) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the store did not resume within " + DEADLINE + " of space being freed", e);
                        }
                        Thread.onSpinWait();
                    }
                }
                long resumeMillis = (System.nanoTime() - freedAt) / 1_000_000;
                for (int i = 0; i < 20; i++) {
                    store.history().append(batch(keys, acked++));
                }
                store.events().append(List.of(new Event(Instant.ofEpochMilli(T0), keys.get(0).twin(), null,
                        EventKind.GAP, Map.of("reason", "test"))));
                StoreHealth healed = store.health();
                assertFalse(healed.degraded(), "health after recovery: " + healed);
                assertEquals(1, healed.recoveries());
                assertTrue(resumedAt >= 1, "some batches were acknowledged before the disk filled");
                verify(store, keys, acked);
                System.out.printf("disk full: %d batches of %d samples acknowledged before the disk filled, writes"
                        + " refused with '%s'; resumed %d ms after space was freed; %d acknowledged samples, lost 0%n",
                        resumedAt, SERIES, degraded.cause().orElseThrow(), resumeMillis, (long) acked * SERIES);
            } finally {
                store.close();
            }
            // And a fresh open sees everything too.
            try (Store again = Store.open(dir, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
                SeriesData d = again.history().read(keys.get(0), T0, T0 + 10_000_000L);
                assertTrue(d.size() > 0);
                assertEquals(1, again.events().query(Optional.empty(), Instant.EPOCH, Instant.ofEpochMilli(T0 + 1)).size());
            }
        }
    }

    /** One sample per series at second {@code i}, valued {@code i + series / 1000}. */
    private static List<Point> batch(List<SeriesKey> keys, int i) {
        List<Point> b = new ArrayList<>(keys.size());
        for (int s = 0; s < keys.size(); s++) {
            b.add(Point.good(keys.get(s), T0 + i * 1000L, i + s / 1000.0));
        }
        return b;
    }

    private static void verify(Store store, List<SeriesKey> keys, int acked) {
        for (int s = 0; s < keys.size(); s += 37) {
            SeriesData d = store.history().read(keys.get(s), T0, T0 + 10_000_000L);
            assertEquals(acked, d.size(), "samples of series " + s);
            for (int i = 0; i < acked; i++) {
                assertEquals(T0 + i * 1000L, d.times()[i]);
                assertEquals(i + s / 1000.0, d.values()[i], 1e-9);
            }
        }
    }

    private static void assertRefused(Runnable write) {
        try {
            write.run();
            fail("a write on a degraded store was taken");
        } catch (StoreException expected) {
            assertTrue(expected.getMessage().contains("degraded") || expected.getMessage().contains("refuses"),
                    expected.getMessage());
        }
    }
}
