package io.minetwin.engine.cli;

import io.minetwin.engine.history.HistoryFormat;
import io.minetwin.model.History;
import io.minetwin.model.Resolution;
import io.minetwin.model.RollupData;
import io.minetwin.model.SeriesData;
import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
        if (fmt == Format.json) {
            HistoryFormat.json(key, resolution, raw, rollup, stdout, true);
            stdout.println();
        } else if (raw != null) {
            HistoryFormat.csvRaw(raw, stdout);
        } else {
            HistoryFormat.csvRollup(rollup, stdout);
        }
        stdout.flush();
    }
}
