/**
 * Benchmarks of the engine's own paths against a baseline measured in the same run:
 * {@link io.minetwin.engine.bench.OpcuaBenchmark} ({@code bench opcua}), with its server
 * {@link io.minetwin.engine.bench.OpcuaBenchServer} run as a separate process,
 * {@link io.minetwin.engine.bench.DittoBenchmark} ({@code bench ditto}),
 * {@link io.minetwin.engine.bench.EventsBenchmark} ({@code bench events}: the alerts API on a large event log) and
 * {@link io.minetwin.engine.bench.ScadaBenchmark} ({@code bench scada}: the OPC UA server for SCADA systems at
 * fleet scale). {@code bench scale} runs benches at three sizes each: {@link io.minetwin.engine.bench.ScaleCurve}
 * fits how a cost grows with size and {@link io.minetwin.engine.bench.ScaleChart} draws it as a PNG (JFreeChart).
 * Their figures go through the shared harness {@link io.minetwin.model.bench.BenchFigures}; the picocli commands
 * that run them are in {@code engine/cli} ({@code Bench*Command}) beside every other command. The fault
 * suite ({@code bench faults}), which runs the engine as a separate process under real faults, has a package of
 * its own, {@code engine/faults}.
 */
package io.minetwin.engine.bench;
