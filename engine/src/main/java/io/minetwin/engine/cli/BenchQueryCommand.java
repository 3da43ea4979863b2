package io.minetwin.engine.cli;

import io.minetwin.store.bench.QueryBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minetwin bench query}: long raw ranges and a year of hourly rollups. */
@Command(name = "query",
        mixinStandardHelpOptions = true,
        description = {"Read a long range of one series raw, against a raw RocksDB scan of the one-record-per-sample"
                + " layout measured in the same run, and a year of hourly rollups.",
                "Prints engine_points_per_s, baseline_points_per_s, ratio and rollup_year_ms."})
final class BenchQueryCommand extends WorkDirBenchCommand {

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
        requireAtLeastOne("--series, --samples and --queries", series, samples, queries);
        return runAndPrint("bench query", work -> QueryBenchmark.run(work, series, samples, queries, seed).figures());
    }
}
