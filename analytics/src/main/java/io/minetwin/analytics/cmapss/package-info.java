/**
 * The NASA C-MAPSS turbofan benchmark run through the same remaining-useful-life pipeline as the fleet:
 * the data set ({@link io.minetwin.analytics.cmapss.CmapssData}), how its engines become twins with history
 * and failure events ({@link io.minetwin.analytics.cmapss.CmapssFleet}), and the standard RMSE and PHM08
 * score ({@link io.minetwin.analytics.cmapss.RulMetrics}).
 *
 * <p>The benchmark that runs it is {@code io.minetwin.analytics.bench.CmapssBenchmark}
 * ({@code minetwin benchmark cmapss}).
 */
package io.minetwin.analytics.cmapss;
