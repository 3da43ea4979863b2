/**
 * The engine's side of the OPC UA server for SCADA systems: {@link io.minetwin.engine.scada.ScadaConfig}
 * reads the {@code scada} section, {@link io.minetwin.engine.scada.ScadaHistory} serves the store's history
 * to HistoryRead, and {@code minetwin scada hash-password} makes user password hashes. The server itself is
 * {@link io.minetwin.connectors.opcua.server.ScadaServer}.
 */
package io.minetwin.engine.scada;
