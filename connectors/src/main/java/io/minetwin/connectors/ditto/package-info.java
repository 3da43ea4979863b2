/**
 * The Eclipse Ditto sync: {@link io.minetwin.connectors.ditto.DittoConnector} mirrors twins into a Ditto
 * cluster over its WebSocket (Ditto Java client), configured by
 * {@link io.minetwin.connectors.ditto.DittoSettings} and reporting a
 * {@link io.minetwin.connectors.ditto.DittoStatus}.
 */
package io.minetwin.connectors.ditto;
