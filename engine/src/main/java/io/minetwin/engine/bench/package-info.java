/**
 * Benchmarks of the engine's own paths against a baseline measured in the same run. Entry type:
 * {@link io.minetwin.engine.bench.OpcuaBenchmark} ({@code bench opcua}), with its server
 * {@link io.minetwin.engine.bench.OpcuaBenchServer} run as a separate process, and
 * {@link io.minetwin.engine.bench.EventsBenchmark} ({@code bench events}): the alerts API on a large event log.
 */
package io.minetwin.engine.bench;
