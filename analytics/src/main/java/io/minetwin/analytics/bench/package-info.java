/**
 * Accuracy benchmarks of the analytics pipeline on public data sets, reported against the published
 * figures: {@link io.minetwin.analytics.bench.CmapssBenchmark} ({@code minetwin benchmark cmapss}) runs NASA
 * C-MAPSS through the same remaining-useful-life pipeline as the fleet. The data set and its metrics are in
 * {@code io.minetwin.analytics.cmapss}.
 */
package io.minetwin.analytics.bench;
