package io.minetwin.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a simulation over a span of simulated time as fast as it goes, handing samples to a sink in
 * large batches, and collects the maintenance records, failures and sensor faults.
 *
 * <h2>Concurrency</h2>
 * The simulation runs on one producer thread that this class starts and joins; the sink runs on the
 * calling thread, so a slow sink (a store's append) and the simulation use two cores. They exchange a
 * fixed pool of {@value #POOL} batches through two bounded queues: {@code full} (producer to sink)
 * and {@code free} (back). A batch belongs to exactly one side at a time, and the queues' hand-off
 * orders every write to a batch before its read. The producer ends the stream with an empty
 * end-marker batch; if either side fails, the other is woken (the producer is interrupted, the
 * caller gets the end marker) and the first failure is thrown on the calling thread. Records are
 * collected on the producer and read only after it has been joined.
 */
public final class DatasetGenerator {

    private static final int POOL = 3;

    /** Receives each batch on the calling thread; the batch is reused after it returns. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(SampleBatch batch);
    }

    /**
     * What a run produced.
     *
     * @param samples samples handed to the sink
     * @param steps   simulation steps taken
     * @param first   time of the first step, epoch ms
     * @param last    time of the last step, epoch ms
     */
    public record Result(long samples, long steps, long first, long last, List<Records.Failure> failures,
                         List<Records.Maintenance> maintenance, List<Records.SensorFault> sensorFaults) {
        public Result {
            failures = List.copyOf(failures);
            maintenance = List.copyOf(maintenance);
            sensorFaults = List.copyOf(sensorFaults);
        }
    }

    private DatasetGenerator() {
    }

    /**
     * Simulates {@code span} from the plan's start in steps of {@code step}, one sample per channel per
     * step at {@code start + i * step} for {@code i = 0 .. span/step - 1}.
     *
     * @param batchCapacity samples per batch; at least the fleet's channel count
     * @throws IllegalArgumentException for a step that is not positive or a span shorter than a step
     */
    public static Result generate(SimulationPlan plan, long seed, Duration span, Duration step, int batchCapacity,
                                  BatchSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step " + step + " must be positive, e.g. 10m");
        }
        long steps = span.toMillis() / step.toMillis();
        if (steps < 1) {
            throw new IllegalArgumentException("span " + span + " is shorter than one step of " + step
                    + "; simulate at least one step");
        }
        var failures = new ArrayList<Records.Failure>();
        var maintenance = new ArrayList<Records.Maintenance>();
        var sensorFaults = new ArrayList<Records.SensorFault>();
        Records.Listener collect = new Records.Listener() {
            @Override
            public void maintenance(Records.Maintenance m) {
                maintenance.add(m);
            }

            @Override
            public void failure(Records.Failure f) {
                failures.add(f);
            }

            @Override
            public void sensorFault(Records.SensorFault s) {
                sensorFaults.add(s);
            }
        };
        FleetSimulation sim = plan.simulation(seed, collect);
        int perStep = sim.series().size();
        int capacity = Math.max(batchCapacity, perStep);
        BlockingQueue<SampleBatch> free = new ArrayBlockingQueue<>(POOL);
        BlockingQueue<SampleBatch> full = new ArrayBlockingQueue<>(POOL + 1);
        for (int i = 0; i < POOL; i++) {
            free.add(new SampleBatch(capacity));
        }
        SampleBatch end = new SampleBatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = plan.settings().start().toEpochMilli();
        long stepMs = step.toMillis();
        Thread producer = new Thread(() -> {
            try {
                SampleBatch batch = free.take();
                for (long i = 0; i < steps; i++) {
                    if (!batch.fits(perStep)) {
                        full.put(batch);
                        batch = free.take();
                        batch.clear();
                    }
                    sim.step(start + i * stepMs, batch);
                }
                full.put(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                full.offer(end);
            }
        }, "minetwin-simulate");
        producer.setDaemon(true);
        producer.start();
        long samples = 0;
        try {
            while (true) {
                SampleBatch b = full.take();
                if (b == end) {
                    break;
                }
                sink.accept(b);
                samples += b.size();
                b.clear();
                free.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.interrupt();
            throw new IllegalStateException("interrupted while generating", e);
        } catch (RuntimeException | Error e) {
            producer.interrupt();
            throw e;
        } finally {
            try {
                producer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        failures.sort(Comparator.comparingLong(Records.Failure::time));
        maintenance.sort(Comparator.comparingLong(Records.Maintenance::time));
        sensorFaults.sort(Comparator.comparingLong(Records.SensorFault::start));
        return new Result(samples, steps, start, start + (steps - 1) * stepMs, failures, maintenance, sensorFaults);
    }
}
