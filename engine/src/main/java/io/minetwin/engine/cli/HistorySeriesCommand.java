package io.minetwin.engine.cli;

import io.minetwin.model.SeriesKey;
import io.minetwin.model.TwinId;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin history series}: which series the store holds. */
@Command(name = "series",
        mixinStandardHelpOptions = true,
        description = "List the stored series as twin component.channel, optionally of one twin.")
final class HistorySeriesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptionsMixin storeOptions;

    @Mixin
    JsonOption json;

    @Option(names = "--twin", paramLabel = "ID", description = "Only this twin's series, e.g. baiyun:shovel-07.")
    String twin;

    record Row(String twin, String channel) {
    }

    @Override
    public Integer call() {
        TwinId only = twin == null ? null : TwinId.parse(twin);
        List<SeriesKey> keys;
        try (var store = storeOptions.openExistingStore()) {
            keys = store.history().series().stream()
                    .filter(k -> only == null || k.twin().equals(only))
                    .sorted()
                    .toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled) {
            Json.print(out, keys.stream()
                    .map(k -> new Row(k.twin().toString(), k.channelPath()))
                    .toList());
        } else {
            keys.forEach(k -> out.println(k.twin() + " " + k.channelPath()));
            out.flush();
        }
        return 0;
    }
}
