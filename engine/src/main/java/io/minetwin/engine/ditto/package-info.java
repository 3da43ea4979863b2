/**
 * The Ditto sync in the engine: {@link io.minetwin.engine.ditto.DittoConfig} reads the {@code ditto}
 * section, {@link io.minetwin.engine.ditto.DittoSync} ties the connector to the twin repository, and
 * {@link io.minetwin.engine.ditto.DittoBenchmark} measures a sync against any Ditto-protocol endpoint.
 */
package io.minetwin.engine.ditto;
