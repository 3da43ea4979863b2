/**
 * Predictive analytics on twin histories: history comes in through twin-model's
 * {@link io.minetwin.model.SeriesReader} (the store's history, or an in-memory one in tests), maintenance
 * records through {@link io.minetwin.analytics.LabelSource}, which the engine implements.
 *
 * <p>Features live in {@code features}, the remaining-useful-life pipeline in {@code rul}, the model
 * registry in {@code registry}, maintenance records in {@code labels} and the NASA C-MAPSS reader in
 * {@code cmapss}.
 */
package io.minetwin.analytics;
