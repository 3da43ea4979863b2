/**
 * The OPC UA client connector: {@link io.minetwin.connectors.opcua.OpcUaConnector} keeps twins in sync
 * with one server endpoint, configured by {@link io.minetwin.connectors.opcua.EndpointConfig}, and
 * delivers to an {@link io.minetwin.connectors.opcua.IngestSink}.
 */
package io.minetwin.connectors.opcua;
