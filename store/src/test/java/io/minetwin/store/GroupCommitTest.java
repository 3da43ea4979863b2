package io.minetwin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void concurrentWritersShareAtMostTwoSyncs() throws Exception {
        int writers = 8;
        CountDownLatch allWritten = new CountDownLatch(writers);
        AtomicInteger syncs = new AtomicInteger();
        GroupCommit commit = new GroupCommit(Durability.ACKNOWLEDGED, () -> {
            syncs.incrementAndGet();
            // The first sync waits until every writer has written, so the rest queue up behind it.
            assertTrue(allWritten.await(30, TimeUnit.SECONDS), "writers did not all write");
        });
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    long ticket = commit.written();
                    allWritten.countDown();
                    commit.await(ticket);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(syncs.get() <= 2, writers + " writers took " + syncs.get() + " syncs");
        assertEquals(syncs.get(), commit.syncs());
    }

    @Test
    void failedSyncFailsTheWritesItCoveredAndTheNextSyncIsTried() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit commit = new GroupCommit(Durability.ACKNOWLEDGED, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("No space left on device");
            }
        });
        long first = commit.written();
        StoreException e = assertThrows(StoreException.class, () -> commit.await(first));
        assertTrue(e.getMessage().contains("not acknowledged"), e.getMessage());
        long second = commit.written();
        commit.await(second);
        assertEquals(2, calls.get());
    }

    @Test
    void processDurabilityNeverSyncs() {
        GroupCommit commit = new GroupCommit(Durability.PROCESS, () -> {
            throw new AssertionError("synced");
        });
        commit.await(commit.written());
        assertEquals(0, commit.syncs());
    }
}
