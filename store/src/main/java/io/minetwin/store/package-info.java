/**
 * Embedded persistence: time-series history with rollups, twin snapshots and the event log.
 *
 * <p>Entry type: {@link io.minetwin.store.Store} ({@code Store.open(dir, options)} on RocksDB,
 * {@code Store.inMemory(options)} for tests), which hands out the seams {@link io.minetwin.store.History},
 * {@link io.minetwin.store.TwinSnapshots} and {@link io.minetwin.store.EventLog}. Everything else
 * public is a value ({@link io.minetwin.store.Point}, {@link io.minetwin.store.SeriesData},
 * {@link io.minetwin.store.RollupData}, {@link io.minetwin.store.StoreOptions}, ...); the RocksDB
 * implementation and its on-disk formats are package-private.
 */
package io.minetwin.store;
