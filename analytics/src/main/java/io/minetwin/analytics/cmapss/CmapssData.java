package io.minetwin.analytics.cmapss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One subset of NASA's C-MAPSS turbofan data (Saxena et al., PHM 2008): training units run to failure,
 * test units cut off before it, and the true remaining cycles of each test unit at its last row.
 *
 * @param subset the subset's name, e.g. {@code FD001}
 * @param train  training units, each run to failure at its last cycle
 * @param test   test units
 * @param truth  the true RUL of {@code test.get(i)} at its last cycle, from {@code RUL_FDxxx.txt}
 */
public record CmapssData(String subset, List<Unit> train, List<Unit> test, int[] truth) {

    /** The operational-setting channels, which define operating conditions. */
    public static final List<String> SETTINGS = List.of("setting1", "setting2", "setting3");
    /** The 24 channels of a row after unit and cycle: 3 operational settings and 21 sensors. */
    public static final List<String> CHANNELS = channels();

    private static final Pattern SUBSET = Pattern.compile("FD00[1-9]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public CmapssData {
        train = List.copyOf(train);
        test = List.copyOf(test);
        if (truth.length != test.size()) {
            throw new IllegalArgumentException(subset + ": " + test.size() + " test units but " + truth.length
                    + " true RUL values");
        }
    }

    /**
     * One engine: its cycles and, per cycle, the 24 channel values in {@link #CHANNELS} order.
     *
     * @param id     the unit number in the file
     * @param cycles cycle numbers, increasing
     * @param rows   {@code rows[i][channel]}
     */
    public record Unit(int id, int[] cycles, double[][] rows) {
        public Unit {
            if (cycles.length != rows.length || cycles.length == 0) {
                throw new IllegalArgumentException("unit " + id + " needs one row per cycle and at least one");
            }
        }

        public int lastCycle() {
            return cycles[cycles.length - 1];
        }
    }

    private static List<String> channels() {
        List<String> c = new ArrayList<>(SETTINGS);
        for (int i = 1; i <= 21; i++) {
            c.add("s" + i);
        }
        return List.copyOf(c);
    }

    /**
     * Reads {@code train_<subset>.txt}, {@code test_<subset>.txt} and {@code RUL_<subset>.txt} from
     * {@code dir}.
     *
     * @throws IllegalArgumentException naming the file and line of anything malformed, or the missing file
     */
    public static CmapssData read(Path dir, String subset) {
        String name = subset.toUpperCase(Locale.ROOT);
        if (!SUBSET.matcher(name).matches()) {
            throw new IllegalArgumentException("subset '" + subset + "' is not a C-MAPSS subset; use FD001 to FD004");
        }
        List<Unit> train = units(dir.resolve("train_" + name + ".txt"));
        List<Unit> test = units(dir.resolve("test_" + name + ".txt"));
        List<String> lines = lines(dir.resolve("RUL_" + name + ".txt"));
        List<Integer> truth = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                truth.add(Integer.parseInt(line));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(dir.resolve("RUL_" + name + ".txt") + ":" + (i + 1) + ": '" + line
                        + "' is not a whole number of cycles");
            }
        }
        return new CmapssData(name, train, test, truth.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Unit> units(Path file) {
        List<Unit> units = new ArrayList<>();
        int unit = -1;
        List<Integer> cycles = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = SPACES.split(line);
            if (parts.length != 26) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 26 numbers (unit, cycle,"
                        + " 3 settings, 21 sensors) but found " + parts.length);
            }
            int id;
            int cycle;
            double[] row = new double[24];
            try {
                id = Integer.parseInt(parts[0]);
                cycle = Integer.parseInt(parts[1]);
                for (int c = 0; c < 24; c++) {
                    row[c] = Double.parseDouble(parts[c + 2]);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": not a number: " + e.getMessage());
            }
            if (id != unit) {
                if (unit >= 0) {
                    units.add(unit(unit, cycles, rows));
                }
                unit = id;
                cycles.clear();
                rows.clear();
            } else if (cycle <= cycles.get(cycles.size() - 1)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": cycle " + cycle + " of unit " + id
                        + " does not follow cycle " + cycles.get(cycles.size() - 1));
            }
            cycles.add(cycle);
            rows.add(row);
        }
        if (unit >= 0) {
            units.add(unit(unit, cycles, rows));
        }
        return units;
    }

    private static Unit unit(int id, List<Integer> cycles, List<double[]> rows) {
        return new Unit(id, cycles.stream().mapToInt(Integer::intValue).toArray(), rows.toArray(new double[0][]));
    }

    private static List<String> lines(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return r.lines().toList();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file; the C-MAPSS files (train_FD00x.txt,"
                    + " test_FD00x.txt, RUL_FD00x.txt) are expected there, pass --dataset DIR");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
