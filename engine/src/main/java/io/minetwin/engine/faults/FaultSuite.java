package io.minetwin.engine.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fault suite: runs the chosen cases one after another, each with its own equipment process, engine
 * process(es) and folder under the work directory, and reports each case's figures. A case that fails
 * (the engine did not recover within its deadline, or did not start) reports {@code error} with the reason
 * and the suite goes on; {@code all_lost_zero} says whether every case that ran lost nothing acknowledged.
 */
public final class FaultSuite {

    /** The cases, in the order they run. */
    public static final List<String> CASES = List.of("kill", "disk-full", "equipment", "load");

    /**
     * @param cases          which of {@link #CASES} to run
     * @param kills          SIGKILLs of the engine in case {@code kill}
     * @param serverDown     how long the equipment's server stays dead in case {@code equipment}
     * @param cut            how long the network is cut in case {@code equipment}
     * @param fullFor        how long the disk stays full in case {@code disk-full}
     * @param diskMegabytes  size of the tmpfs of case {@code disk-full}
     * @param loadWindow     each measuring window of case {@code load}
     * @param sseClients     SSE clients of the storm in case {@code load}
     * @param yearReaders    concurrent year-long reads in case {@code load}
     * @param twins          probe twins of 25 channels for cases other than {@code load}
     * @param loadTwins      probe twins of 100 channels for case {@code load}
     * @param tickMs         the equipment's tick
     * @param seed           seed of the random kill moments
     */
    public record Settings(Set<String> cases, int kills, Duration serverDown, Duration cut, Duration fullFor,
                           int diskMegabytes, Duration loadWindow, int sseClients, int yearReaders, int twins,
                           int loadTwins, int tickMs, long seed) {

        public Settings {
            cases = Set.copyOf(cases);
            for (String c : cases) {
                if (!CASES.contains(c)) {
                    throw new IllegalArgumentException("unknown case '" + c + "'; the cases are " + String.join(", ", CASES));
                }
            }
            if (kills < 1 || twins < 1 || loadTwins < 1 || sseClients < 0 || yearReaders < 0 || diskMegabytes < 16
                    || tickMs < 10) {
                throw new IllegalArgumentException("kills, twins and load twins must be at least 1, SSE clients and year"
                        + " readers at least 0, the disk at least 16 MB and the tick at least 10 ms");
            }
            for (Duration d : List.of(serverDown, cut, fullFor, loadWindow)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("durations must be positive (got " + d + ")");
                }
            }
        }

        /** The full suite: 20 kills, a 30 s cut, a 1,000-client storm. */
        public static Settings full() {
            return new Settings(Set.copyOf(CASES), 20, Duration.ofSeconds(3), Duration.ofSeconds(30),
                    Duration.ofSeconds(5), 64, Duration.ofSeconds(15), 1_000, 2, 4, 10, 100, 14L);
        }
    }

    private final Settings settings;
    private final Consumer<String> progress;

    public FaultSuite(Settings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the cases in {@code work}; returns {@code cases} (name to figures), {@code all_lost_zero}, {@code seconds}. */
    public Map<String, Object> run(Path work) throws InterruptedException {
        long start = System.nanoTime();
        long t0 = (System.currentTimeMillis() / 1000 - 10) * 1000;
        var layout = new FaultLayout(settings.twins(), 25, settings.tickMs(), t0);
        Map<String, Object> cases = new LinkedHashMap<>();
        boolean allZero = true;
        for (String name : CASES) {
            if (!settings.cases().contains(name)) {
                continue;
            }
            long caseStart = System.nanoTime();
            Map<String, Object> figures;
            try {
                figures = switch (name) {
                    case "kill" -> new KillCase(settings.kills(), settings.seed()).run(work, layout, progress);
                    case "disk-full" -> new DiskFullCase(settings.diskMegabytes(), settings.fullFor())
                            .run(work, layout, progress);
                    case "equipment" -> new EquipmentCase(settings.serverDown(), settings.cut())
                            .run(work, layout, progress);
                    case "load" -> new LoadCase(settings.loadWindow(), settings.yearReaders(), settings.sseClients())
                            .run(work, new FaultLayout(settings.loadTwins(), 100, settings.tickMs(), t0), progress);
                    default -> throw new IllegalStateException(name);
                };
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                figures = new LinkedHashMap<>();
                figures.put("error", String.valueOf(e.getMessage()));
                progress.accept("faults " + name + ": FAILED: " + e.getMessage());
            }
            figures.put("seconds", CaseRun.round((System.nanoTime() - caseStart) / 1e9, 1));
            if (!figures.containsKey("skipped")) {
                allZero &= Long.valueOf(0).equals(figures.get("lost"));
            }
            cases.put(name, figures);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cases", cases);
        out.put("all_lost_zero", allZero);
        out.put("seconds", CaseRun.round((System.nanoTime() - start) / 1e9, 1));
        return out;
    }
}
