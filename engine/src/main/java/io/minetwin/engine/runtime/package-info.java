/**
 * The running engine's core: applying sample batches to twins with durable history, outcome counts
 * and twin snapshots.
 *
 * <p>Entry type: {@link io.minetwin.engine.runtime.TwinService}.
 */
package io.minetwin.engine.runtime;
