package io.minetwin.engine.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes one series' history as CSV or JSON, the same for the command line and the REST API.
 *
 * <p>Raw rows are {@code time,value,quality}; rollup rows are {@code time,min,max,mean,count} over the
 * good samples of each bucket. A missing value (NaN) is an empty CSV field and a JSON {@code null}.
 */
public final class HistoryFormat {

    private static final JsonFactory JSON = new JsonFactory();

    private HistoryFormat() {
    }

    /** The step's name as the command line and API spell it: raw, 1m, 1h. */
    public static String stepName(Resolution resolution) {
        return switch (resolution) {
            case RAW -> "raw";
            case MINUTE -> "1m";
            case HOUR -> "1h";
        };
    }

    public static void csvRaw(SeriesData raw, Writer out) throws IOException {
        csvRaw(java.util.List.of(raw), out);
    }

    /** Raw samples page by page ({@link RawPages}): each page is written before the next is read. */
    public static void csvRaw(Iterable<SeriesData> pages, Writer out) throws IOException {
        Writer w = new BufferedWriter(new NonClosing(out), 1 << 16);
        w.write("time,value,quality\n");
        for (SeriesData raw : pages) {
            for (int i = 0; i < raw.size(); i++) {
                w.write(Instant.ofEpochMilli(raw.time(i)).toString());
                w.write(',');
                w.write(number(raw.value(i)));
                w.write(',');
                w.write(raw.quality(i).name().toLowerCase(Locale.ROOT));
                w.write('\n');
            }
        }
        w.flush();
    }

    public static void csvRollup(RollupData rollup, Writer out) throws IOException {
        Writer w = new BufferedWriter(new NonClosing(out), 1 << 16);
        w.write("time,min,max,mean,count\n");
        for (int i = 0; i < rollup.size(); i++) {
            w.write(Instant.ofEpochMilli(rollup.starts()[i]).toString());
            w.write(',');
            w.write(number(rollup.min()[i]));
            w.write(',');
            w.write(number(rollup.max()[i]));
            w.write(',');
            w.write(number(rollup.mean(i)));
            w.write(',');
            w.write(Long.toString(rollup.count()[i]));
            w.write('\n');
        }
        w.flush();
    }

    /** {@code {"twin", "channel", "step", "points": [...]}}; exactly one of raw and rollup is non-null. */
    public static void json(SeriesKey key, Resolution resolution, SeriesData raw, RollupData rollup, Writer out,
                            boolean pretty) throws IOException {
        json(key, resolution, raw == null ? null : java.util.List.of(raw), rollup, out, pretty);
    }

    /**
     * As {@link #json(SeriesKey, Resolution, SeriesData, RollupData, Writer, boolean)} with the raw samples page by
     * page ({@link RawPages}): each page is written before the next is read.
     */
    public static void json(SeriesKey key, Resolution resolution, Iterable<SeriesData> rawPages, RollupData rollup,
                            Writer out, boolean pretty) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(new NonClosing(out))) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            g.writeStartObject();
            g.writeStringField("twin", key.twin().toString());
            g.writeStringField("channel", key.channelPath());
            g.writeStringField("step", stepName(resolution));
            g.writeArrayFieldStart("points");
            if (rawPages != null) {
                for (SeriesData raw : rawPages) {
                    for (int i = 0; i < raw.size(); i++) {
                        g.writeStartObject();
                        g.writeStringField("time", Instant.ofEpochMilli(raw.time(i)).toString());
                        numberField(g, "value", raw.value(i));
                        g.writeStringField("quality", raw.quality(i).name().toLowerCase(Locale.ROOT));
                        g.writeEndObject();
                    }
                }
            } else {
                for (int i = 0; i < rollup.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("time", Instant.ofEpochMilli(rollup.starts()[i]).toString());
                    numberField(g, "min", rollup.min()[i]);
                    numberField(g, "max", rollup.max()[i]);
                    numberField(g, "mean", rollup.mean(i));
                    g.writeNumberField("count", rollup.count()[i]);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.flush();
    }

    /** JSON has no NaN: a missing value is null. */
    private static void numberField(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Lets a writer on top close without closing the caller's stream. */
    private static final class NonClosing extends FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
