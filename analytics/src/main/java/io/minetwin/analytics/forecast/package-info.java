/**
 * Failure forecasts for twin components: training ({@link io.minetwin.analytics.forecast.ComponentTrainer}),
 * the trained bundle that forecasts ({@link io.minetwin.analytics.forecast.ComponentModels}), alert levels
 * with hysteresis ({@link io.minetwin.analytics.forecast.AlertPolicy}) and backtests
 * ({@link io.minetwin.analytics.forecast.Backtest}).
 */
package io.minetwin.analytics.forecast;
