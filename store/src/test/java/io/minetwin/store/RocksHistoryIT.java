package io.minetwin.store;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the RocksDB history, with default and with tiny chunks and checkpoints. */
class RocksHistoryIT {

    abstract static class OnDisk extends HistoryContract {
        @TempDir
        Path dir;
        private Store store;
        private StoreOptions options;

        abstract StoreOptions options();

        @Override
        protected History create(RetentionPolicy retention) {
            if (store != null) {
                store.close();
            }
            options = options().withRetention(retention);
            store = Store.open(dir, options);
            return store.history();
        }

        @Override
        protected History reopen(History current) {
            store.close();
            store = Store.open(dir, options);
            return store.history();
        }

        Store store() {
            history();
            return store;
        }

        @AfterEach
        void closeStore() {
            if (store != null) {
                store.close();
            }
        }
    }

    @Nested
    class DefaultOptions extends OnDisk {
        @Override
        StoreOptions options() {
            return StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO);
        }

        @Test
        void closingTwiceIsHarmlessAndUseAfterCloseSaysSo() {
            Store s = store();
            s.history().append(ramp(TEMP, T0, 1000, 10));
            s.close();
            s.close();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> s.history().read(TEMP, T0, T0 + 10_000));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }

        @Test
        void secondOpenOfTheSameDirectoryIsRefusedWithAClearMessage() {
            store();
            StoreException e = assertThrows(StoreException.class, () -> Store.open(dir, options()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Nested
    class TinyChunksAndCheckpoints extends OnDisk {
        @Override
        StoreOptions options() {
            return StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO)
                    .withChunkMaxSamples(7).withCheckpointBytes(300);
        }

        @Test
        void checkpointsDropTheLog() {
            RocksHistory h = ((RocksStore) store()).currentHistory();
            List<Point> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(Point.good(TEMP, T0 + i, i / 10.0));
            }
            h.append(batch);
            assertEquals(0, h.walBytesSinceCheckpoint());
            h.append(List.of(Point.good(TEMP, T0 + 1000, 1)));
            assertTrue(h.walBytesSinceCheckpoint() > 0);
        }
    }
}
