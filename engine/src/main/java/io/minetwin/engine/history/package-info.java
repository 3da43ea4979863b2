/**
 * Moving history in and out of the store: historian CSV import and range queries.
 *
 * <p>Entry type: {@link io.minetwin.engine.history.HistoryCsvImporter}.
 */
package io.minetwin.engine.history;
