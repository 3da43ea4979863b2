/**
 * The OPC UA server of twin state, forecasts and history for SCADA systems; the entry type is
 * {@link io.minetwin.connectors.opcua.server.ScadaServer}, configured by
 * {@link io.minetwin.connectors.opcua.server.ScadaServerSettings} and fed history through
 * twin-model's {@link io.minetwin.model.SeriesReader} (HistoryRead in {@code HistoryReader}).
 */
package io.minetwin.connectors.opcua.server;
