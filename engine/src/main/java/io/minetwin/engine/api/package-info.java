/**
 * The REST API served by the engine: twins, history, status and metrics behind bearer tokens.
 *
 * <p>Entry type: {@link io.minetwin.engine.api.ApiServer}.
 */
package io.minetwin.engine.api;
