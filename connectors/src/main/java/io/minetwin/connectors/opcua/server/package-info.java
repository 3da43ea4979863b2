/**
 * The OPC UA server of twin state, forecasts and history for SCADA systems; the entry type is
 * {@link io.minetwin.connectors.opcua.server.ScadaServer}, configured by
 * {@link io.minetwin.connectors.opcua.server.ScadaServerSettings} and fed history through
 * {@link io.minetwin.connectors.opcua.server.HistorySource}.
 */
package io.minetwin.connectors.opcua.server;
