/**
 * Benchmarks of the store against one RocksDB record per sample, measured in the same run.
 *
 * <p>Entry types: {@link io.minetwin.store.bench.IngestBenchmark} and
 * {@link io.minetwin.store.bench.QueryBenchmark}; each {@code run(...)} returns a record whose
 * {@code figures()} / {@code toJson()} the CLI prints. {@link io.minetwin.store.bench.CoarseIngestBenchmark}
 * measures ingest of sparse series in large batches, the way a generated fleet history is written.
 * {@link io.minetwin.store.bench.ScaleProbes} measures single points of {@code bench scale}'s cost curves.
 */
package io.minetwin.store.bench;
