package io.minetwin.engine.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import io.minetwin.store.History;
import io.minetwin.store.Resolution;
import io.minetwin.store.RollupData;
import io.minetwin.store.SeriesData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin history query}: one channel's history as CSV or JSON on stdout. */
@Command(name = "query",
        mixinStandardHelpOptions = true,
        description = {"Print one channel's history, raw or as 1-minute / 1-hour rollups, as CSV or JSON.",
                "Raw rows are time,value,quality; rollup rows are time,min,max,mean,count (good samples only)."})
final class HistoryQueryCommand implements Callable<Integer> {

    enum Format { csv, json }

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Option(names = "--twin", required = true, paramLabel = "ID", description = "Twin id, e.g. baiyun:shovel-07.")
    String twin;

    @Option(names = "--channel", required = true, paramLabel = "COMPONENT.CHANNEL",
            description = "Channel, e.g. hoist-motor.winding-temp.")
    String channel;

    @Option(names = "--from", paramLabel = "T", converter = InstantConverter.class,
            description = "Start (inclusive), ISO-8601 instant or date; default: the beginning.")
    Instant from;

    @Option(names = "--to", paramLabel = "T", converter = InstantConverter.class,
            description = "End (exclusive), ISO-8601 instant or date; default: no end.")
    Instant to;

    @Option(names = "--step", paramLabel = "raw|1m|1h", defaultValue = "raw",
            description = "Resolution: raw samples, or rollups per minute (1m) or hour (1h). Default: ${DEFAULT-VALUE}.")
    String step;

    @Option(names = "--format", defaultValue = "csv", description = "csv or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--json", description = "Same as --format json.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        SeriesKey key = SeriesKey.of(TwinId.parse(twin), channel);
        Resolution resolution;
        try {
            resolution = Resolution.parse(step);
        } catch (IllegalArgumentException e) {
            throw new CliException("--step: " + e.getMessage());
        }
        long fromMs = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long toMs = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        if (fromMs >= toMs) {
            throw new CliException("--from " + from + " is not before --to " + to + "; the range is empty");
        }
        Format fmt = json ? Format.json : format;
        try (var store = storeOptions.openExistingStore()) {
            History history = store.history();
            if (!history.series().contains(key)) {
                throw new CliException("no history for " + key + " in " + storeOptions.dataDir()
                        + "; 'minetwin history series --data DIR' lists the stored series", 1);
            }
            PrintWriter stdout = spec.commandLine().getOut();
            if (resolution == Resolution.RAW) {
                write(fmt, key, resolution, history.read(key, fromMs, toMs), null, stdout);
            } else {
                write(fmt, key, resolution, null, history.readRollup(key, resolution, fromMs, toMs), stdout);
            }
        }
        return 0;
    }

    private static void write(Format fmt, SeriesKey key, Resolution resolution, SeriesData raw, RollupData rollup,
                              PrintWriter stdout) throws IOException {
        if (fmt == Format.csv) {
            Writer w = new BufferedWriter(stdout, 1 << 16);
            if (raw != null) {
                w.write("time,value,quality\n");
                for (int i = 0; i < raw.size(); i++) {
                    w.write(Instant.ofEpochMilli(raw.time(i)).toString());
                    w.write(',');
                    w.write(number(raw.value(i)));
                    w.write(',');
                    w.write(raw.quality(i).name().toLowerCase(Locale.ROOT));
                    w.write('\n');
                }
            } else {
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
            }
            w.flush();
            return;
        }
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(new NonClosing(stdout))) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("twin", key.twin().toString());
            g.writeStringField("channel", key.channelPath());
            g.writeStringField("step", switch (resolution) {
                case RAW -> "raw";
                case MINUTE -> "1m";
                case HOUR -> "1h";
            });
            g.writeArrayFieldStart("points");
            if (raw != null) {
                for (int i = 0; i < raw.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("time", Instant.ofEpochMilli(raw.time(i)).toString());
                    numberField(g, "value", raw.value(i));
                    g.writeStringField("quality", raw.quality(i).name().toLowerCase(Locale.ROOT));
                    g.writeEndObject();
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
        stdout.println();
        stdout.flush();
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

    /** Lets the JSON generator close without closing stdout. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
