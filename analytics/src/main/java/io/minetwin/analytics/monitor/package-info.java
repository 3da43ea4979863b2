/**
 * The closed loop around the forecast models: how an active model's forecasts turned out since it became
 * active ({@link io.minetwin.analytics.monitor.LiveOutcomes}), how far the rows it scores drifted from its
 * training rows ({@link io.minetwin.analytics.monitor.DriftWindow}, {@link io.minetwin.analytics.monitor.DriftTracker}),
 * and whether to retrain it ({@link io.minetwin.analytics.monitor.ModelMonitor}).
 */
package io.minetwin.analytics.monitor;
