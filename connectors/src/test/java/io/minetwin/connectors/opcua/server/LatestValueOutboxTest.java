package io.minetwin.connectors.opcua.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatestValueOutboxTest {

    @Test
    void aStalledDelivererNeitherBlocksTheProducerNorGrowsTheOutboxPastOneValuePerKey() throws Exception {
        var release = new CountDownLatch(1);
        var firstTaken = new CountDownLatch(1);
        Map<Integer, List<Long>> got = new ConcurrentHashMap<>();
        try (var outbox = new LatestValueOutbox<Integer, Long>("test-outbox", (k, v) -> {
            firstTaken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        })) {
            outbox.offer(-1, -1L);
            assertTrue(firstTaken.await(10, TimeUnit.SECONDS), "the deliverer took the first value and stalls");
            // one million values over 100 keys while nothing is delivered: offer returns every time
            for (long i = 0; i < 1_000_000; i++) {
                outbox.offer((int) (i % 100), i);
            }
            assertEquals(100, outbox.waiting(), "one value per key waits, the latest");
            assertEquals(1_000_000 - 100, outbox.coalesced());
            release.countDown();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!outbox.idle() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(outbox.idle());
            for (int k = 0; k < 100; k++) {
                assertEquals(List.of(999_900L + k), got.get(k), "key " + k + " gets only its latest value");
            }
        }
    }

    @Test
    void valuesOfOneKeyArriveInOrderAndEndWithTheLast() throws Exception {
        Map<Integer, List<Long>> got = new ConcurrentHashMap<>();
        try (var outbox = new LatestValueOutbox<Integer, Long>("test-outbox",
                (k, v) -> got.computeIfAbsent(k, x -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(v))) {
            for (long i = 0; i < 200_000; i++) {
                outbox.offer((int) (i % 7), i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!outbox.idle() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(outbox.idle());
            long delivered = 0;
            for (int k = 0; k < 7; k++) {
                List<Long> values = List.copyOf(got.get(k));
                for (int i = 1; i < values.size(); i++) {
                    assertTrue(values.get(i) > values.get(i - 1), "in order for key " + k);
                }
                long last = 199_999 - ((199_999 - k) % 7);
                assertEquals(last, values.get(values.size() - 1), "key " + k + " ends with its last value");
                delivered += values.size();
            }
            assertEquals(200_000, delivered + outbox.coalesced(), "each value delivered or replaced, once");
        }
    }
}
