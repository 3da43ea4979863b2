/**
 * Benchmarks of the engine's own paths against a baseline measured in the same run:
 * {@link io.minetwin.engine.bench.OpcuaBenchmark} ({@code bench opcua}), with its server
 * {@link io.minetwin.engine.bench.OpcuaBenchServer} run as a separate process, and
 * {@link io.minetwin.engine.bench.DittoBenchmark} ({@code bench ditto}), and
 * {@link io.minetwin.engine.bench.EventsBenchmark} ({@code bench events}: the alerts API on a large event log).
 * Their figures go through the shared harness {@link io.minetwin.model.bench.BenchFigures}; the picocli commands
 * that run them are in {@code engine/cli} ({@code Bench*Command}) beside every other command. The SCADA
 * server's benchmark stays beside the server in {@code engine/scada} for now.
 */
package io.minetwin.engine.bench;
