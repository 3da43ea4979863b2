/**
 * When the engine forecasts: {@link io.minetwin.engine.forecast.ForecastSettings}, the configuration's
 * {@code forecasts} section. The scorer itself is analytics' {@link io.minetwin.analytics.forecast.Scorer};
 * the engine builds it over the store and schedules it.
 */
package io.minetwin.engine.forecast;
