package io.minetwin.engine.cli;

import io.minetwin.store.bench.IngestBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minetwin bench ingest}: the store's append path in both durability modes against one RocksDB record per sample. */
@Command(name = "ingest",
        mixinStandardHelpOptions = true,
        description = {"Append timestamp-major telemetry through the store's durable append path, once with"
                + " history.durability acknowledged (fsync'd log) and once with process (no fsync), and in the same"
                + " run the same samples as one RocksDB record per sample (14-byte key) in WriteBatches of 1,000"
                + " with the WAL on.",
                "Prints durability_acknowledged_samples_per_s, durability_process_samples_per_s,"
                + " baseline_samples_per_s, ratio (acknowledged against the baseline) and bytes_per_sample; then 8"
                + " concurrent writers of 100-sample appends in both modes, with the appends that shared one fsync."})
final class BenchIngestCommand extends WorkDirBenchCommand {

    @Option(names = "--series", paramLabel = "N", defaultValue = "" + IngestBenchmark.DEFAULT_SERIES,
            description = "Number of series (default: ${DEFAULT-VALUE}).")
    int series;

    @Option(names = "--samples", paramLabel = "M", defaultValue = "" + IngestBenchmark.DEFAULT_SAMPLES_PER_SERIES,
            description = "Samples per series, one per second (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "" + IngestBenchmark.DEFAULT_SEED, description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        requireAtLeastOne("--series and --samples", series, samples);
        return runAndPrint("bench ingest", work -> IngestBenchmark.run(work, series, samples, seed).figures());
    }
}
