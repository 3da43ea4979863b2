/**
 * Eclipse Milo server support shared by every OPC UA server in minetwin (the simulator's, the SCADA server,
 * the bench server and the test server): {@link io.minetwin.milo.server.MiloServers} builds the server over
 * opc.tcp and its certificate manager, {@link io.minetwin.milo.server.SampledNamespace} is a namespace whose
 * monitored items Milo's {@code SubscriptionModel} samples.
 *
 * <p>Entry type: {@link io.minetwin.milo.server.MiloServers}.
 */
package io.minetwin.milo.server;
