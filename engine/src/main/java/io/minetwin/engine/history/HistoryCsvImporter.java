package io.minetwin.engine.history;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.minetwin.engine.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Imports historian exports: CSV with the header {@code time,twin,component,channel,value[,quality]}.
 *
 * <p>All or nothing: the file is checked completely before anything is stored, so a file with bad rows
 * (including times outside the range history stores) is rejected whole with every bad row listed, and
 * the store is not touched. With {@code skipBad} the good rows are stored and the bad ones reported.
 * The rows are then stored with one {@link History#append} call, which the store writes as one RocksDB
 * write batch: a process killed during the import leaves every row or none. Rows older than the raw
 * retention (when one is given) refuse the file before anything is stored, because the next retention
 * sweep would remove them; told to keep them ({@link #withKeepOlder}), the importer stores them and tells the
 * notice sink (their minute and hour rollups stay for their own retention). Either way they are counted in
 * the report. Files up to
 * {@link #DEFAULT_BUFFERED_POINTS} samples are parsed once; larger ones are parsed twice (check, then
 * store); a file of more than {@link #MAX_POINTS_PER_FILE} samples is rejected before storing, to be
 * split, since one write holds the whole file in memory.
 */
public final class HistoryCsvImporter {

    /** Samples kept in memory between checking and storing; larger files are read twice. */
    public static final int DEFAULT_BUFFERED_POINTS = 2_000_000;
    /** Bad rows listed in a report; all are counted. */
    public static final int MAX_LISTED_PROBLEMS = 1_000;

    /** Samples one file may hold: all are stored with one write, held in memory. */
    public static final int MAX_POINTS_PER_FILE = 5_000_000;

    private static final String HEADER_HINT = "time,twin,component,channel,value[,quality]";

    private final CsvMapper mapper = new CsvMapper();
    private final int bufferedPoints;
    private final int maxPoints;
    private final Duration rawRetention;
    private final Clock clock;
    private final java.util.function.Consumer<String> notices;
    private final boolean keepOlder;

    public HistoryCsvImporter() {
        this(DEFAULT_BUFFERED_POINTS);
    }

    HistoryCsvImporter(int bufferedPoints) {
        this(bufferedPoints, MAX_POINTS_PER_FILE, Duration.ZERO, Clock.systemUTC(), notice -> { });
    }

    HistoryCsvImporter(int bufferedPoints, int maxPoints, Duration rawRetention, Clock clock,
                       java.util.function.Consumer<String> notices) {
        this.bufferedPoints = bufferedPoints;
        this.maxPoints = maxPoints;
        this.rawRetention = rawRetention;
        this.clock = clock;
        this.notices = notices;
        this.keepOlder = false;
    }

    private HistoryCsvImporter(HistoryCsvImporter base, boolean keepOlder) {
        this.bufferedPoints = base.bufferedPoints;
        this.maxPoints = base.maxPoints;
        this.rawRetention = base.rawRetention;
        this.clock = base.clock;
        this.notices = base.notices;
        this.keepOlder = keepOlder;
    }

    /**
     * An importer that stores rows older than the raw retention (with a notice) instead of refusing the file;
     * the next sweep removes them raw, their rollups stay.
     */
    public HistoryCsvImporter withKeepOlder(boolean value) {
        return new HistoryCsvImporter(this, value);
    }

    /**
     * An importer that tells {@code notices}, before storing, how many rows lie before {@code rawRetention}.
     *
     * @param rawRetention the history's raw retention; {@link Duration#ZERO} keeps raw samples forever
     */
    public HistoryCsvImporter withRetention(Duration rawRetention, Clock clock,
                                            java.util.function.Consumer<String> notices) {
        return new HistoryCsvImporter(new HistoryCsvImporter(bufferedPoints, maxPoints, rawRetention, clock, notices),
                keepOlder);
    }

    /** As {@link #HistoryCsvImporter(int, int, Duration, Clock, java.util.function.Consumer)} with a limit. */
    HistoryCsvImporter withMaxPoints(int value) {
        return new HistoryCsvImporter(new HistoryCsvImporter(bufferedPoints, value, rawRetention, clock, notices),
                keepOlder);
    }

    /**
     * Imports {@code csv} into {@code history}.
     *
     * @param knownTwin tells which twin ids the configured fleet declares; others are stored and listed
     * @param skipBad   store the good rows of a file that has bad ones, instead of rejecting it
     * @throws UncheckedIOException if the file cannot be read
     */
    public ImportReport importFile(Path csv, History history, Predicate<TwinId> knownTwin, boolean skipBad) {
        long started = System.nanoTime();
        long cutoff = rawRetention.isZero() ? Long.MIN_VALUE : clock.millis() - rawRetention.toMillis();
        Scan scan = new Scan(knownTwin, cutoff);
        List<Point> buffer = new ArrayList<>();
        boolean buffered = read(csv, scan, point -> {
            if (buffer.size() < bufferedPoints) {
                buffer.add(point);
                return true;
            }
            return false;
        });
        String reason = null;
        boolean badReject = scan.badRows > 0 && !skipBad;
        if (!badReject && scan.goodRows > maxPoints) {
            reason = String.format(Locale.ROOT, "the file holds %,d samples, more than the %,d one import stores"
                    + " at once (all or nothing); split it, e.g. by month, and import the parts", scan.goodRows, maxPoints);
        }
        boolean refusedOlder = false;
        if (!badReject && reason == null && scan.beforeRetention > 0) {
            if (keepOlder) {
                notices.accept(String.format(Locale.ROOT, "%,d rows (from %s) lie before the raw retention of %s and"
                                + " will be removed by the next retention sweep (their minute and hour rollups are kept"
                                + " for their own retention); to keep them raw, raise history.retention.raw",
                        scan.beforeRetention, Instant.ofEpochMilli(scan.minTime), Durations.format(rawRetention)));
            } else {
                refusedOlder = true;
                reason = String.format(Locale.ROOT, "%,d rows (from %s) lie before the raw retention of %s and would be"
                                + " removed by the next sweep; use --keep-older to store them anyway (their minute and"
                                + " hour rollups are kept for their own retention) or raise history.retention.raw",
                        scan.beforeRetention, Instant.ofEpochMilli(scan.minTime), Durations.format(rawRetention));
            }
        }
        boolean reject = badReject || reason != null;
        long stored = 0;
        if (!reject && scan.goodRows > 0) {
            List<Point> all = buffer;
            if (!buffered || buffer.size() != scan.goodRows) {
                buffer.clear();
                List<Point> again = new ArrayList<>((int) scan.goodRows);
                read(csv, new Scan(knownTwin, cutoff), again::add);
                all = again;
            }
            // One append: the store writes it as one batch, so a crash leaves all of the file or none.
            history.append(all);
            stored = all.size();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new ImportReport(csv.toString(), scan.rows, stored, scan.badRows, scan.problems, reject,
                scan.series.size(),
                scan.goodRows == 0 ? null : Instant.ofEpochMilli(scan.minTime),
                scan.goodRows == 0 ? null : Instant.ofEpochMilli(scan.maxTime),
                scan.unknownTwins, seconds, scan.beforeRetention, reason, refusedOlder);
    }

    /** A sink for good rows; returns false when it keeps no more (reading still goes on). */
    private interface Sink {
        boolean accept(Point point);
    }

    /** Reads every row; returns true when the sink accepted every good row. */
    private boolean read(Path csv, Scan scan, Sink sink) {
        boolean all = true;
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             MappingIterator<String[]> rows = mapper.readerFor(String[].class)
                     .with(CsvParser.Feature.WRAP_AS_ARRAY)
                     .with(CsvParser.Feature.TRIM_SPACES)
                     .readValues(reader)) {
            if (!rows.hasNext()) {
                throw new IllegalArgumentException(csv + ": the file is empty; expected the header " + HEADER_HINT);
            }
            int columns = header(csv, rows.next());
            while (rows.hasNext()) {
                String[] row;
                long line = rows.getCurrentLocation().getLineNr(); // where the row starts
                try {
                    row = rows.next();
                } catch (RuntimeException e) {
                    // Broken quoting: the parser cannot go on past it, so report it as the last problem.
                    scan.problem(rows.getCurrentLocation().getLineNr(), "unreadable CSV: " + firstLine(e));
                    break;
                }
                if (row.length == 1 && row[0].isEmpty()) {
                    continue; // blank line
                }
                Point point = scan.row(line, row, columns);
                if (point != null && all) {
                    all = sink.accept(point);
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(csv + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(csv + ": cannot read: " + e.getMessage(), e);
        }
        return all;
    }

    private static int header(Path csv, String[] header) {
        List<String> expected = List.of("time", "twin", "component", "channel", "value", "quality");
        boolean ok = header.length == 5 || header.length == 6;
        for (int i = 0; ok && i < header.length; i++) {
            String name = header[i].trim().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            ok = name.equals(expected.get(i));
        }
        if (!ok) {
            throw new IllegalArgumentException(csv + ":1: the header is '" + String.join(",", header)
                    + "'; it must be " + HEADER_HINT);
        }
        return header.length;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Checks rows and keeps the figures of a report. */
    private static final class Scan {
        private final Predicate<TwinId> knownTwin;
        private final Map<String, TwinId> twins = new HashMap<>();
        private final Map<TwinId, Map<String, SeriesKey>> keys = new HashMap<>();
        private final Set<SeriesKey> series = new HashSet<>();
        private final Set<TwinId> unknownTwins = new TreeSet<>();
        private final List<ImportReport.Problem> problems = new ArrayList<>();
        private String lastTimeText;
        private long lastTime;
        private long rows;
        private long goodRows;
        private long badRows;
        private long minTime = Long.MAX_VALUE;
        private long maxTime = Long.MIN_VALUE;
        private final long retentionCutoff;
        private long beforeRetention;

        Scan(Predicate<TwinId> knownTwin, long retentionCutoff) {
            this.knownTwin = knownTwin;
            this.retentionCutoff = retentionCutoff;
        }

        void problem(long line, String message) {
            badRows++;
            if (problems.size() < MAX_LISTED_PROBLEMS) {
                problems.add(new ImportReport.Problem(line, message));
            }
        }

        /** The point of a good row, or null after recording the row's problem. */
        Point row(long line, String[] row, int columns) {
            rows++;
            if (row.length != columns && !(columns == 6 && row.length == 5)) {
                problem(line, "expected " + columns + " columns (" + HEADER_HINT + ") but found " + row.length);
                return null;
            }
            try {
                long time = time(row[0]);
                TwinId twin = twin(row[1]);
                SeriesKey key = key(twin, row[2], row[3]);
                QualityLevel quality = row.length == 6 && !row[5].isEmpty()
                        ? QualityLevel.parse(row[5]) : QualityLevel.GOOD;
                double value = value(row[4], quality);
                goodRows++;
                series.add(key);
                minTime = Math.min(minTime, time);
                maxTime = Math.max(maxTime, time);
                if (time < retentionCutoff) {
                    beforeRetention++;
                }
                return new Point(key, time, value, quality);
            } catch (IllegalArgumentException e) {
                problem(line, e.getMessage());
                return null;
            }
        }

        private long time(String text) {
            if (text.equals(lastTimeText)) {
                return lastTime; // exports are timestamp-major: many rows share one time
            }
            try {
                long t = Instant.parse(text).toEpochMilli();
                if (t < Point.MIN_TIME || t > Point.MAX_TIME) {
                    throw new ArithmeticException("outside the store's range");
                }
                lastTimeText = text;
                lastTime = t;
                return t;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("time '" + text + "' is not an ISO-8601 instant;"
                        + " write it as e.g. 2026-03-01T08:00:00Z or 2026-03-01T16:00:00+08:00");
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("time '" + text + "' is outside the range history stores ("
                        + Instant.ofEpochMilli(Point.MIN_TIME) + " to " + Instant.ofEpochMilli(Point.MAX_TIME)
                        + "); check the year");
            }
        }

        private TwinId twin(String text) {
            TwinId id = twins.get(text);
            if (id == null) {
                id = TwinId.parse(text);
                twins.put(text, id);
                if (!knownTwin.test(id)) {
                    unknownTwins.add(id);
                }
            }
            return id;
        }

        private SeriesKey key(TwinId twin, String component, String channel) {
            Map<String, SeriesKey> byPath = keys.computeIfAbsent(twin, t -> new HashMap<>());
            String path = component + "." + channel;
            SeriesKey key = byPath.get(path);
            if (key == null) {
                key = new SeriesKey(twin, component, channel);
                byPath.put(path, key);
            }
            return key;
        }

        private static double value(String text, QualityLevel quality) {
            if (text.isEmpty()) {
                if (quality == QualityLevel.BAD) {
                    return Double.NaN; // a reading that was missing at the source
                }
                throw new IllegalArgumentException("value is empty; give a number, or mark the row's quality"
                        + " 'bad' to record a missing reading");
            }
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value '" + text + "' is not a number");
            }
            if (!Double.isFinite(v)) {
                if (quality == QualityLevel.BAD) {
                    return Double.NaN;
                }
                throw new IllegalArgumentException("value '" + text + "' is not a finite number; leave it empty"
                        + " and mark the row's quality 'bad' to record a missing reading");
            }
            return v;
        }
    }
}
