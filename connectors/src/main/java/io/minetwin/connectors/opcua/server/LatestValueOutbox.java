package io.minetwin.connectors.opcua.server;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands values from the thread that makes them (ingest) to one thread that delivers them (to Milo's monitored
 * items), keeping only the latest value per key: a value offered while an older one of the same key waits
 * replaces it. {@link #offer} never blocks and never waits for the deliverer, so a slow or greedy consumer
 * can only make values coalesce, never slow the producer.
 *
 * <p>Bounded by the number of distinct keys, which the caller keeps bounded (here: the channel nodes somebody
 * monitors, which the server's limits bound). Values of one key are delivered in the order they were
 * offered (with the ones in between possibly skipped).
 *
 * @param <K> the key, e.g. a node
 * @param <V> the value
 */
final class LatestValueOutbox<K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LatestValueOutbox.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Map<K, V> latest = new ConcurrentHashMap<>();
    private final Queue<K> order = new ConcurrentLinkedQueue<>();
    private final BiConsumer<K, V> deliver;
    private final Thread thread;
    private final LongAdder offered = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean parked;

    /** Starts the delivering thread {@code threadName}; {@code deliver} is called on it only. */
    LatestValueOutbox(String threadName, BiConsumer<K, V> deliver) {
        this.deliver = deliver;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Puts {@code value} as the latest of {@code key}; returns at once. */
    void offer(K key, V value) {
        offered.increment();
        if (latest.put(key, value) == null) {
            order.add(key);
            if (parked) {
                LockSupport.unpark(thread);
            }
        } else {
            coalesced.increment();
        }
    }

    private void run() {
        while (running) {
            K key = order.poll();
            if (key == null) {
                parked = true;
                if (order.isEmpty() && running) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
                parked = false;
                continue;
            }
            V value = latest.remove(key);
            if (value == null) {
                continue;
            }
            try {
                deliver.accept(key, value);
            } catch (RuntimeException e) {
                LOG.error("a value for {} could not be delivered", key, e);
            }
            delivered.incrementAndGet();
        }
    }

    /** True when every value offered so far was delivered or replaced by a later one that was. */
    boolean idle() {
        return order.isEmpty() && latest.isEmpty();
    }

    /** Values waiting (one per key at most). */
    int waiting() {
        return latest.size();
    }

    long offered() {
        return offered.sum();
    }

    /** Values replaced by a later one of their key before they were delivered. */
    long coalesced() {
        return coalesced.sum();
    }

    long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
