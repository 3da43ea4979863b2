package io.minetwin.connectors.opcua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LatestValueOutboxTest {

    /** A source whose state is a boxed counter: a new object for each change, as the twin repository's states. */
    private static final class Counter {
        final AtomicReference<Long> value = new AtomicReference<>(0L);

        void set(long v) {
            value.set(v);
        }
    }

    private static void awaitIdle(LatestValueOutbox<?> outbox) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!outbox.idle() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(outbox.idle(), "the outbox became idle");
    }

    @Test
    void aStalledReaderNeitherBlocksIngestNorGrowsTheOutboxPastOneEntryPerSlot() throws Exception {
        var release = new CountDownLatch(1);
        var stalled = new CountDownLatch(1);
        var stallOnce = new AtomicBoolean(true);
        try (var outbox = new LatestValueOutbox<Long>("test-outbox", 1, TimeUnit.MILLISECONDS)) {
            List<Counter> sources = new ArrayList<>();
            List<List<Long>> got = new ArrayList<>();
            List<LatestValueOutbox.Slot<Long>> slots = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                var c = new Counter();
                List<Long> values = Collections.synchronizedList(new ArrayList<>());
                var slot = new LatestValueOutbox.Slot<>(c.value::get);
                outbox.add(slot, new LatestValueOutbox.Reader<>(() -> 0.0, () -> true, v -> {
                    if (v != 0 && stallOnce.getAndSet(false)) {
                        stalled.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    values.add(v);
                }));
                sources.add(c);
                got.add(values);
                slots.add(slot);
            }
            sources.get(0).set(-1);
            outbox.changed(slots.get(0));
            assertTrue(stalled.await(10, TimeUnit.SECONDS), "the deliverer took a value and stalls");
            // one million changes over 100 slots while nothing is delivered: changed() returns every time
            for (long i = 0; i < 1_000_000; i++) {
                int k = (int) (i % 100);
                sources.get(k).set(i);
                outbox.changed(slots.get(k));
                assertTrue(outbox.waiting() <= 100, "at most one entry per slot waits");
            }
            release.countDown();
            awaitIdle(outbox);
            for (int k = 0; k < 100; k++) {
                List<Long> values = got.get(k);
                assertEquals(999_900L + k, values.get(values.size() - 1), "slot " + k + " ends on its latest value");
                assertTrue(values.size() <= 4, "slot " + k + " got a few samples, not its 10,000 changes: " + values);
            }
            assertEquals(1_000_001, outbox.changes());
        }
    }

    @Test
    void aReaderGetsAtMostOneValuePerSamplingIntervalInOrderAndEndsOnTheLatest() throws Exception {
        double intervalMs = 50;
        try (var outbox = new LatestValueOutbox<Long>("test-outbox", 5, TimeUnit.MILLISECONDS)) {
            var c = new Counter();
            var slot = new LatestValueOutbox.Slot<>(c.value::get);
            List<Long> slow = Collections.synchronizedList(new ArrayList<>());
            List<Long> fast = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            outbox.add(slot, new LatestValueOutbox.Reader<>(() -> intervalMs, () -> true, slow::add));
            outbox.add(slot, new LatestValueOutbox.Reader<>(() -> 0.0, () -> true, fast::add));
            assertEquals(List.of(0L), slow, "a new reader gets the current value at once");
            // changes as fast as one thread makes them, for 600 ms
            long i = 0;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
            while (System.nanoTime() < until) {
                c.set(++i);
                outbox.changed(slot);
            }
            long last = i;
            awaitIdle(outbox);
            long elapsed = System.nanoTime() - start;
            List<Long> s = List.copyOf(slow);
            // every delivery is at least one interval after the one before, all within [start, now]
            long bound = (long) (elapsed / (intervalMs * 1_000_000)) + 1;
            assertTrue(s.size() <= bound, s.size() + " values in " + elapsed / 1_000_000 + " ms at " + intervalMs
                    + " ms: more than one per interval");
            assertTrue(s.size() >= 3, "it sampled while the changes went on: " + s);
            for (int k = 1; k < s.size(); k++) {
                assertTrue(s.get(k) > s.get(k - 1), "in order: " + s);
            }
            assertEquals(last, s.get(s.size() - 1), "ends on the latest value");
            List<Long> f = List.copyOf(fast);
            assertEquals(last, f.get(f.size() - 1), "the reader without an interval ends on the latest too");
            assertTrue(f.size() >= s.size(), "the faster reader gets at least as many values");
            assertEquals(last, outbox.changes());
            assertTrue(outbox.coalesced() >= last - f.size() && outbox.coalesced() < last,
                    outbox.coalesced() + " coalesced of " + last + " changes, " + f.size() + " samples");
        }
    }

    @Test
    void aReaderDisabledGetsNothingAndOnResampleGetsTheLatestAgain() throws Exception {
        try (var outbox = new LatestValueOutbox<Long>("test-outbox", 1, TimeUnit.MILLISECONDS)) {
            var c = new Counter();
            var slot = new LatestValueOutbox.Slot<>(c.value::get);
            var enabled = new AtomicBoolean(true);
            List<Long> got = Collections.synchronizedList(new ArrayList<>());
            var reader = new LatestValueOutbox.Reader<Long>(() -> 1.0, enabled::get, got::add);
            outbox.add(slot, reader);
            enabled.set(false);
            c.set(7L);
            outbox.changed(slot);
            awaitIdle(outbox);
            assertEquals(List.of(0L), got, "nothing while disabled");
            enabled.set(true);
            outbox.resample(slot, reader);
            awaitIdle(outbox);
            assertEquals(List.of(0L, 7L), got);
            assertTrue(outbox.remove(slot, reader));
            c.set(8L);
            outbox.changed(slot);
            awaitIdle(outbox);
            assertEquals(List.of(0L, 7L), got, "nothing after it was removed");
            assertFalse(slot.hasReaders(), "no readers left");
        }
    }
}
