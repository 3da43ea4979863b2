package io.minetwin.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minetwin.model.History;
import io.minetwin.model.Point;
import io.minetwin.model.QualityLevel;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCsvImporterTest {

    @TempDir
    Path dir;

    private final RecordingHistory history = new RecordingHistory();

    @Test
    void importsEveryRowOfAGoodFile() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value,quality
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5,good
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,bearing-temp,61.0,
                2026-03-01T16:00:01+08:00,baiyun:shovel-07,hoist-motor,winding-temp,95.7,uncertain
                """);

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, id -> true, false);

        assertFalse(report.rejected());
        assertEquals(3, report.rows());
        assertEquals(3, report.stored());
        assertEquals(2, report.series());
        assertEquals(Instant.parse("2026-03-01T08:00:00Z"), report.first());
        assertEquals(Instant.parse("2026-03-01T08:00:01Z"), report.last());
        SeriesKey winding = new SeriesKey(TwinId.parse("baiyun:shovel-07"), "hoist-motor", "winding-temp");
        assertEquals(List.of(
                new Point(winding, Instant.parse("2026-03-01T08:00:00Z").toEpochMilli(), 95.5, QualityLevel.GOOD),
                new Point(winding, Instant.parse("2026-03-01T08:00:01Z").toEpochMilli(), 95.7, QualityLevel.UNCERTAIN)),
                history.points.stream().filter(p -> p.series().equals(winding)).toList());
    }

    @Test
    void fileWithBadRowsIsRejectedWholeWithEveryBadLineListed() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-03-01 08:00:01,baiyun:shovel-07,hoist-motor,winding-temp,95.6
                2026-03-01T08:00:02Z,shovel-07,hoist-motor,winding-temp,95.7
                2026-03-01T08:00:03Z,baiyun:shovel-07,hoist-motor,winding-temp,hot
                2026-03-01T08:00:04Z,baiyun:shovel-07,hoist-motor,winding-temp,NaN
                2026-03-01T08:00:05Z,baiyun:shovel-07,hoist motor,winding-temp,95.8
                2026-03-01T08:00:06Z,baiyun:shovel-07,hoist-motor,winding-temp
                2026-03-01T08:00:07Z,baiyun:shovel-07,hoist-motor,winding-temp,95.9
                """);

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, id -> true, false);

        assertTrue(report.rejected());
        assertEquals(0, report.stored());
        assertTrue(history.points.isEmpty(), "nothing may be stored from a rejected file");
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), report.problems().stream().map(ImportReport.Problem::line).toList());
        assertTrue(report.problems().get(0).message().contains("not an ISO-8601 instant"), report.problems().get(0).message());
        assertTrue(report.problems().get(1).message().contains("namespace:name"), report.problems().get(1).message());
        assertTrue(report.problems().get(2).message().contains("'hot' is not a number"));
        assertTrue(report.problems().get(3).message().contains("not a finite number"));
        assertTrue(report.problems().get(4).message().contains("component name 'hoist motor'"));
        assertTrue(report.problems().get(5).message().contains("expected 5 columns"));
    }

    @Test
    void skipBadStoresTheGoodRowsAndReportsTheRest() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-03-01T08:00:01Z,baiyun:shovel-07,hoist-motor,winding-temp,Infinity
                2026-03-01T08:00:02Z,baiyun:shovel-07,hoist-motor,winding-temp,95.7
                """);

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, id -> true, true);

        assertFalse(report.rejected());
        assertEquals(2, report.stored());
        assertEquals(2, history.points.size());
        assertEquals(1, report.badRows());
        assertEquals(3, report.problems().get(0).line());
    }

    @Test
    void badQualityRowMayLeaveTheValueEmpty() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value,quality
                2026-03-01T08:00:00Z,baiyun:truck-101,engine,coolant-temp,,bad
                """);

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, id -> true, false);

        assertEquals(1, report.stored());
        Point p = history.points.get(0);
        assertTrue(Double.isNaN(p.value()));
        assertEquals(QualityLevel.BAD, p.quality());
    }

    @Test
    void twinsOutsideTheFleetAreStoredAndListed() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-03-01T08:00:00Z,baiyun:old-truck-1,engine,coolant-temp,88
                """);
        TwinId known = TwinId.parse("baiyun:shovel-07");

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, known::equals, false);

        assertEquals(2, report.stored());
        assertEquals(Set.of(TwinId.parse("baiyun:old-truck-1")), report.unknownTwins());
    }

    @Test
    void fileLargerThanTheBufferIsReadTwiceAndStoredCompletely() throws IOException {
        StringBuilder sb = new StringBuilder("time,twin,component,channel,value\n");
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < 1_000; i++) {
            sb.append(t0.plusSeconds(i)).append(",baiyun:truck-101,engine,coolant-temp,").append(80 + i % 10).append('\n');
        }
        Path csv = write(sb.toString());

        ImportReport report = new HistoryCsvImporter(100).importFile(csv, history, id -> true, false);

        assertEquals(1_000, report.stored());
        assertEquals(1_000, history.points.size());
        assertEquals(t0.plusSeconds(999).toEpochMilli(), history.points.get(999).time());
    }

    @Test
    void wrongHeaderIsRefusedNamingTheExpectedOne() throws IOException {
        Path csv = write("timestamp,asset,value\n2026-03-01T00:00:00Z,baiyun:x,1\n");

        var e = assertThrows(IllegalArgumentException.class,
                () -> new HistoryCsvImporter().importFile(csv, history, id -> true, false));

        assertTrue(e.getMessage().contains(":1: the header is 'timestamp,asset,value'"), e.getMessage());
        assertTrue(e.getMessage().contains("time,twin,component,channel,value[,quality]"), e.getMessage());
        assertTrue(history.points.isEmpty());
    }

    @Test
    void timesOutsideTheStoresRangeAreRowErrorsAndNothingIsStored() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                +200000000-01-01T00:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.6
                -999999999-01-01T00:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.7
                """);

        ImportReport report = new HistoryCsvImporter().importFile(csv, history, id -> true, false);

        assertTrue(report.rejected());
        assertTrue(history.points.isEmpty(), "nothing may be stored from a rejected file");
        assertEquals(List.of(3L, 4L), report.problems().stream().map(ImportReport.Problem::line).toList());
        assertTrue(report.problems().get(0).message().contains("outside the range history stores"),
                report.problems().get(0).message());
    }

    @Test
    void rowsOlderThanTheRawRetentionRefuseTheFileUnlessToldToKeepThem() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-05-30T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.6
                2026-01-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-02-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.4
                """);
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), java.time.ZoneOffset.UTC);
        List<String> notices = new ArrayList<>();

        ImportReport report = new HistoryCsvImporter().withRetention(java.time.Duration.ofDays(90), clock, notices::add)
                .importFile(csv, history, id -> true, false);

        assertTrue(report.rejected());
        assertTrue(report.refusedOlder());
        assertEquals(0, report.stored());
        assertTrue(history.points.isEmpty(), "nothing is stored");
        assertEquals(2, report.beforeRetention());
        assertEquals("2 rows (from 2026-01-01T08:00:00Z) lie before the raw retention of 90d and would be removed by"
                + " the next sweep; use --keep-older to store them anyway (their minute and hour rollups are kept for"
                + " their own retention) or raise history.retention.raw", report.reason());
        assertTrue(notices.isEmpty());

        ImportReport none = new HistoryCsvImporter().withRetention(java.time.Duration.ofDays(200), clock, notices::add)
                .importFile(csv, history, id -> true, false);
        assertTrue(!none.rejected() && !none.refusedOlder() && none.stored() == 3, "within a longer retention: stored");
    }

    @Test
    void rowsOlderThanTheRawRetentionAreReportedBeforeAnythingIsStoredWhenKept() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-01-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-05-30T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.6
                """);
        List<String> notices = new ArrayList<>();
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), java.time.ZoneOffset.UTC);

        ImportReport report = new HistoryCsvImporter().withRetention(java.time.Duration.ofDays(90), clock, n -> {
            assertTrue(history.points.isEmpty(), "the notice comes before anything is stored");
            notices.add(n);
        }).withKeepOlder(true).importFile(csv, history, id -> true, false);

        assertEquals(1, report.beforeRetention());
        assertEquals(2, report.stored());
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).startsWith("1 rows (from 2026-01-01T08:00:00Z) lie before the raw retention of 90d"),
                notices.get(0));
        assertTrue(notices.get(0).contains("history.retention.raw"), notices.get(0));
    }

    @Test
    void aFileLargerThanOneImportIsRejectedBeforeStoring() throws IOException {
        Path csv = write("""
                time,twin,component,channel,value
                2026-03-01T08:00:00Z,baiyun:shovel-07,hoist-motor,winding-temp,95.5
                2026-03-01T08:00:01Z,baiyun:shovel-07,hoist-motor,winding-temp,95.6
                2026-03-01T08:00:02Z,baiyun:shovel-07,hoist-motor,winding-temp,95.7
                """);

        ImportReport report = new HistoryCsvImporter().withMaxPoints(2).importFile(csv, history, id -> true, false);

        assertTrue(report.rejected());
        assertTrue(history.points.isEmpty());
        assertTrue(report.reason().contains("split it"), report.reason());
    }

    @Test
    void aGoodFileIsStoredWithOneAppend() throws IOException {
        StringBuilder text = new StringBuilder("time,twin,component,channel,value\n");
        for (int i = 0; i < 300; i++) {
            text.append(Instant.parse("2026-03-01T08:00:00Z").plusSeconds(i)).append(",baiyun:shovel-07,hoist-motor,winding-temp,90\n");
        }
        Path csv = write(text.toString());

        new HistoryCsvImporter(100).importFile(csv, history, id -> true, false);

        assertEquals(1, history.appends);
        assertEquals(300, history.points.size());
    }

    private Path write(String text) throws IOException {
        Path csv = dir.resolve("history.csv");
        Files.writeString(csv, text);
        return csv;
    }

    /** Keeps appended points in order; reads are not needed here. */
    private static final class RecordingHistory implements History {
        final List<Point> points = new ArrayList<>();
        int appends;

        @Override
        public void append(List<Point> batch) {
            appends++;
            points.addAll(batch);
        }

        @Override
        public SeriesData read(SeriesKey series, long from, long to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RollupData readRollup(SeriesKey series, Resolution resolution, long from, long to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SeriesKey> series() {
            return Set.of();
        }

        @Override
        public long enforceRetention(long nowMillis) {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
