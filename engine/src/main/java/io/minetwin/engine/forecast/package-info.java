/** The engine's forecasting: the periodic and on-demand {@link io.minetwin.engine.forecast.Scorer}. */
package io.minetwin.engine.forecast;
