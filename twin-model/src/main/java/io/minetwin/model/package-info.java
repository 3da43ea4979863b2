/**
 * The twin model: asset types, twins and the validation of incoming samples, in plain Java.
 *
 * <p>Entry type: {@link io.minetwin.model.TwinRepository} (in memory: {@link io.minetwin.model.InMemoryTwinRepository}),
 * which applies {@link io.minetwin.model.Sample}s to twins and answers each with an
 * {@link io.minetwin.model.ApplyResult}. Asset types are {@link io.minetwin.model.AssetType} /
 * {@link io.minetwin.model.ComponentType} / {@link io.minetwin.model.ChannelSpec}; a site's twins are a
 * {@link io.minetwin.model.Fleet}; {@link io.minetwin.model.DittoThing} is the JSON view and snapshot format.
 */
package io.minetwin.model;
