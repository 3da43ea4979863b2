/**
 * A Ditto-protocol WebSocket endpoint with an in-memory thing store, for tests of the Ditto sync and for
 * {@code minetwin bench ditto}.
 *
 * <p>Entry type: {@link io.minetwin.testkit.ditto.DittoTestEndpoint}.
 */
package io.minetwin.testkit.ditto;
