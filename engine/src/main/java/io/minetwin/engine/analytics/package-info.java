/**
 * Adapters from the store to analytics' seams: {@link io.minetwin.engine.analytics.StoreHistorySource}
 * and {@link io.minetwin.engine.analytics.StoreLabelSource}, and the C-MAPSS import
 * ({@link io.minetwin.engine.analytics.CmapssImporter}).
 */
package io.minetwin.engine.analytics;
