/**
 * The benchmarks' shared harness: {@link io.minetwin.model.bench.BenchFigures} holds, rounds and prints a
 * benchmark's figures (text or JSON) with the ratio against a baseline measured in the same run. The
 * benchmarks themselves live in the {@code bench} package of the module they measure.
 */
package io.minetwin.model.bench;
