/**
 * The Ditto sync in the engine: {@link io.minetwin.engine.ditto.DittoConfig} reads the {@code ditto}
 * section and {@link io.minetwin.engine.ditto.DittoSync} ties the connector to the twin repository. Its
 * benchmark is {@code io.minetwin.engine.bench.DittoBenchmark}.
 */
package io.minetwin.engine.ditto;
