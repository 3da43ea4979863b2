/**
 * Failure forecasts for twin components, from history to alert decisions: training
 * ({@link io.minetwin.analytics.forecast.ComponentTrainer}), the trained bundle that forecasts
 * ({@link io.minetwin.analytics.forecast.ComponentModels}), the scorer that applies the active models to
 * the live twins and writes health, forecast history and alert events
 * ({@link io.minetwin.analytics.forecast.Scorer}, the entry type at run time), alert levels with
 * hysteresis ({@link io.minetwin.analytics.forecast.AlertPolicy}), cold-start life priors for components
 * without a model ({@link io.minetwin.analytics.forecast.LifePriors}) and backtests
 * ({@link io.minetwin.analytics.forecast.Backtest}).
 */
package io.minetwin.analytics.forecast;
