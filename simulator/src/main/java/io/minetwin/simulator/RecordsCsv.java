package io.minetwin.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes the records of a run as CSV: {@code maintenance.csv} as a maintenance system exports it,
 * {@code ground-truth.csv} with every failure and its cause, and {@code sensor-faults.csv}.
 */
public final class RecordsCsv {

    public static final String MAINTENANCE = "maintenance.csv";
    public static final String GROUND_TRUTH = "ground-truth.csv";
    public static final String SENSOR_FAULTS = "sensor-faults.csv";

    private RecordsCsv() {
    }

    /** Writes the three files into {@code dir}, replacing earlier ones. */
    public static void write(Path dir, List<Records.Maintenance> maintenance, List<Records.Failure> failures,
                             List<Records.SensorFault> sensorFaults) {
        try {
            Files.createDirectories(dir);
            try (Writer w = Files.newBufferedWriter(dir.resolve(MAINTENANCE), StandardCharsets.UTF_8)) {
                w.write("time,twin,component,action,mode,notes\n");
                for (Records.Maintenance m : maintenance) {
                    w.write(row(Instant.ofEpochMilli(m.time()), m.twin(), m.component(), m.action().id(), m.mode(),
                            m.notes()));
                }
            }
            try (Writer w = Files.newBufferedWriter(dir.resolve(GROUND_TRUTH), StandardCharsets.UTF_8)) {
                w.write("time,twin,component,mode,cause,predictable,precursor,downtime_h,in_service_since\n");
                for (Records.Failure f : failures) {
                    w.write(row(Instant.ofEpochMilli(f.time()), f.twin(), f.component(), f.mode(),
                            f.cause() == Records.Cause.WEAR_OUT ? "wear-out" : "random", f.predictable(),
                            f.precursor(), String.format(Locale.ROOT, "%.1f", f.downtimeHours()),
                            Instant.ofEpochMilli(f.wearStart())));
                }
            }
            try (Writer w = Files.newBufferedWriter(dir.resolve(SENSOR_FAULTS), StandardCharsets.UTF_8)) {
                w.write("start,end,twin,component,channel,kind\n");
                for (Records.SensorFault s : sensorFaults) {
                    w.write(row(Instant.ofEpochMilli(s.start()), Instant.ofEpochMilli(s.end()), s.twin(), s.component(),
                            s.channel(), s.kind().id()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write records to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String row(Object... cells) {
        var sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = String.valueOf(cells[i]);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.append('\n').toString();
    }
}
