package io.minetwin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.RetentionPolicy;
import io.minetwin.store.Store;
import io.minetwin.store.StoreOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minetwin history import} and {@code import maintenance} in a separate JVM killed with SIGKILL in
 * the middle of an import: while it reads the file, or as soon as RocksDB's log grows (the write under
 * way). Either way the store holds every row of the file or none, never part of it.
 */
class HistoryImportKillIT {

    private static final int SERIES = 500;
    private static final int SECONDS = 600;
    private static final long ROWS = (long) SERIES * SECONDS;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @TempDir
    static Path shared;
    private static Path csv;
    private static Instant t0;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeFile() throws IOException {
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
        csv = shared.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("time,twin,component,channel,value\n");
            for (int t = 0; t < SECONDS; t++) {
                String time = t0.plusSeconds(t).toString();
                for (int s = 0; s < SERIES; s++) {
                    w.write(time + ",site:probe-" + s + ",c,v," + (t % 97) / 10.0 + "\n");
                }
            }
        }
    }

    @Test
    void importKilledWhileReadingTheFileStoresNothing() throws Exception {
        Path data = dir.resolve("data");
        Outcome o = importAndKillWhen(data, d -> Files.isRegularFile(d.resolve("CURRENT")));
        assertTrue(o.killed, "the import finished before it could be killed");
        assertEquals(0, stored(data), "rows stored by an import killed while reading");
    }

    @Test
    void importKilledWhileWritingStoresAllOrNothing() throws Exception {
        Path data = dir.resolve("data");
        Outcome o = importAndKillWhen(data, d -> logBytes(d) > 256 << 10);
        long stored = stored(data);
        assertTrue(stored == 0 || stored == ROWS, "an import killed " + (o.killed ? "while writing" : "after it ended")
                + " left " + stored + " of " + ROWS + " rows");
        System.out.printf("history import killed while writing: %s, %d of %d rows stored%n",
                o.killed ? "killed" : "finished first", stored, ROWS);
    }

    @Test
    void maintenanceImportKilledWhileWritingStoresAllOrNothing() throws Exception {
        int records = 100_000;
        Path file = dir.resolve("maintenance.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("time,twin,component,action,mode,notes\n");
            for (int i = 0; i < records; i++) {
                w.write(t0.plusSeconds(i) + ",site:probe-" + (i % SERIES) + ",c,inspection,,round " + i + "\n");
            }
        }
        Path data = dir.resolve("data");
        Outcome o = run(data, d -> logBytes(d) > 256 << 10, "import", "maintenance", "--data", data.toString(),
                file.toString());
        long stored = 0;
        if (Store.exists(data)) {
            try (Store store = Store.open(data, StoreOptions.defaults().withRetentionSweepInterval(Duration.ZERO))) {
                stored = store.events().query(java.util.Optional.empty(), t0, t0.plusSeconds(records)).size();
            }
        }
        assertTrue(stored == 0 || stored == records, "a maintenance import killed " + (o.killed ? "while writing"
                : "after it ended") + " left " + stored + " of " + records + " records");
        System.out.printf("maintenance import killed while writing: %s, %d of %d records stored%n",
                o.killed ? "killed" : "finished first", stored, records);
    }

    private record Outcome(boolean killed) {
    }

    private static Outcome importAndKillWhen(Path data, Predicate<Path> when) throws Exception {
        return run(data, when, "history", "import", "--data", data.toString(), csv.toString());
    }

    private static Outcome run(Path data, Predicate<Path> when, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.minetwin.engine.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (p.isAlive() && !when.test(data)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the import neither reached the kill point nor ended within " + DEADLINE);
                }
                Thread.onSpinWait();
            }
            boolean killed = p.isAlive();
            p.destroyForcibly();
            assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            return new Outcome(killed);
        } finally {
            p.destroyForcibly();
        }
    }

    private static long logBytes(Path data) {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(data)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long stored(Path data) {
        if (!Store.exists(data)) {
            return 0;
        }
        List<SeriesKey> keys = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            keys.add(new SeriesKey(new TwinId("site", "probe-" + s), "c", "v"));
        }
        try (Store store = Store.open(data, StoreOptions.defaults().withRetention(RetentionPolicy.KEEP_ALL)
                .withRetentionSweepInterval(Duration.ZERO))) {
            long n = 0;
            for (SeriesKey k : keys) {
                n += store.history().read(k, t0.toEpochMilli(), t0.plusSeconds(SECONDS).toEpochMilli()).size();
            }
            return n;
        }
    }
}
