package io.minetwin.engine.cli;

import io.minetwin.store.bench.QueryBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minetwin bench query}: long raw ranges and a year of hourly rollups. */
@Command(name = "query",
        mixinStandardHelpOptions = true,
        description = {"Read a long range of one series raw, against a raw RocksDB scan of the one-record-per-sample"
                + " layout measured in the same run, and a year of hourly rollups.",
                "Prints engine_points_per_s, baseline_points_per_s, ratio and rollup_year_ms."})
final class BenchQueryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption json;

    @Mixin
    BenchDirOption dir;

    @Option(names = "--series", paramLabel = "N", defaultValue = "" + QueryBenchmark.DEFAULT_SERIES,
            description = "Series stored for the raw reads (default: ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--samples", paramLabel = "M", defaultValue = "" + QueryBenchmark.DEFAULT_SAMPLES_PER_SERIES,
            description = "Samples per series, one per second (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--queries", paramLabel = "Q", defaultValue = "" + QueryBenchmark.DEFAULT_QUERIES,
            description = "Raw range reads timed (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", defaultValue = "" + QueryBenchmark.DEFAULT_SEED,
            description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (series < 1 || samples < 1 || queries < 1) {
            throw new CliException("--series, --samples and --queries must be at least 1", 2);
        }
        var result = dir.run(work -> QueryBenchmark.run(work, series, samples, queries, seed));
        BenchOutput.print(spec.commandLine().getOut(), json.enabled, "bench query", result.figures());
        return 0;
    }
}
