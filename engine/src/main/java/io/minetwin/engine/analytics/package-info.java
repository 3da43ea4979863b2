/**
 * The store's events as analytics' label seam ({@link io.minetwin.engine.analytics.StoreLabelSource};
 * history needs no adapter: analytics reads the store's {@link io.minetwin.model.History} directly), and the C-MAPSS import
 * ({@link io.minetwin.engine.analytics.CmapssImporter}).
 */
package io.minetwin.engine.analytics;
