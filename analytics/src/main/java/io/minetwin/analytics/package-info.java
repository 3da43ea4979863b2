/**
 * Predictive analytics on twin histories: the seams to history ({@link io.minetwin.analytics.HistorySource})
 * and to maintenance records ({@link io.minetwin.analytics.LabelSource}) that the engine implements.
 *
 * <p>Features live in {@code features}, the remaining-useful-life pipeline in {@code rul}, the model
 * registry in {@code registry}, maintenance records in {@code labels} and the NASA C-MAPSS reader in
 * {@code cmapss}.
 */
package io.minetwin.analytics;
