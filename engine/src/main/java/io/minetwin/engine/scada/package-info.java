/**
 * The engine's side of the OPC UA server for SCADA systems: {@link io.minetwin.engine.scada.ScadaConfig}
 * reads the {@code scada} section (the server reads the store's history directly, through twin-model's
 * {@link io.minetwin.model.SeriesReader})
 * and {@code minetwin scada hash-password} makes user password hashes. The server itself is
 * {@link io.minetwin.connectors.opcua.server.ScadaServer}.
 */
package io.minetwin.engine.scada;
