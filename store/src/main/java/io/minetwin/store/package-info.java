/**
 * Embedded persistence: time-series history with rollups, twin snapshots and the event log.
 *
 * <p>Entry types: {@link io.minetwin.store.History}, {@link io.minetwin.store.Point}.
 */
package io.minetwin.store;
