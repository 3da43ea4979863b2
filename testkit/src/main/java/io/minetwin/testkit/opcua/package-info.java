/**
 * An in-process Eclipse Milo server for tests of OPC UA clients: variables at given paths, security None
 * and SignAndEncrypt, user logins, HistoryRead, stop and restart on the same port.
 *
 * <p>Entry type: {@link io.minetwin.testkit.opcua.TestServer}.
 */
package io.minetwin.testkit.opcua;
