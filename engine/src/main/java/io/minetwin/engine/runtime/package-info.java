/**
 * The running engine: {@link io.minetwin.engine.runtime.Engine} builds its parts from the configuration over
 * an open store (twin service, OPC UA ingest, Ditto sync, forecast scorer, SCADA server, REST API and
 * dashboard) and closes them in the order that loses nothing; {@link io.minetwin.engine.runtime.TwinService}
 * is its core, applying sample batches to twins with durable history, outcome counts and twin snapshots.
 *
 * <p>Entry type: {@link io.minetwin.engine.runtime.Engine}.
 */
package io.minetwin.engine.runtime;
