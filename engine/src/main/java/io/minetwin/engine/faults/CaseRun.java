package io.minetwin.engine.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every fault case shares: its folder, the progress channel, the equipment's layout and history file,
 * waiting on conditions with deadlines (never fixed sleeps for what can be observed) and the figures it
 * reports, in order.
 */
final class CaseRun {

    /** How long a case waits for anything the engine should do by itself. */
    static final Duration DEADLINE = Duration.ofSeconds(120);

    /** A condition checked until it holds; it may poll the engine. */
    interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    final String name;
    final Path dir;
    final FaultLayout layout;
    final Path history;
    final Map<String, Object> figures = new LinkedHashMap<>();
    private final Consumer<String> progress;

    CaseRun(String name, Path work, FaultLayout layout, Consumer<String> progress) throws IOException {
        this.name = name;
        this.dir = Files.createDirectories(work.resolve(name));
        this.layout = layout;
        this.history = dir.resolve("equipment-history.bin");
        this.progress = progress;
    }

    void say(String line) {
        progress.accept("faults " + name + ": " + line);
    }

    /** Waits until {@code condition} holds; returns the milliseconds it took. Fails naming {@code what}. */
    static long await(String what, Duration timeout, Condition condition) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Polls what the engine acknowledges for {@code d} (the time the case leaves it running). */
    static void pollFor(Duration d, Acknowledged ack, EngineProcess engine) throws IOException, InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            ack.poll(engine);
        }
    }

    /** The tick the equipment produces now. */
    long tickNow() {
        return layout.tickAt(System.currentTimeMillis());
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Mean and max of millisecond figures, as a small object. */
    static Map<String, Object> spread(long[] ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        long max = 0;
        double sum = 0;
        for (long v : ms) {
            max = Math.max(max, v);
            sum += v;
        }
        m.put("mean_ms", ms.length == 0 ? 0 : Math.round(sum / ms.length));
        m.put("max_ms", max);
        return m;
    }
}
