/**
 * Embedded persistence: time-series history with rollups, twin snapshots and the event log.
 *
 * <p>Entry type: {@link io.minetwin.store.Store} ({@code Store.open(dir, options)} on RocksDB,
 * {@code Store.inMemory(options)} for tests), which hands out the seams {@link io.minetwin.model.History},
 * {@link io.minetwin.store.TwinSnapshots} and {@link io.minetwin.model.EventLog}. Everything else
 * public is a value ({@link io.minetwin.model.Point}, {@link io.minetwin.model.SeriesData},
 * {@link io.minetwin.model.RollupData}, {@link io.minetwin.store.StoreOptions}, ...); the RocksDB
 * implementation and its on-disk formats are package-private.
 */
package io.minetwin.store;
