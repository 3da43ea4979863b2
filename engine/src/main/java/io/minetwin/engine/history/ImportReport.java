package io.minetwin.engine.history;

import io.minetwin.model.TwinId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a history import did.
 *
 * @param file           the file read
 * @param rows           data rows read (the header not counted)
 * @param stored         samples stored; 0 when the file was rejected
 * @param badRows        rows with a problem (all of them, even past the listed ones)
 * @param problems       the first problems, one per bad row, in line order
 * @param rejected       true when nothing was stored because of bad rows
 * @param series         distinct series among the good rows
 * @param first          earliest sample time among the good rows, or null if none
 * @param last           latest sample time among the good rows, or null if none
 * @param unknownTwins   twin ids with good rows that the configured fleet does not declare
 * @param seconds        wall time of the import
 * @param beforeRetention good rows older than the raw retention (the next sweep removes them)
 * @param reason         why the file was rejected other than for bad rows, or null
 * @param refusedOlder   true when nothing was stored because rows lie before the raw retention and the import
 *                       was not told to keep them ({@code --keep-older})
 */
public record ImportReport(String file, long rows, long stored, long badRows, List<Problem> problems,
                           boolean rejected, int series, Instant first, Instant last,
                           Set<TwinId> unknownTwins, double seconds, long beforeRetention, String reason,
                           boolean refusedOlder) {

    public ImportReport(String file, long rows, long stored, long badRows, List<Problem> problems, boolean rejected,
                        int series, Instant first, Instant last, Set<TwinId> unknownTwins, double seconds) {
        this(file, rows, stored, badRows, problems, rejected, series, first, last, unknownTwins, seconds, 0, null,
                false);
    }

    /** One bad row: its 1-based line number in the file and what is wrong with it. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    public ImportReport {
        problems = List.copyOf(problems);
        unknownTwins = Set.copyOf(unknownTwins);
    }

    public double samplesPerSecond() {
        return seconds <= 0 ? 0 : stored / seconds;
    }
}
